package org.kizashi.telescope.capture;

import java.io.IOException;

/** Reads the records of one container format from an {@link InputBuffer} and hands their frames to a sink. */
abstract class RecordReader {
    /** Captured lengths above this are corrupt records, whatever the snap length says (libpcap's own limit). */
    static final int MAX_CAPTURED_LENGTH = 262_144;

    final InputBuffer in;
    final String source;
    /** Frames delivered so far, over all calls. */
    long frames;

    RecordReader(InputBuffer in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * Delivers frames until the stream ends (returns true) or {@code maxFrames} more have been delivered (returns
     * false).
     */
    abstract boolean read(FrameSink sink, long maxFrames) throws IOException;

    final CaptureFormatException fault(long offset, String fault) {
        return new CaptureFormatException(source, offset, frames, fault);
    }

    /** The largest captured length a record may have under a snap length (0 or absurd snap lengths: no limit). */
    static int capturedLimit(long snapLength) {
        return snapLength <= 0 || snapLength > MAX_CAPTURED_LENGTH ? MAX_CAPTURED_LENGTH : (int) snapLength;
    }

    final String capturedTooLong(long captured, int limit) {
        return "captured length " + captured + " exceeds "
                + (limit == MAX_CAPTURED_LENGTH ? "a sane maximum (" + MAX_CAPTURED_LENGTH + ")" : "snap length " + limit);
    }
}

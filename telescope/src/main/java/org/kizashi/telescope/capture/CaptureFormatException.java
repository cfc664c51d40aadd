package org.kizashi.telescope.capture;

import java.io.IOException;

/**
 * The capture is not one, or is damaged. It is a checked {@link IOException} because bad input is an I/O condition
 * callers must plan for: catch it before {@code IOException} to tell a damaged capture from a failing disk.
 *
 * <p>It names where reading stopped: the {@link #source()}, the {@link #offset()} in the uncompressed stream of the
 * header (file header, record or block) at fault, and how many frames were delivered before, so that a caller can
 * keep what was read (a capture killed mid-write ends with a truncated record, the common case).
 */
public final class CaptureFormatException extends IOException {
    private final String source;
    private final long offset;
    private final long framesDelivered;
    private final String fault;

    public CaptureFormatException(String source, long offset, long framesDelivered, String fault) {
        this(source, offset, framesDelivered, fault, null);
    }

    public CaptureFormatException(String source, long offset, long framesDelivered, String fault, Throwable cause) {
        super(source + ": " + fault + " at byte offset " + offset + " (" + framesDelivered + " frames read before)",
                cause);
        this.source = source;
        this.offset = offset;
        this.framesDelivered = framesDelivered;
        this.fault = fault;
    }

    /** The file name, or "standard input", or the name given for a stream. */
    public String source() {
        return source;
    }

    /** Byte offset, in the uncompressed stream, of the header (file header, record, block) at fault. */
    public long offset() {
        return offset;
    }

    /** Frames delivered to the sink before the fault: all of them are good. */
    public long framesDelivered() {
        return framesDelivered;
    }

    /** What is wrong, without source and offset, e.g. "truncated packet data: 10 of 60 bytes". */
    public String fault() {
        return fault;
    }
}

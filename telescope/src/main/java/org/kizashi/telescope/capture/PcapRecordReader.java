package org.kizashi.telescope.capture;

import java.io.IOException;

/** Classic pcap: a 24-byte file header, then records of a 16-byte header (24 in the modified format) and data. */
final class PcapRecordReader extends RecordReader {
    static final int FILE_HEADER_LENGTH = 24;

    private final boolean bigEndian;
    private final int recordHeaderLength;
    private final long fractionToNanos;
    private final int linkType;
    private final int capturedLimit;

    private PcapRecordReader(InputBuffer in, String source, CaptureFormat format, boolean bigEndian, int linkType,
                             long snapLength) {
        super(in, source);
        this.bigEndian = bigEndian;
        this.recordHeaderLength = format == CaptureFormat.PCAP_MODIFIED ? 24 : 16;
        this.fractionToNanos = format == CaptureFormat.PCAP_NANOSECONDS ? 1 : 1000;
        this.linkType = linkType;
        this.capturedLimit = capturedLimit(snapLength);
    }

    /** Reads the file header (the magic already identified {@code format} and byte order). */
    static PcapRecordReader open(InputBuffer in, String source, CaptureFormat format, boolean bigEndian)
            throws IOException {
        if (!in.request(FILE_HEADER_LENGTH)) {
            throw new CaptureFormatException(source, in.position(), 0,
                    "truncated file header: " + in.available() + " of " + FILE_HEADER_LENGTH + " bytes");
        }
        byte[] b = in.buffer;
        int p = in.pos;
        long snapLength = Bytes.uint32(b, p + 16, bigEndian);
        // The upper bits of the link type field carry FCS information (LT_FCS_LENGTH), not the type.
        int linkType = Bytes.int32(b, p + 20, bigEndian) & 0x03ff_ffff;
        in.pos = p + FILE_HEADER_LENGTH;
        return new PcapRecordReader(in, source, format, bigEndian, linkType, snapLength);
    }

    int linkType() {
        return linkType;
    }

    @Override
    boolean read(FrameSink sink, long maxFrames) throws IOException {
        InputBuffer in = this.in;
        int headerLength = recordHeaderLength;
        for (long delivered = 0; delivered < maxFrames; delivered++) {
            if (!in.request(headerLength)) {
                if (in.available() == 0) {
                    return true;
                }
                throw fault(in.position(),
                        "truncated record header: " + in.available() + " of " + headerLength + " bytes");
            }
            byte[] b = in.buffer;
            int p = in.pos;
            int captured = Bytes.int32(b, p + 8, bigEndian);
            if (captured < 0 || captured > capturedLimit) {
                throw fault(in.position(), capturedTooLong(captured & 0xffff_ffffL, capturedLimit));
            }
            if (!in.request(headerLength + captured)) {
                throw fault(in.position(), "truncated packet data: " + (in.available() - headerLength) + " of "
                        + captured + " bytes");
            }
            b = in.buffer;
            p = in.pos;
            long seconds = Bytes.uint32(b, p, bigEndian);
            long fraction = Bytes.uint32(b, p + 4, bigEndian);
            int original = Bytes.int32(b, p + 12, bigEndian);
            in.pos = p + headerLength + captured;
            sink.frame(seconds * 1_000_000_000L + fraction * fractionToNanos, linkType, b, p + headerLength, captured,
                    original < 0 ? Integer.MAX_VALUE : original);
            frames++;
        }
        return false;
    }
}

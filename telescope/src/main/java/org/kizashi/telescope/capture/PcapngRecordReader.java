package org.kizashi.telescope.capture;

import java.io.IOException;
import java.util.Arrays;

/**
 * pcapng: sections, each a Section Header Block (which sets the byte order) followed by Interface Description Blocks
 * and packet blocks that refer to an interface by its index in the section. Blocks of other types are skipped by
 * their length, without buffering them.
 */
final class PcapngRecordReader extends RecordReader {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int ENHANCED_PACKET = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** Larger blocks that we must parse are corrupt (a packet block is at most 262,144 bytes of data + options). */
    static final int MAX_PARSED_BLOCK_LENGTH = 16 << 20;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private boolean bigEndian;
    private boolean inSection;

    // The interfaces of the current section, by index.
    private int interfaceCount;
    private int[] linkTypes = new int[4];
    private long[] snapLengths = new long[4];
    private int[] capturedLimits = new int[4];
    /** Timestamp units to nanoseconds: multiply by this when positive, ... */
    private long[] unitMultipliers = new long[4];
    /** ... else divide by this when positive, ... */
    private long[] unitDivisors = new long[4];
    /** ... else units are 2^-shift seconds. */
    private int[] binaryShifts = new int[4];
    private long[] offsetNanos = new long[4];

    /** Simple Packet Blocks carry no time: they get the previous packet's, so that time windows stay sensible. */
    private long lastTimestamp;

    PcapngRecordReader(InputBuffer in, String source) {
        super(in, source);
    }

    @Override
    boolean read(FrameSink sink, long maxFrames) throws IOException {
        InputBuffer in = this.in;
        long delivered = 0;
        while (delivered < maxFrames) {
            if (!in.request(12)) {
                if (in.available() == 0) {
                    return true;
                }
                throw fault(in.position(), "truncated block header: " + in.available() + " of 12 bytes");
            }
            byte[] b = in.buffer;
            int p = in.pos;
            int type = Bytes.int32(b, p, bigEndian);
            if (type == SECTION_HEADER) { // a palindrome: the same in either byte order
                readSectionHeader();
                continue;
            }
            if (!inSection) {
                throw fault(in.position(), "block of type " + Bytes.unsigned(type) + " before any section header");
            }
            long length = Bytes.uint32(b, p + 4, bigEndian);
            if (length < 12 || (length & 3) != 0) {
                throw fault(in.position(), "corrupt pcapng block length " + length + " (block type "
                        + Bytes.unsigned(type) + ")");
            }
            switch (type) {
                case ENHANCED_PACKET, PACKET, SIMPLE_PACKET -> {
                    b = requireBlock(type, length);
                    p = in.pos;
                    deliver(sink, type, b, p, (int) length);
                    delivered++;
                }
                case INTERFACE_DESCRIPTION -> {
                    b = requireBlock(type, length);
                    readInterfaceDescription(b, in.pos, (int) length);
                }
                default -> skipBlock(type, length);
            }
        }
        return false;
    }

    /** Buffers the whole block and checks that its trailing length repeats the leading one. */
    private byte[] requireBlock(int type, long length) throws IOException {
        if (length > MAX_PARSED_BLOCK_LENGTH) {
            throw fault(in.position(), "corrupt pcapng block length " + length + " (block type " + Bytes.unsigned(type)
                    + ", more than " + MAX_PARSED_BLOCK_LENGTH + ")");
        }
        int n = (int) length;
        if (!in.request(n)) {
            throw fault(in.position(), "truncated " + blockName(type) + ": " + in.available() + " of " + n + " bytes");
        }
        byte[] b = in.buffer;
        int trailer = Bytes.int32(b, in.pos + n - 4, bigEndian);
        if (trailer != n) {
            throw fault(in.position(), "corrupt pcapng block length: " + n + " at the start of the " + blockName(type)
                    + ", " + Bytes.unsigned(trailer) + " at its end");
        }
        return b;
    }

    private void skipBlock(int type, long length) throws IOException {
        long start = in.position();
        long body = length - 4;
        long skipped = in.skip(body);
        if (skipped < body || !in.request(4)) {
            throw fault(start, "truncated " + blockName(type) + ": " + (skipped + (skipped < body ? 0 : in.available()))
                    + " of " + length + " bytes");
        }
        int trailer = Bytes.int32(in.buffer, in.pos, bigEndian);
        if (trailer != length) {
            throw fault(start, "corrupt pcapng block length: " + length + " at the start of the " + blockName(type)
                    + ", " + Bytes.unsigned(trailer) + " at its end");
        }
        in.pos += 4;
    }

    private void readSectionHeader() throws IOException {
        byte[] b = in.buffer;
        int p = in.pos;
        int magic = Bytes.int32(b, p + 8, true);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            bigEndian = false;
        } else {
            throw fault(in.position(), String.format("corrupt section header: byte-order magic 0x%08x", magic));
        }
        long length = Bytes.uint32(b, p + 4, bigEndian);
        if (length < 28 || (length & 3) != 0) {
            throw fault(in.position(), "corrupt pcapng block length " + length + " (section header)");
        }
        b = requireBlock(SECTION_HEADER, length);
        p = in.pos;
        int major = Bytes.uint16(b, p + 12, bigEndian);
        if (major != 1) {
            throw fault(in.position(), "unsupported pcapng version " + major + "." + Bytes.uint16(b, p + 14, bigEndian));
        }
        interfaceCount = 0; // interface indexes restart in every section
        inSection = true;
        in.pos = p + (int) length;
    }

    private void readInterfaceDescription(byte[] b, int p, int length) throws IOException {
        if (length < 20) {
            throw fault(in.position(), "corrupt pcapng block length " + length + " (interface description)");
        }
        int linkType = Bytes.uint16(b, p + 8, bigEndian);
        long snapLength = Bytes.uint32(b, p + 12, bigEndian);
        int resolution = 6; // microseconds unless if_tsresol says otherwise
        long offsetSeconds = 0;
        int q = p + 16;
        int end = p + length - 4;
        while (q + 4 <= end) {
            int code = Bytes.uint16(b, q, bigEndian);
            int optionLength = Bytes.uint16(b, q + 2, bigEndian);
            int value = q + 4;
            if (code == OPTION_END || value + optionLength > end) {
                break; // a damaged option list costs only the options
            }
            if (code == OPTION_IF_TSRESOL && optionLength >= 1) {
                resolution = b[value] & 0xff;
            } else if (code == OPTION_IF_TSOFFSET && optionLength >= 8) {
                offsetSeconds = Bytes.int64(b, value, bigEndian);
            }
            q = value + ((optionLength + 3) & ~3);
        }
        int i = interfaceCount;
        if (i == linkTypes.length) {
            grow();
        }
        linkTypes[i] = linkType;
        snapLengths[i] = snapLength;
        capturedLimits[i] = capturedLimit(snapLength);
        unitMultipliers[i] = 0;
        unitDivisors[i] = 0;
        binaryShifts[i] = 0;
        if ((resolution & 0x80) != 0) {
            int shift = resolution & 0x7f;
            if (shift > 63) {
                throw fault(in.position(), String.format("unsupported if_tsresol 0x%02x (2^-%d seconds)", resolution, shift));
            }
            binaryShifts[i] = shift;
        } else if (resolution <= 9) {
            unitMultipliers[i] = POWERS_OF_TEN[9 - resolution];
        } else if (resolution < POWERS_OF_TEN.length) {
            unitDivisors[i] = POWERS_OF_TEN[resolution - 9];
        } else {
            throw fault(in.position(), String.format("unsupported if_tsresol 0x%02x (10^-%d seconds)", resolution,
                    resolution));
        }
        offsetNanos[i] = offsetSeconds * 1_000_000_000L;
        interfaceCount++;
        in.pos = p + length;
    }

    private void grow() {
        int n = linkTypes.length * 2;
        linkTypes = Arrays.copyOf(linkTypes, n);
        snapLengths = Arrays.copyOf(snapLengths, n);
        capturedLimits = Arrays.copyOf(capturedLimits, n);
        unitMultipliers = Arrays.copyOf(unitMultipliers, n);
        unitDivisors = Arrays.copyOf(unitDivisors, n);
        binaryShifts = Arrays.copyOf(binaryShifts, n);
        offsetNanos = Arrays.copyOf(offsetNanos, n);
    }

    /** Hands a packet block's frame to the sink; the block is wholly buffered at {@code p}. */
    private void deliver(FrameSink sink, int type, byte[] b, int p, int length) throws IOException {
        int iface;
        long timestamp;
        int captured;
        int original;
        int data;
        if (type == SIMPLE_PACKET) {
            if (length < 16) {
                throw fault(in.position(), "corrupt pcapng block length " + length + " (simple packet)");
            }
            if (interfaceCount == 0) {
                throw fault(in.position(), "simple packet block before any interface description");
            }
            iface = 0;
            original = Bytes.int32(b, p + 8, bigEndian);
            // The block has no captured length: the frame is the original length, cut by the snap length and padding.
            long limit = snapLengths[0] == 0 ? Long.MAX_VALUE : snapLengths[0];
            captured = (int) Math.min(Math.min(original & 0xffff_ffffL, limit), length - 16);
            data = p + 12;
            timestamp = lastTimestamp;
        } else {
            if (length < 32) {
                throw fault(in.position(), "corrupt pcapng block length " + length + " (" + blockName(type) + ")");
            }
            iface = type == ENHANCED_PACKET ? Bytes.int32(b, p + 8, bigEndian) : Bytes.uint16(b, p + 8, bigEndian);
            if (iface < 0 || iface >= interfaceCount) {
                throw fault(in.position(), "packet for undeclared interface " + Bytes.unsigned(iface) + " (the section has "
                        + interfaceCount + ")");
            }
            long units = Bytes.uint32(b, p + 12, bigEndian) << 32 | Bytes.uint32(b, p + 16, bigEndian);
            timestamp = toNanos(iface, units);
            captured = Bytes.int32(b, p + 20, bigEndian);
            original = Bytes.int32(b, p + 24, bigEndian);
            data = p + 28;
            if (captured < 0 || captured > length - 32) {
                throw fault(in.position(), "captured length " + Bytes.unsigned(captured) + " exceeds its "
                        + blockName(type) + " (length " + length + ")");
            }
        }
        if (captured > capturedLimits[iface]) {
            throw fault(in.position(), capturedTooLong(captured, capturedLimits[iface]));
        }
        in.pos = p + length;
        lastTimestamp = timestamp;
        sink.frame(timestamp, linkTypes[iface], b, data, captured, original < 0 ? Integer.MAX_VALUE : original);
        frames++;
    }

    private long toNanos(int iface, long units) {
        long nanos;
        if (unitMultipliers[iface] > 0) {
            nanos = units * unitMultipliers[iface];
        } else if (unitDivisors[iface] > 0) {
            nanos = Long.divideUnsigned(units, unitDivisors[iface]);
        } else {
            int shift = binaryShifts[iface];
            nanos = (units >>> shift) * 1_000_000_000L;
            if (shift > 0) {
                // The fraction f / 2^shift seconds, in nanoseconds: (f << (64 - shift)) * 10^9 / 2^64, without overflow.
                nanos += Math.unsignedMultiplyHigh(units << (64 - shift), 1_000_000_000L);
            }
        }
        return nanos + offsetNanos[iface];
    }

    private static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER -> "section header block";
            case INTERFACE_DESCRIPTION -> "interface description block";
            case PACKET -> "packet block";
            case SIMPLE_PACKET -> "simple packet block";
            case ENHANCED_PACKET -> "enhanced packet block";
            default -> "block of type " + Bytes.unsigned(type);
        };
    }
}

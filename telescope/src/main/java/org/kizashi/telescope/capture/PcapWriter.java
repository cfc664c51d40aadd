package org.kizashi.telescope.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes captures that {@link CaptureReader} (and tcpdump, Wireshark) read: classic pcap with microsecond or
 * nanosecond timestamps in either byte order, or pcapng (one section, one interface, Enhanced Packet Blocks), gzip
 * compressed on request. Made for tests and demo data, together with {@link PacketBuilder}:
 *
 * <pre>{@code
 * try (PcapWriter writer = PcapWriter.options().format(PcapWriter.Format.PCAPNG).gzip(true).open(path)) {
 *     writer.write(timeNanos, PacketBuilder.tcp().src("192.0.2.1", 40000).dst("203.0.113.5", 23).syn().ethernet());
 * }
 * }</pre>
 */
public final class PcapWriter implements Closeable, Flushable {
    /** The container written. */
    public enum Format {
        PCAP, PCAP_NANOSECONDS, PCAPNG
    }

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private final OutputStream out;
    private final Format format;
    private final boolean bigEndian;
    private final int linkType;
    private final int snapLength;
    private final int resolution;
    private final byte[] header = new byte[32];
    private final byte[] padding = new byte[4];
    private long framesWritten;

    private PcapWriter(OutputStream out, Options o) throws IOException {
        this.out = out;
        this.format = o.format;
        this.bigEndian = o.byteOrder == ByteOrder.BIG_ENDIAN;
        this.linkType = o.linkType;
        this.snapLength = o.snapLength;
        this.resolution = o.resolution;
        writeFileHeader();
    }

    /**
     * Options, to choose before {@link Options#open}: by default classic pcap, microseconds, little-endian, Ethernet,
     * snap length 262,144, not compressed.
     */
    public static Options options() {
        return new Options();
    }

    /** A classic pcap file (microseconds, little-endian) of the given link type. */
    public static PcapWriter open(Path file, int linkType) throws IOException {
        return options().linkType(linkType).open(file);
    }

    /** A classic pcap stream (microseconds, little-endian) of the given link type. */
    public static PcapWriter open(OutputStream out, int linkType) throws IOException {
        return options().linkType(linkType).open(out);
    }

    /** Writes a frame, cut to the snap length (the original length stays the frame's length). */
    public void write(long timestampNanos, byte[] frame) throws IOException {
        write(timestampNanos, frame, 0, Math.min(frame.length, snapLength), frame.length);
    }

    /**
     * Writes {@code capturedLength} bytes of a frame as they are, with the lengths given (not checked: tests write
     * inconsistent records on purpose).
     */
    public void write(long timestampNanos, byte[] frame, int offset, int capturedLength, int originalLength)
            throws IOException {
        Objects.checkFromIndexSize(offset, capturedLength, frame.length);
        byte[] h = header;
        if (format == Format.PCAPNG) {
            int padded = (capturedLength + 3) & ~3;
            int length = 32 + padded;
            long units = units(timestampNanos);
            putInt(h, 0, PcapngRecordReader.ENHANCED_PACKET);
            putInt(h, 4, length);
            putInt(h, 8, 0);
            putInt(h, 12, (int) (units >>> 32));
            putInt(h, 16, (int) units);
            putInt(h, 20, capturedLength);
            putInt(h, 24, originalLength);
            out.write(h, 0, 28);
            out.write(frame, offset, capturedLength);
            out.write(padding, 0, padded - capturedLength);
            putInt(h, 0, length);
            out.write(h, 0, 4);
        } else {
            long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
            long nanos = Math.floorMod(timestampNanos, 1_000_000_000L);
            putInt(h, 0, (int) seconds);
            putInt(h, 4, (int) (format == Format.PCAP ? nanos / 1000 : nanos));
            putInt(h, 8, capturedLength);
            putInt(h, 12, originalLength);
            out.write(h, 0, 16);
            out.write(frame, offset, capturedLength);
        }
        framesWritten++;
    }

    public long framesWritten() {
        return framesWritten;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Nanoseconds in the units of the interface's if_tsresol. */
    private long units(long nanos) {
        if ((resolution & 0x80) != 0) {
            int shift = resolution & 0x7f;
            // Rounded up, so that reading back (which rounds down) gives the same nanosecond when 2^shift >= 10^9.
            BigInteger scaled = BigInteger.valueOf(nanos).shiftLeft(shift).add(BILLION.subtract(BigInteger.ONE));
            return scaled.divide(BILLION).longValue();
        }
        // Finer than nanoseconds overflows 64 bits for present-day times (picoseconds: after 213 days).
        return resolution <= 9 ? nanos / pow10(9 - resolution) : Math.multiplyExact(nanos, pow10(resolution - 9));
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    private void writeFileHeader() throws IOException {
        byte[] h = header;
        if (format == Format.PCAPNG) {
            putInt(h, 0, PcapngRecordReader.SECTION_HEADER);
            putInt(h, 4, 28);
            putInt(h, 8, PcapngRecordReader.BYTE_ORDER_MAGIC);
            putShort(h, 12, 1);
            putShort(h, 14, 0);
            putInt(h, 16, -1); // section length unknown
            putInt(h, 20, -1);
            putInt(h, 24, 28);
            out.write(h, 0, 28);
            boolean defaultResolution = resolution == 6;
            int length = defaultResolution ? 24 : 32;
            putInt(h, 0, PcapngRecordReader.INTERFACE_DESCRIPTION);
            putInt(h, 4, length);
            putShort(h, 8, linkType);
            putShort(h, 10, 0);
            putInt(h, 12, snapLength);
            int p = 16;
            if (!defaultResolution) {
                putShort(h, p, 9); // if_tsresol
                putShort(h, p + 2, 1);
                putInt(h, p + 4, 0);
                h[p + 4] = (byte) resolution;
                p += 8;
            }
            putInt(h, p, 0); // opt_endofopt
            putInt(h, p + 4, length);
            out.write(h, 0, length);
        } else {
            putInt(h, 0, format == Format.PCAP ? 0xa1b2c3d4 : 0xa1b23c4d);
            putShort(h, 4, 2);
            putShort(h, 6, 4);
            putInt(h, 8, 0);
            putInt(h, 12, 0);
            putInt(h, 16, snapLength);
            putInt(h, 20, linkType);
            out.write(h, 0, 24);
        }
    }

    private void putInt(byte[] b, int p, int value) {
        Bytes.putInt(b, p, value, bigEndian);
    }

    private void putShort(byte[] b, int p, int value) {
        Bytes.putShort(b, p, value, bigEndian);
    }

    /** What to write; {@link #open} starts writing. */
    public static final class Options {
        private Format format = Format.PCAP;
        private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
        private int linkType = LinkType.ETHERNET;
        private int snapLength = RecordReader.MAX_CAPTURED_LENGTH;
        private boolean gzip;
        private int resolution = 6;

        private Options() {
        }

        public Options format(Format format) {
            this.format = Objects.requireNonNull(format);
            return this;
        }

        public Options byteOrder(ByteOrder byteOrder) {
            this.byteOrder = Objects.requireNonNull(byteOrder);
            return this;
        }

        public Options linkType(int linkType) {
            this.linkType = linkType;
            return this;
        }

        /** Frames written with {@link PcapWriter#write(long, byte[])} are cut to this length. */
        public Options snapLength(int snapLength) {
            if (snapLength <= 0) {
                throw new IllegalArgumentException("snap length must be positive: " + snapLength);
            }
            this.snapLength = snapLength;
            return this;
        }

        public Options gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * pcapng only: the interface's if_tsresol byte: n for 10^-n seconds, {@code 0x80 | n} for 2^-n seconds
         * (default 6, microseconds, written as no option).
         */
        public Options timestampResolution(int ifTsresol) {
            if (ifTsresol < 0 || ifTsresol > 0xff || (ifTsresol < 0x80 && ifTsresol > 18) || ifTsresol > 0x80 + 63) {
                throw new IllegalArgumentException("unsupported if_tsresol " + ifTsresol);
            }
            this.resolution = ifTsresol;
            return this;
        }

        public PcapWriter open(Path file) throws IOException {
            return open(Files.newOutputStream(file));
        }

        /** Writes to the stream (closed with the writer). */
        public PcapWriter open(OutputStream stream) throws IOException {
            OutputStream target = gzip ? new GZIPOutputStream(stream, 64 << 10) : stream;
            return new PcapWriter(new BufferedOutputStream(target, 64 << 10), this);
        }
    }
}

package org.kizashi.telescope.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kizashi.telescope.capture.PcapWriter.Format;
import org.kizashi.telescope.capture.TestCaptures.Frame;

/** Every container variant that {@link PcapWriter} writes reads back frame for frame, from files and streams. */
class CaptureReaderTest {
    /** 2023-11-14T22:13:20.5Z; the frames are 1/512 s apart, exact in every binary resolution down to 2^-9. */
    private static final long START = 1_700_000_000_500_000_000L;
    private static final long STEP = 1_953_125L;

    @TempDir
    Path dir;

    static Stream<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        for (boolean gzip : new boolean[] {false, true}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                variants.add(Arguments.of(Format.PCAP, order, 6, gzip));
                variants.add(Arguments.of(Format.PCAP_NANOSECONDS, order, 9, gzip));
                for (int tsresol : new int[] {6, 9, 3, 0, 0x80 | 10, 0x80 | 20, 0x80 | 30}) {
                    variants.add(Arguments.of(Format.PCAPNG, order, tsresol, gzip));
                }
            }
        }
        return variants.stream();
    }

    @ParameterizedTest(name = "{0} {1} tsresol {2} gzip {3}")
    @MethodSource("variants")
    void everyFrameReadsBackFromAFile(Format format, ByteOrder order, int tsresol, boolean gzip) throws IOException {
        byte[][] frames = sampleFrames();
        Path file = dir.resolve("capture");
        try (PcapWriter writer = options(format, order, tsresol, gzip).open(file)) {
            for (int i = 0; i < frames.length; i++) {
                writer.write(START + i * STEP, frames[i]);
            }
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThat(reader.format()).isEqualTo(format == Format.PCAP ? CaptureFormat.PCAP
                    : format == Format.PCAP_NANOSECONDS ? CaptureFormat.PCAP_NANOSECONDS : CaptureFormat.PCAPNG);
            assertThat(reader.compressed()).isEqualTo(gzip);
            assertThat(reader.size()).isEqualTo(gzip ? -1 : Files.size(file));
            List<Frame> read = TestCaptures.readAll(reader);
            assertFramesEqual(read, frames, tsresol);
            assertThat(reader.framesRead()).isEqualTo(frames.length);
            if (!gzip) {
                assertThat(reader.position()).isEqualTo(Files.size(file));
            }
            assertThat(reader.read((t, l, b, o, c, w) -> { })).as("nothing after the end").isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1} tsresol {2} gzip {3}")
    @MethodSource("variants")
    void everyFrameReadsBackFromAStreamServedByteByByte(Format format, ByteOrder order, int tsresol, boolean gzip)
            throws IOException {
        byte[][] frames = sampleFrames();
        byte[] capture = write(options(format, order, tsresol, gzip), frames);
        // A pipe hands over what it has: one byte per read is the worst case, with a tiny buffer that must grow.
        try (CaptureReader reader = CaptureReader.open(new OneByteAtATime(capture), "standard input", 16)) {
            assertFramesEqual(TestCaptures.readAll(reader), frames, tsresol);
            assertThat(reader.size()).isEqualTo(-1);
        }
    }

    @Test
    void standardInputIsReadAndLeftOpen() throws IOException {
        byte[][] frames = sampleFrames();
        byte[] capture = write(options(Format.PCAPNG, ByteOrder.LITTLE_ENDIAN, 9, true), frames);
        InputStream original = System.in;
        boolean[] closed = {false};
        try {
            System.setIn(new ByteArrayInputStream(capture) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            });
            try (CaptureReader reader = CaptureReader.standardInput()) {
                assertThat(reader.source()).isEqualTo("standard input");
                assertFramesEqual(TestCaptures.readAll(reader), frames, 9);
                assertThat(reader.compressed()).isTrue();
            }
            assertThat(closed[0]).isFalse();
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void readingInBatchesContinuesWhereItStopped() throws IOException {
        byte[][] frames = sampleFrames();
        byte[] capture = write(PcapWriter.options(), frames);
        List<Frame> read = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "test", 64)) {
            assertThat(reader.read(TestCaptures.collector(read), 2)).isEqualTo(2);
            long afterTwo = reader.position();
            assertThat(afterTwo).isEqualTo(24 + 2 * 16 + frames[0].length + frames[1].length);
            assertThat(reader.read(TestCaptures.collector(read), 2)).isEqualTo(2);
            assertThat(reader.read(TestCaptures.collector(read))).isEqualTo(frames.length - 4);
            assertThat(reader.read(TestCaptures.collector(read))).isZero();
        }
        assertFramesEqual(read, frames, 6);
    }

    @Test
    void theSnapLengthCutsFramesAndKeepsTheOriginalLength() throws IOException {
        byte[] frame = PacketBuilder.udp().payload(1000).ethernet();
        byte[] capture = write(PcapWriter.options().snapLength(96), frame);
        List<Frame> read = TestCaptures.readAll(capture);
        assertThat(read).singleElement().satisfies(f -> {
            assertThat(f.bytes()).isEqualTo(Arrays.copyOf(frame, 96));
            assertThat(f.originalLength()).isEqualTo(frame.length);
        });
    }

    @Test
    void anUnknownLinkTypeIsPassedOn() throws IOException {
        byte[] capture = write(PcapWriter.options().linkType(147), new byte[] {1, 2, 3});
        assertThat(TestCaptures.readAll(capture)).singleElement().satisfies(f -> assertThat(f.linkType()).isEqualTo(147));
    }

    @Test
    void aLargeCaptureStreamsThroughTheBufferManyTimes() throws IOException {
        // 40,000 frames of varied sizes are about 18 MB: many buffer refills, records split across refills.
        Path file = dir.resolve("large.pcap");
        int count = 40_000;
        try (PcapWriter writer = PcapWriter.open(file, LinkType.ETHERNET)) {
            for (int i = 0; i < count; i++) {
                writer.write(START + i, PacketBuilder.udp().ipId(i).payload(i % 900).ethernet());
            }
        }
        long[] seen = {0, 0};
        try (CaptureReader reader = CaptureReader.open(file)) {
            reader.read((time, linkType, buffer, offset, captured, original) -> {
                int ipId = (buffer[offset + 18] & 0xff) << 8 | (buffer[offset + 19] & 0xff);
                assertThat(ipId).isEqualTo((int) (seen[0] & 0xffff));
                assertThat(time).isEqualTo(START / 1000 * 1000 + seen[0] / 1000 * 1000);
                seen[0]++;
                seen[1] += captured;
            });
            assertThat(reader.position()).isEqualTo(reader.size());
        }
        assertThat(seen[0]).isEqualTo(count);
        assertThat(Files.size(file)).isEqualTo(24 + 16L * count + seen[1]);
    }

    @Test
    void theModifiedPcapFormatHasLongerRecordHeaders() throws IOException {
        // Kuznetzov's format: magic a1b2cd34, then 8 more bytes per record (interface index, protocol, packet type).
        byte[] frame = PacketBuilder.tcp().syn().ethernet();
        ByteBuffer b = ByteBuffer.allocate(24 + 24 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2cd34).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1_700_000_000).putInt(250_000).putInt(frame.length).putInt(frame.length).putInt(3).putInt(0x0800_0000)
                .put(frame);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(b.array()), "old")) {
            List<Frame> read = TestCaptures.readAll(reader);
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAP_MODIFIED);
            assertThat(read).singleElement().satisfies(f -> {
                assertThat(f.bytes()).isEqualTo(frame);
                assertThat(f.timestampNanos()).isEqualTo(1_700_000_000_250_000_000L);
            });
        }
    }

    static byte[][] sampleFrames() {
        return new byte[][] {
                PacketBuilder.tcp().src("192.0.2.1", 40000).dst("203.0.113.5", 23).syn().seq(0xcb007105L).ipId(54321)
                        .ethernet(),
                PacketBuilder.udp().src("2001:db8::1", 5353).dst("2001:db8::2", 53).payload(33).ethernet(),
                PacketBuilder.icmp(8, 0).payload(56).ethernet(),
                PacketBuilder.udp().payload(1471).ethernet(), // 1,513 bytes, odd: pcapng pads it
                PacketBuilder.tcp().rst().ethernet(),
                PacketBuilder.tcp().synAck().payload(3).ethernet(),
                PacketBuilder.udp().payload(0).ethernet(),
        };
    }

    static PcapWriter.Options options(Format format, ByteOrder order, int tsresol, boolean gzip) {
        PcapWriter.Options options = PcapWriter.options().format(format).byteOrder(order).gzip(gzip);
        return format == Format.PCAPNG ? options.timestampResolution(tsresol) : options;
    }

    static byte[] write(PcapWriter.Options options, byte[]... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = options.open(out)) {
            for (int i = 0; i < frames.length; i++) {
                writer.write(START + i * STEP, frames[i]);
            }
        }
        return out.toByteArray();
    }

    /** The timestamps of {@link #sampleFrames} after the trip through a resolution of 10^-n or 2^-n seconds. */
    private static void assertFramesEqual(List<Frame> read, byte[][] frames, int tsresol) {
        assertThat(read).hasSize(frames.length);
        for (int i = 0; i < frames.length; i++) {
            Frame f = read.get(i);
            assertThat(f.bytes()).as("frame %d", i).isEqualTo(frames[i]);
            assertThat(f.originalLength()).isEqualTo(frames[i].length);
            assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(f.timestampNanos()).as("timestamp of frame %d", i)
                    .isEqualTo(expectedTime(START + i * STEP, tsresol));
        }
    }

    private static long expectedTime(long nanos, int tsresol) {
        if ((tsresol & 0x80) != 0 || tsresol >= 9) {
            return nanos; // binary resolutions from 2^-9 are exact for these times, and so are 10^-9 and finer
        }
        long unit = (long) Math.pow(10, 9 - tsresol);
        return nanos / unit * unit;
    }

    /** A stream that returns one byte per read, like the slowest pipe. */
    static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}

package org.kizashi.telescope.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.telescope.capture.TestCaptures.Frame;

/** pcapng beyond what {@link PcapWriter} writes: sections, interfaces, resolutions, old and unknown blocks. */
class PcapngBlocksTest {
    private static final byte[] V4 = PacketBuilder.tcp().syn().ethernet();
    private static final byte[] V6 = PacketBuilder.udp().src("2001:db8::1", 1).dst("2001:db8::2", 2).ip();

    @Test
    void sectionsInBothByteOrdersWithTheirOwnInterfaces() throws IOException {
        byte[] capture = new PcapngBytes()
                .section(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, 65535, null, null) // microseconds
                .interfaceDescription(LinkType.RAW, 0, 9, null) // nanoseconds
                .enhancedPacket(0, 1_700_000_000_000_001L, V4, V4.length)
                .enhancedPacket(1, 1_700_000_000_000_000_002L, V6, V6.length)
                .section(ByteOrder.BIG_ENDIAN) // interface indexes restart
                .interfaceDescription(LinkType.LINUX_SLL2, 0, 0x80 | 32, null) // 2^-32 s
                .enhancedPacket(0, (1_700_000_000L << 32) | 0x8000_0000L, V4, 1514)
                .bytes();
        List<Frame> frames = TestCaptures.readAll(capture);
        assertThat(frames).extracting(Frame::linkType)
                .containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2);
        assertThat(frames).extracting(Frame::timestampNanos)
                .containsExactly(1_700_000_000_000_001_000L, 1_700_000_000_000_000_002L, 1_700_000_000_500_000_000L);
        assertThat(frames.get(1).bytes()).isEqualTo(V6);
        assertThat(frames.get(2).originalLength()).isEqualTo(1514);
    }

    @Test
    void resolutionsAndTimestampOffsets() throws IOException {
        byte[] capture = new PcapngBytes()
                .section(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(1, 0, 3, null) // milliseconds
                .interfaceDescription(1, 0, 0x80 | 10, null) // 1/1024 s
                .interfaceDescription(1, 0, 0, 1_700_000_000L) // whole seconds after an offset of if_tsoffset
                .interfaceDescription(1, 0, 12, null) // picoseconds
                .enhancedPacket(0, 1_700_000_000_123L, V4, V4.length)
                .enhancedPacket(1, 1_700_000_000L * 1024 + 512, V4, V4.length)
                .enhancedPacket(2, 5, V4, V4.length)
                .enhancedPacket(3, 5_000_000_123_456L, V4, V4.length) // picoseconds overflow 64 bits after 213 days
                .bytes();
        assertThat(TestCaptures.readAll(capture)).extracting(Frame::timestampNanos).containsExactly(
                1_700_000_000_123_000_000L,
                1_700_000_000_500_000_000L,
                1_700_000_005_000_000_000L,
                5_000_000_123L);
    }

    @Test
    void simpleAndObsoletePacketBlocks() throws IOException {
        byte[] capture = new PcapngBytes()
                .section(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(1, 40, null, null)
                .packet(0, 1_700_000_000_000_000L, Arrays.copyOf(V4, 40), V4.length)
                // A simple packet block has no captured length: the snap length (40) decides, and no timestamp.
                .simplePacket(Arrays.copyOf(V4, 40), V4.length)
                .simplePacket(new byte[] {1, 2, 3}, 3)
                .bytes();
        List<Frame> frames = TestCaptures.readAll(capture);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).bytes()).isEqualTo(Arrays.copyOf(V4, 40));
        assertThat(frames.get(0).originalLength()).isEqualTo(V4.length);
        assertThat(frames.get(1).bytes()).isEqualTo(Arrays.copyOf(V4, 40));
        assertThat(frames.get(1).originalLength()).isEqualTo(V4.length);
        assertThat(frames.get(1).timestampNanos()).as("the previous packet's time")
                .isEqualTo(1_700_000_000_000_000_000L);
        assertThat(frames.get(2).bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownBlocksAreSkipped() throws IOException {
        byte[] capture = new PcapngBytes()
                .section(ByteOrder.LITTLE_ENDIAN)
                .block(4, new byte[] {0, 0, 0, 0}) // name resolution, before any interface
                .interfaceDescription(1, 0, null, null)
                .block(5, new byte[24]) // interface statistics
                .enhancedPacket(0, 1, V4, V4.length)
                .block(0x0000_0bad, new byte[3_000_000]) // custom, larger than the reader's buffer
                .block(0x4000_0bad, new byte[] {1, 2, 3})
                .enhancedPacket(0, 2, V4, V4.length)
                .bytes();
        List<Frame> frames = TestCaptures.readAll(capture);
        assertThat(frames).hasSize(2).allSatisfy(f -> assertThat(f.bytes()).isEqualTo(V4));
    }

    @Test
    void writerOutputHasTheExpectedBlocks() throws IOException {
        byte[] capture = TestCaptures.write(PcapWriter.options().format(PcapWriter.Format.PCAPNG)
                .byteOrder(ByteOrder.BIG_ENDIAN).timestampResolution(9).linkType(LinkType.RAW), 7, V6);
        // SHB 28 bytes, IDB 32 (with if_tsresol), EPB 32 + data padded to 4.
        assertThat(capture).hasSize(28 + 32 + 32 + ((V6.length + 3) & ~3));
        assertThat(Arrays.copyOf(capture, 12))
                .containsExactly(0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d);
        assertThat(TestCaptures.readAll(capture)).singleElement().satisfies(f -> {
            assertThat(f.timestampNanos()).isEqualTo(7);
            assertThat(f.linkType()).isEqualTo(LinkType.RAW);
        });
    }
}

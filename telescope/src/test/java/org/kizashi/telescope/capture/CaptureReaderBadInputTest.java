package org.kizashi.telescope.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.telescope.capture.TestCaptures.Frame;

/**
 * Damaged and foreign input fails with a {@link CaptureFormatException} that names the source, the offset and the
 * fault, after every good frame before the damage was delivered.
 */
class CaptureReaderBadInputTest {
    private static final byte[] FRAME = PacketBuilder.tcp().syn().ethernet(); // 60 bytes: 76 per pcap record

    @TempDir
    Path dir;

    @Test
    void anEmptyFileIsNotACapture() throws IOException {
        Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class, () -> CaptureReader.open(file));
        assertThat(e.getMessage()).isEqualTo(file + ": empty input: not a capture file at byte offset 0 (0 frames read before)");
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.offset()).isZero();
        assertThat(e.framesDelivered()).isZero();
    }

    @Test
    void aTextFileIsNotACapture() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "Hello, darknet\n");
        assertThatThrownBy(() -> CaptureReader.open(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("notes.txt")
                .hasMessageContaining("not a capture file (magic 0x48656c6c)");
    }

    @Test
    void aFileTooShortForAMagicNumber() throws IOException {
        Path file = Files.write(dir.resolve("tiny"), new byte[] {(byte) 0xd4, (byte) 0xc3});
        assertThatThrownBy(() -> CaptureReader.open(file))
                .hasMessageContaining("not a capture file (only 2 bytes)");
    }

    @Test
    void aTruncatedFileHeader() throws IOException {
        byte[] capture = pcap(FRAME);
        Path file = Files.write(dir.resolve("header.pcap"), Arrays.copyOf(capture, 10));
        CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class, () -> CaptureReader.open(file));
        assertThat(e.fault()).isEqualTo("truncated file header: 10 of 24 bytes");
        assertThat(e.offset()).isZero();
    }

    @Test
    void aTruncatedRecordHeaderAfterGoodFrames() throws IOException {
        byte[] capture = pcap(FRAME, FRAME, FRAME);
        int end = 24 + 2 * 76 + 7; // the third record has 7 of its 16 header bytes
        Path file = Files.write(dir.resolve("killed.pcap"), Arrays.copyOf(capture, end));
        List<Frame> delivered = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class,
                    () -> reader.read(TestCaptures.collector(delivered)));
            assertThat(e.getMessage()).isEqualTo(file + ": truncated record header: 7 of 16 bytes at byte offset 176"
                    + " (2 frames read before)");
            assertThat(e.offset()).isEqualTo(176);
            assertThat(e.framesDelivered()).isEqualTo(2);
            assertThat(reader.framesRead()).isEqualTo(2);
            // The failure stays: reading again does not resume inside the damage.
            assertThatThrownBy(() -> reader.read((t, l, b, o, c, w) -> { })).isSameAs(e);
        }
        assertThat(delivered).hasSize(2).allSatisfy(f -> assertThat(f.bytes()).isEqualTo(FRAME));
    }

    @Test
    void truncatedPacketDataAfterGoodFrames() throws IOException {
        byte[] capture = pcap(FRAME, FRAME, FRAME);
        Path file = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(capture, capture.length - 10));
        List<Frame> delivered = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            CaptureFormatException e = catchThrowableOfType(CaptureFormatException.class,
                    () -> reader.read(TestCaptures.collector(delivered)));
            assertThat(e.getMessage()).isEqualTo(file + ": truncated packet data: 50 of 60 bytes at byte offset 176"
                    + " (2 frames read before)");
            assertThat(e.source()).isEqualTo(file.toString());
        }
        assertThat(delivered).hasSize(2);
    }

    @Test
    void anAbsurdCapturedLength() throws IOException {
        byte[] capture = pcap(FRAME, FRAME);
        ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 76 + 8, 0x7fff_0000);
        assertThat(fault(capture)).isEqualTo("captured length 2147418112 exceeds a sane maximum (262144) at byte"
                + " offset 100 (1 frames read before)");
        ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 76 + 8, -1);
        assertThat(fault(capture)).startsWith("captured length 4294967295 exceeds a sane maximum (262144)");
    }

    @Test
    void aCapturedLengthAboveTheSnapLength() throws IOException {
        byte[] capture = TestCaptures.write(PcapWriter.options().snapLength(64), 0, FRAME);
        ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 65);
        assertThat(fault(capture)).startsWith("captured length 65 exceeds snap length 64 at byte offset 24");
    }

    @Test
    void aCorruptPcapngBlockLength() throws IOException {
        byte[] good = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).interfaceDescription(1, 0, null, null)
                .enhancedPacket(0, 1, FRAME, FRAME.length).bytes();
        int second = good.length;
        byte[] notMultipleOfFour = new PcapngBytes().raw(good).int32(6).int32(13).int32(0).bytes();
        assertThat(fault(notMultipleOfFour)).isEqualTo("corrupt pcapng block length 13 (block type 6) at byte offset "
                + second + " (1 frames read before)");
        byte[] tooShort = new PcapngBytes().raw(good).int32(6).int32(8).int32(0).bytes();
        assertThat(fault(tooShort)).startsWith("corrupt pcapng block length 8 (block type 6)");
        byte[] huge = new PcapngBytes().raw(good).int32(6).int32(0x7ffffff0).int32(0).bytes();
        assertThat(fault(huge)).startsWith("corrupt pcapng block length 2147483632 (block type 6, more than");

        // The trailing length must repeat the leading one.
        byte[] mismatch = new PcapngBytes().raw(good).enhancedPacket(0, 2, FRAME, FRAME.length).bytes();
        ByteBuffer.wrap(mismatch).order(ByteOrder.LITTLE_ENDIAN).putInt(mismatch.length - 4, 16);
        assertThat(fault(mismatch)).startsWith("corrupt pcapng block length: " + (mismatch.length - second)
                + " at the start of the enhanced packet block, 16 at its end at byte offset " + second);
    }

    @Test
    void aTruncatedPcapngBlock() throws IOException {
        byte[] capture = new PcapngBytes().section(ByteOrder.BIG_ENDIAN).interfaceDescription(1, 0, null, null)
                .enhancedPacket(0, 1, FRAME, FRAME.length).enhancedPacket(0, 2, FRAME, FRAME.length).bytes();
        int blockLength = 32 + FRAME.length + 16 + 4; // with a comment and the end of options
        int secondStart = capture.length - blockLength;
        byte[] cut = Arrays.copyOf(capture, capture.length - 5);
        assertThat(fault(cut)).isEqualTo("truncated enhanced packet block: " + (blockLength - 5) + " of "
                + blockLength + " bytes at byte offset " + secondStart + " (1 frames read before)");
        byte[] headerOnly = Arrays.copyOf(capture, secondStart + 6);
        assertThat(fault(headerOnly)).startsWith("truncated block header: 6 of 12 bytes at byte offset " + secondStart);
    }

    @Test
    void aTruncatedUnknownBlockIsNoticedWhileSkipping() throws IOException {
        byte[] capture = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).interfaceDescription(1, 0, null, null)
                .block(0x0bad, new byte[5000]).bytes();
        int start = capture.length - 5012;
        assertThat(fault(Arrays.copyOf(capture, capture.length - 100)))
                .isEqualTo("truncated block of type 2989: 4912 of 5012 bytes at byte offset " + start
                        + " (0 frames read before)");
    }

    @Test
    void aPacketForAnUndeclaredInterface() throws IOException {
        byte[] capture = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).interfaceDescription(1, 0, null, null)
                .enhancedPacket(1, 1, FRAME, FRAME.length).bytes();
        assertThat(fault(capture)).startsWith("packet for undeclared interface 1 (the section has 1)");
    }

    @Test
    void aBadByteOrderMagic() throws IOException {
        byte[] capture = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).bytes();
        capture[8] = 0x11;
        assertThat(fault(capture)).startsWith("corrupt section header: byte-order magic 0x113c2b1a at byte offset 0");
    }

    @Test
    void aCaptureKilledMidWriteUnderGzip() throws IOException {
        byte[] capture = pcap(FRAME, FRAME, FRAME);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(capture, 0, capture.length - 10);
        }
        // The gzip stream is whole but the capture in it is cut.
        assertThat(fault(compressed.toByteArray())).startsWith("truncated packet data: 50 of 60 bytes at byte offset 176");
        // The gzip stream itself is cut: the writer was killed before it finished.
        byte[] gz = compressed.toByteArray();
        CaptureFormatException e = failure(Arrays.copyOf(gz, gz.length - 20));
        assertThat(e.fault()).isEqualTo("truncated gzip stream");
        assertThat(e.getCause()).isInstanceOf(EOFException.class);
    }

    @Test
    void standardInputIsNamedAsSuch() throws IOException {
        byte[] capture = pcap(FRAME, FRAME);
        byte[] cut = Arrays.copyOf(capture, capture.length - 1);
        List<Frame> delivered = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(cut), CaptureReader.STANDARD_INPUT)) {
            assertThatThrownBy(() -> reader.read(TestCaptures.collector(delivered)))
                    .isInstanceOf(CaptureFormatException.class)
                    .hasMessage("standard input: truncated packet data: 59 of 60 bytes at byte offset 100"
                            + " (1 frames read before)");
        }
        assertThat(delivered).hasSize(1);
        CaptureFormatException text = failure("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(text.fault()).isEqualTo("not a capture file (magic 0x47455420)");
        assertThat(failure(new byte[0]).fault()).isEqualTo("empty input: not a capture file");
    }

    private static byte[] pcap(byte[]... frames) {
        return TestCaptures.write(PcapWriter.options(), 1_700_000_000_000_000_000L, frames);
    }

    /** The message without the source name ("test: "). */
    private static String fault(byte[] capture) throws IOException {
        return failure(capture).getMessage().substring("test: ".length());
    }

    private static CaptureFormatException failure(byte[] capture) throws IOException {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "test")) {
            return catchThrowableOfType(CaptureFormatException.class, () -> reader.read((t, l, b, o, c, w) -> { }));
        }
    }
}

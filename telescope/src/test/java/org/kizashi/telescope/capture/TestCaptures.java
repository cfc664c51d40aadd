package org.kizashi.telescope.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writing captures to memory and reading them back, for tests of this package and of the decoder. */
public final class TestCaptures {
    /** A frame copied out of the reader's buffer. */
    public record Frame(long timestampNanos, int linkType, byte[] bytes, int originalLength) {
    }

    private TestCaptures() {
    }

    /** A capture of the frames, the i-th stamped {@code firstTimestamp + i} microseconds. */
    public static byte[] write(PcapWriter.Options options, long firstTimestamp, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = options.open(out)) {
            for (int i = 0; i < frames.length; i++) {
                writer.write(firstTimestamp + i * 1000L, frames[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static List<Frame> readAll(byte[] capture) throws IOException {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "test")) {
            return readAll(reader);
        }
    }

    public static List<Frame> readAll(CaptureReader reader) throws IOException {
        List<Frame> frames = new ArrayList<>();
        reader.read(collector(frames));
        return frames;
    }

    /** A sink that copies every frame into the list. */
    public static FrameSink collector(List<Frame> frames) {
        return (time, linkType, buffer, offset, captured, original) ->
                frames.add(new Frame(time, linkType, Arrays.copyOfRange(buffer, offset, offset + captured), original));
    }
}

package org.kizashi.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.capture.FrameSink;
import org.kizashi.telescope.decode.DecodedPacket;
import org.kizashi.telescope.decode.PacketDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the whole benchmark capture (from the page cache) and decoding every frame: the floor under any analysis.
 * One operation is one pass over the file; {@code :packets} gives packets per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParseBenchmark {
    private Path capture;

    @Setup(Level.Trial)
    public void setUp() {
        capture = BenchCapture.benchmarkCapture();
    }

    /** Read and decode: what every analysis does before anything else. */
    @Benchmark
    public long readAndDecode(PacketCounter counter) throws IOException {
        Decoding sink = new Decoding();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            counter.packets += reader.read(sink);
        }
        return sink.checksum;
    }

    /** Read only, frames handed to a sink that touches one byte of each: the cost of the capture reader. */
    @Benchmark
    public long readOnly(PacketCounter counter) throws IOException {
        long[] sum = {0};
        try (CaptureReader reader = CaptureReader.open(capture)) {
            counter.packets += reader.read((time, linkType, buffer, offset, captured, original) ->
                    sum[0] += buffer[offset + 12] + time);
        }
        return sum[0];
    }

    /** Decodes each frame and folds a few fields into a checksum, so that nothing is optimised away. */
    static final class Decoding implements FrameSink {
        private final PacketDecoder decoder = new PacketDecoder();
        private final DecodedPacket decoded = new DecodedPacket();
        long checksum;

        @Override
        public void frame(long timestampNanos, int linkType, byte[] buffer, int offset, int capturedLength,
                          int originalLength) {
            if (decoder.decode(linkType, buffer, offset, capturedLength, originalLength, timestampNanos, decoded)) {
                DecodedPacket d = decoded;
                checksum += d.sourceLow ^ d.destinationLow ^ d.destinationPort ^ d.tcpFlags ^ d.ipLength;
            } else {
                checksum++;
            }
        }
    }
}

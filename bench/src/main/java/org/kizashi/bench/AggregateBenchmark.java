package org.kizashi.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.aggregate.DarknetAggregatorConfig;
import org.kizashi.core.telescope.DarknetPacket;
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
 * Aggregation alone: the darknet packets of the benchmark capture (about ten million, two million distinct sources,
 * enriched by {@link SyntheticGeo}), decoded and classified once beforehand, folded into a fresh accumulator with the
 * default configuration. One operation is the whole day; {@code :packets} gives packets per second, and 1e9 divided
 * by it the cost of one {@code add} in nanoseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class AggregateBenchmark {
    private DarknetPacket[] packets;
    private DarknetAggregator aggregator;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        packets = BenchData.darknetPackets(BenchCapture.benchmarkCapture(), new SyntheticGeo());
        aggregator = new DarknetAggregator(DarknetAggregatorConfig.defaults());
    }

    @Benchmark
    public DarknetAccumulator aggregate(PacketCounter counter) {
        DarknetAggregator a = aggregator;
        DarknetAccumulator accumulator = a.create();
        for (DarknetPacket packet : packets) {
            a.add(packet, accumulator);
        }
        counter.packets += packets.length;
        return accumulator;
    }
}

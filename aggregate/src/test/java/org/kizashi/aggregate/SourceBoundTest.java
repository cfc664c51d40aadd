package org.kizashi.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kizashi.aggregate.Packets.micros;
import static org.kizashi.aggregate.Packets.scan;
import static org.kizashi.aggregate.Packets.v4;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;

/** The per-source table keeps the heaviest sources within its bound, with the documented error, losing no counts. */
class SourceBoundTest {
    private static final int BOUND = 100;

    /** 40 heavy sources (50-200 packets) hidden among 10,000 one-packet sources, shuffled. */
    private static List<DarknetPacket> heavyAmongLight(long seed, Map<IpAddress, Long> truth) {
        SplittableRandom random = new SplittableRandom(seed);
        long t = micros("2024-03-10T00:00:00Z");
        List<DarknetPacket> packets = new ArrayList<>();
        for (int h = 0; h < 40; h++) {
            int count = 50 + random.nextInt(150);
            for (int k = 0; k < count; k++) {
                packets.add(scan(t + random.nextLong(86_400_000_000L), v4(198, 51, 100, h), v4(10, 0, 0, k % 256),
                        23));
            }
        }
        for (int s = 0; s < 10_000; s++) {
            packets.add(scan(t + random.nextLong(86_400_000_000L), v4(100, 64, s / 256, s % 256), v4(10, 0, 1, 1),
                    2323));
        }
        Collections.shuffle(packets, new java.util.Random(seed));
        for (DarknetPacket p : packets) {
            truth.merge(p.source(), 1L, Long::sum);
        }
        return packets;
    }

    private static void assertErrorBounds(DarknetSummary summary, Map<IpAddress, Long> truth) {
        assertThat(summary.sources()).hasSizeLessThanOrEqualTo(BOUND);
        assertThat(summary.sourceTable().tracked()).isEqualTo(summary.sources().size());
        Map<IpAddress, DarknetSummary.SourceRecord> tracked = new HashMap<>();
        for (DarknetSummary.SourceRecord r : summary.sources()) {
            tracked.put(r.source(), r);
            long actual = truth.get(r.source());
            assertThat(actual).as("%s", r.source()).isBetween(r.packets(), r.packets() + r.missedPacketsAtMost());
            assertThat(r.missedPacketsAtMost()).isLessThanOrEqualTo(summary.sourceTable().untrackedPacketsAtMost());
        }
        truth.forEach((source, count) -> {
            if (!tracked.containsKey(source)) {
                assertThat(count).as("untracked %s", source)
                        .isLessThanOrEqualTo(summary.sourceTable().untrackedPacketsAtMost());
            }
        });
        for (int h = 0; h < 40; h++) {
            assertThat(tracked).containsKey(IpAddress.parse("198.51.100." + h));
        }
    }

    @Test
    void keepsTheHeaviestSourcesWithBoundedErrorAndExactTotals() {
        Map<IpAddress, Long> truth = new HashMap<>();
        List<DarknetPacket> packets = heavyAmongLight(1, truth);
        DarknetAggregator aggregator = new DarknetAggregator(
                DarknetAggregatorConfig.defaults().withMaxSources(BOUND));
        DarknetAccumulator accumulator = aggregator.create();
        packets.forEach(p -> aggregator.add(p, accumulator));
        DarknetSummary summary = aggregator.result(accumulator);

        assertThat(summary.sourceTable().tracked()).isEqualTo(BOUND);
        assertThat(summary.sourceTable().evictions()).isGreaterThan(9_000);
        assertErrorBounds(summary, truth);
        // Space-Saving: the floor is at most packets / bound.
        assertThat(summary.sourceTable().untrackedPacketsAtMost()).isLessThanOrEqualTo(packets.size() / BOUND);
        assertThat(summary.sources().get(0).source().toString()).startsWith("198.51.100.");
        // Nothing outside the table depends on the bound.
        DarknetSummary unbounded = new DarknetAggregator().result(addAll(new DarknetAggregator(), packets));
        assertThat(summary.totals()).isEqualTo(unbounded.totals());
        assertThat(summary.series()).isEqualTo(unbounded.series());
        assertThat(summary.top()).isEqualTo(unbounded.top());
        assertThat(summary.totals().sources()).isCloseTo(10_040L, org.assertj.core.data.Percentage.withPercentage(2));
    }

    @Test
    void mergedFullTablesKeepTheGuaranteesAndDoNotDependOnOperandOrder() throws IOException {
        Map<IpAddress, Long> truth = new HashMap<>();
        List<DarknetPacket> packets = heavyAmongLight(2, truth);
        DarknetAggregator aggregator = new DarknetAggregator(
                DarknetAggregatorConfig.defaults().withMaxSources(BOUND));
        List<DarknetAccumulator> parts = List.of(aggregator.create(), aggregator.create(), aggregator.create());
        for (int i = 0; i < packets.size(); i++) {
            aggregator.add(packets.get(i), parts.get(i % 3));
        }
        byte[] ab = aggregator.merge(copy(parts.get(0)), parts.get(1)).toBytes();
        byte[] ba = aggregator.merge(copy(parts.get(1)), parts.get(0)).toBytes();
        assertThat(ab).isEqualTo(ba);

        DarknetAccumulator all = aggregator.merge(aggregator.merge(copy(parts.get(0)), parts.get(1)), parts.get(2));
        DarknetSummary summary = aggregator.result(all);
        assertErrorBounds(summary, truth);
        assertThat(summary.totals().packets()).isEqualTo(packets.size());
    }

    @Test
    void aBoundOfZeroKeepsNoSources() {
        DarknetAggregator aggregator = new DarknetAggregator(DarknetAggregatorConfig.defaults().withMaxSources(0));
        DarknetSummary summary = aggregator.result(addAll(aggregator, heavyAmongLight(3, new HashMap<>())));
        assertThat(summary.sources()).isEmpty();
        assertThat(summary.totals().packets()).isGreaterThan(10_000);
    }

    private static DarknetAccumulator addAll(DarknetAggregator aggregator, List<DarknetPacket> packets) {
        DarknetAccumulator accumulator = aggregator.create();
        packets.forEach(p -> aggregator.add(p, accumulator));
        return accumulator;
    }

    private static DarknetAccumulator copy(DarknetAccumulator accumulator) throws IOException {
        return DarknetAccumulator.fromBytes(accumulator.toBytes());
    }
}

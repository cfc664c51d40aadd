package org.kizashi.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kizashi.aggregate.DarknetAggregatorConfig.SeriesSpec;
import org.kizashi.core.telescope.DarknetPacket;

/**
 * Merging partial accumulators must give exactly the single-pass state: same bytes, sketch registers included, for any
 * split of the input and any order and grouping of the merges.
 */
class MergeTest {
    private static final List<DarknetPacket> PACKETS = Packets.mixed(42, 30_000, 2_500);

    static List<DarknetAggregatorConfig> configs() {
        return List.of(
                DarknetAggregatorConfig.defaults(),
                // Small precisions so that many counters cross from exact sets to sketches, at every level.
                new DarknetAggregatorConfig(100_000, 5, 8, 4, List.of(SeriesSpec.all(Resolution.MINUTE, 4),
                        SeriesSpec.all(Resolution.HOUR, 6), SeriesSpec.all(Resolution.DAY, 7))),
                // Hours and days computed from minutes.
                new DarknetAggregatorConfig(100_000, 5, 9, 5, List.of(SeriesSpec.all(Resolution.MINUTE, 6),
                        SeriesSpec.all(Resolution.HOUR, 6), SeriesSpec.all(Resolution.DAY, 6))));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void anySplitMergedInAnyOrderEqualsOnePass(DarknetAggregatorConfig config) throws IOException {
        DarknetAggregator aggregator = new DarknetAggregator(config);
        DarknetAccumulator single = aggregator.create();
        PACKETS.forEach(p -> aggregator.add(p, single));
        byte[] expected = single.toBytes();
        DarknetSummary expectedSummary = aggregator.result(single);
        assertThat(expectedSummary.sourceTable().evictions()).isZero();

        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 12; round++) {
            int parts = 2 + random.nextInt(5);
            List<DarknetAccumulator> partials = new ArrayList<>();
            for (int k = 0; k < parts; k++) {
                partials.add(aggregator.create());
            }
            boolean contiguous = random.nextBoolean(); // like sensors splitting by time, or interleaved
            int cut = 0;
            for (int i = 0; i < PACKETS.size(); i++) {
                int part;
                if (contiguous) {
                    if (cut < parts - 1 && random.nextInt(PACKETS.size() / parts) == 0) {
                        cut++;
                    }
                    part = cut;
                } else {
                    part = random.nextInt(parts);
                }
                aggregator.add(PACKETS.get(i), partials.get(part));
            }
            if (random.nextBoolean()) { // as if posted by sensors: through the binary form
                for (int k = 0; k < parts; k++) {
                    partials.set(k, DarknetAccumulator.fromBytes(partials.get(k).toBytes()));
                }
            }
            // Random merge tree: repeatedly merge two random partials, the order within a pair random too.
            while (partials.size() > 1) {
                DarknetAccumulator left = partials.remove(random.nextInt(partials.size()));
                DarknetAccumulator right = partials.remove(random.nextInt(partials.size()));
                partials.add(aggregator.merge(left, right));
            }
            DarknetAccumulator merged = partials.get(0);
            assertThat(merged.toBytes()).as("round %d, %d parts", round, parts).isEqualTo(expected);
            assertThat(aggregator.result(merged)).isEqualTo(expectedSummary);
        }
    }

    @Test
    void mergeLeavesTheRightOperandUnchangedAndUnshared() {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator left = aggregator.create();
        DarknetAccumulator right = aggregator.create();
        PACKETS.subList(0, 10_000).forEach(p -> aggregator.add(p, left));
        PACKETS.subList(10_000, 20_000).forEach(p -> aggregator.add(p, right));
        byte[] rightBefore = right.toBytes();

        aggregator.merge(left, right);
        PACKETS.subList(20_000, 30_000).forEach(p -> aggregator.add(p, left)); // must not leak into right
        assertThat(right.toBytes()).isEqualTo(rightBefore);
    }

    @Test
    void mergingWithAnEmptyAccumulatorChangesNothing() {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator accumulator = aggregator.create();
        PACKETS.forEach(p -> aggregator.add(p, accumulator));
        byte[] before = accumulator.toBytes();
        assertThat(aggregator.merge(accumulator, aggregator.create()).toBytes()).isEqualTo(before);
        assertThat(aggregator.merge(aggregator.create(), accumulator).toBytes()).isEqualTo(before);
    }
}

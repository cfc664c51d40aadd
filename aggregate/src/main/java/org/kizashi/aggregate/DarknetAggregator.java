package org.kizashi.aggregate;

import java.io.Serializable;
import java.util.Objects;
import org.kizashi.core.Aggregator;
import org.kizashi.core.telescope.DarknetPacket;

/**
 * Aggregates classified, enriched darknet packets into totals, time series, top lists and per-source records.
 *
 * <p>{@link #merge} is commutative and associative: merging the partial accumulators of any split of the input, in any
 * order and grouping, gives the state one accumulator reaches on all of it, byte for byte (sketch states included).
 * The one exception is the per-source table once its bound was reached somewhere: then it keeps the heaviest sources
 * with bounded error (see {@link DarknetSummary.SourceRecord}), merging stays commutative, and everything else stays
 * exact. {@code merge} adds the right accumulator into the left one and returns it; the right one is not changed.
 *
 * <p>Serializable (configuration only), so that a stream processor can ship it to its workers.
 */
public final class DarknetAggregator
        implements Aggregator<DarknetPacket, DarknetAccumulator, DarknetSummary>, Serializable {
    private final DarknetAggregatorConfig config;

    /** With {@link DarknetAggregatorConfig#defaults()}. */
    public DarknetAggregator() {
        this(DarknetAggregatorConfig.defaults());
    }

    public DarknetAggregator(DarknetAggregatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public DarknetAggregatorConfig config() {
        return config;
    }

    @Override
    public DarknetAccumulator create() {
        return new DarknetAccumulator(config);
    }

    /** @throws IllegalArgumentException when the packet's timestamp is before 1970 or after 2225 */
    @Override
    public DarknetAccumulator add(DarknetPacket input, DarknetAccumulator accumulator) {
        accumulator.add(input);
        return accumulator;
    }

    /**
     * @throws IllegalArgumentException when the two were configured differently (other than in {@code topN}), or are
     *                                  the same object
     */
    @Override
    public DarknetAccumulator merge(DarknetAccumulator left, DarknetAccumulator right) {
        left.merge(right);
        return left;
    }

    /** Top lists of this aggregator's length ({@link DarknetAggregatorConfig#topN()}). */
    @Override
    public DarknetSummary result(DarknetAccumulator accumulator) {
        return accumulator.summary(config.topN());
    }
}

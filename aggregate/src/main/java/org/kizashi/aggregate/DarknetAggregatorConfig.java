package org.kizashi.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link DarknetAggregator} aggregates. Unique counts use UltraLogLog sketches of precision p: 2^p bytes, relative
 * standard error about 0.78 / sqrt(2^p) (p=10: 2.4 %, 12: 1.2 %, 14: 0.6 %). Every unique counter starts as an exact
 * set and turns into a sketch only beyond 2^p/8 distinct values, where the set would outgrow the sketch; so sparse
 * counters stay small whatever p is, and p sets what a busy counter costs.
 *
 * <p>A resolution whose kinds of key are all kept at a finer resolution with the same precision is not updated per
 * packet: its buckets are computed from the finer ones when read, which gives exactly the same state (unions of
 * same-precision sketches are lossless) at no cost per packet and no memory.
 *
 * <p>The defaults aim at a day of a large darknet (10 million sources) in well under 2 GB:
 * <ul>
 *   <li>totals, per class and per tag: p=14 (16 KiB per sketch, at most 2 x 10 of them);</li>
 *   <li>minute series of the total, classes and tags, p=10: at most 10 series x 1,440 minutes x 2 sketches x 1 KiB
 *       = 29 MB. Ports, countries and ASes are not kept per minute: a /16 sees thousands of ports and ASes a minute,
 *       some 10 million sparse buckets a day at about 100 bytes each. Enable them for small darknets with
 *       {@link #withSeries};</li>
 *   <li>hour series of every key, p=12: a sparse bucket costs about 100 bytes (65,536 ports x 24 hours would be
 *       160 MB at worst), a busy one two 4 KiB sketches (a few thousand busy port-hours a day);</li>
 *   <li>day series of every key, p=12, computed from the hours;</li>
 *   <li>100,000 per-source records with p=8 sketches (256 bytes, 4.9 %) for destinations, /24s and ports: about
 *       200 bytes for a light source, about 1 KB for a heavy scanner, so 20-100 MB, plus a 16 MiB sketch of evicted
 *       sources once the table is full.</li>
 * </ul>
 *
 * @param maxSources      most per-source records kept (0: none); counts elsewhere never depend on it
 * @param topN            length of the top lists in the result
 * @param totalPrecision  sketch precision of the totals, per class and per tag
 * @param sourcePrecision sketch precision of the per-source distinct counts
 * @param series          which key kinds are kept at which resolution and precision, at most one entry per resolution
 */
public record DarknetAggregatorConfig(int maxSources, int topN, int totalPrecision, int sourcePrecision,
                                      List<SeriesSpec> series) implements Serializable {
    static final int MIN_PRECISION = 4;
    static final int MAX_PRECISION = 18;
    static final int MAX_SOURCES = 50_000_000;

    public DarknetAggregatorConfig {
        if (maxSources < 0 || maxSources > MAX_SOURCES) {
            throw new IllegalArgumentException("maxSources must be in [0, " + MAX_SOURCES + "], got " + maxSources);
        }
        if (topN < 0) {
            throw new IllegalArgumentException("topN must not be negative, got " + topN);
        }
        checkPrecision("totalPrecision", totalPrecision);
        checkPrecision("sourcePrecision", sourcePrecision);
        List<SeriesSpec> sorted = new ArrayList<>(Objects.requireNonNull(series, "series"));
        sorted.sort(Comparator.comparing(SeriesSpec::resolution));
        for (int k = 1; k < sorted.size(); k++) {
            if (sorted.get(k).resolution() == sorted.get(k - 1).resolution()) {
                throw new IllegalArgumentException("resolution " + sorted.get(k).resolution() + " configured twice");
            }
        }
        series = List.copyOf(sorted);
    }

    /** Kinds of key kept at one resolution, with the sketch precision of its buckets. */
    public record SeriesSpec(Resolution resolution, int precision, Set<SeriesKey.Kind> kinds) implements Serializable {
        public SeriesSpec {
            Objects.requireNonNull(resolution, "resolution");
            checkPrecision("precision of " + resolution, precision);
            kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        }

        public static SeriesSpec of(Resolution resolution, int precision, SeriesKey.Kind... kinds) {
            return new SeriesSpec(resolution, precision, Set.of(kinds));
        }

        /** Every kind of key. */
        public static SeriesSpec all(Resolution resolution, int precision) {
            return new SeriesSpec(resolution, precision, EnumSet.allOf(SeriesKey.Kind.class));
        }
    }

    private static void checkPrecision(String name, int precision) {
        if (precision < MIN_PRECISION || precision > MAX_PRECISION) {
            throw new IllegalArgumentException(
                    name + " must be in [" + MIN_PRECISION + ", " + MAX_PRECISION + "], got " + precision);
        }
    }

    /** See the class comment. */
    public static DarknetAggregatorConfig defaults() {
        return new DarknetAggregatorConfig(100_000, 10, 14, 8, List.of(
                SeriesSpec.of(Resolution.MINUTE, 10, SeriesKey.Kind.TOTAL, SeriesKey.Kind.CLASS, SeriesKey.Kind.TAG),
                SeriesSpec.all(Resolution.HOUR, 12),
                SeriesSpec.all(Resolution.DAY, 12)));
    }

    public DarknetAggregatorConfig withMaxSources(int maxSources) {
        return new DarknetAggregatorConfig(maxSources, topN, totalPrecision, sourcePrecision, series);
    }

    public DarknetAggregatorConfig withTopN(int topN) {
        return new DarknetAggregatorConfig(maxSources, topN, totalPrecision, sourcePrecision, series);
    }

    public DarknetAggregatorConfig withSeries(SeriesSpec... series) {
        return new DarknetAggregatorConfig(maxSources, topN, totalPrecision, sourcePrecision, List.of(series));
    }

    public DarknetAggregatorConfig withPrecisions(int totalPrecision, int sourcePrecision) {
        return new DarknetAggregatorConfig(maxSources, topN, totalPrecision, sourcePrecision, series);
    }

    public Optional<SeriesSpec> series(Resolution resolution) {
        return series.stream().filter(s -> s.resolution() == resolution).findFirst();
    }

    /** Whether accumulators of both configurations hold states of the same shape: all but {@code topN} agree. */
    boolean mergeableWith(DarknetAggregatorConfig other) {
        return withTopN(0).equals(other.withTopN(0));
    }
}

package org.kizashi.telescope.detect;

import java.time.Duration;

/**
 * When activity on a port counts as a surge. Each port's distinct sources and packets are counted per
 * {@code interval}; an interval is a surge when its value is at least {@code minFactor} times the baseline (the median
 * of the previous {@code history} intervals, zero-filled) and also clears the baseline by {@code madMultiplier} robust
 * standard deviations (1.4826 times the median absolute deviation), and the port saw at least {@code minSources}
 * distinct sources. A port that was silent before and now has {@code minSources} sources is new activity.
 *
 * @param minHistory intervals that must have been observed before anything is flagged (so that the first hours of a
 *                   capture are not all "new")
 */
public record SurgeSettings(Duration interval, int history, int minHistory, double minFactor, double madMultiplier,
                            long minSources) {
    /** One-hour intervals against the previous day. */
    public static final SurgeSettings DEFAULTS = new SurgeSettings(Duration.ofHours(1), 24, 3, 5.0, 6.0, 20);

    public SurgeSettings {
        if (interval.toSeconds() < 60 || interval.toNanos() % 60_000_000_000L != 0) {
            throw new IllegalArgumentException("the surge interval must be a whole number of minutes: " + interval);
        }
        if (history < 1 || minHistory < 1 || minHistory > history) {
            throw new IllegalArgumentException("surge history: 1 <= minHistory <= history expected");
        }
        if (minFactor < 1 || madMultiplier < 0 || minSources < 1) {
            throw new IllegalArgumentException("surge thresholds: factor >= 1, MAD multiplier >= 0, sources >= 1");
        }
    }

    public SurgeSettings withInterval(Duration newInterval) {
        return new SurgeSettings(newInterval, history, minHistory, minFactor, madMultiplier, minSources);
    }

    public SurgeSettings withMinSources(long newMinSources) {
        return new SurgeSettings(interval, history, minHistory, minFactor, madMultiplier, newMinSources);
    }
}

package org.kizashi.telescope.detect;

import java.time.Duration;

/**
 * When backscatter counts as a denial-of-service attack on its victim. The defaults are CAIDA corsaro's: at least 25
 * packets over at least 60 seconds, a peak of at least 30 packets per minute measured in a 60-second window that
 * slides by 10 seconds, and an attack ends after 300 seconds without packets.
 */
public record DosThresholds(long minPackets, Duration minDuration, double minPeakPerMinute, Duration window,
                            Duration windowStep, Duration idleTimeout) {
    public static final DosThresholds CORSARO = new DosThresholds(25, Duration.ofSeconds(60), 30,
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(300));

    public DosThresholds {
        if (window.isZero() || windowStep.isZero() || window.toNanos() % windowStep.toNanos() != 0) {
            throw new IllegalArgumentException("the window must be a positive multiple of its step");
        }
        if (minPackets < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("minimum packets and idle timeout must be positive");
        }
    }
}

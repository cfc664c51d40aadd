package org.kizashi.aggregate;

import java.time.Duration;
import java.time.Instant;

/** Width of a time-series bucket. Buckets are aligned to UTC: a minute starts at second 0, a day at midnight UTC. */
public enum Resolution {
    MINUTE(60),
    HOUR(3_600),
    DAY(86_400);

    private final long seconds;

    Resolution(long seconds) {
        this.seconds = seconds;
    }

    public Duration length() {
        return Duration.ofSeconds(seconds);
    }

    /** Start of the bucket holding {@code time}. */
    public Instant bucketStart(Instant time) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
    }

    long micros() {
        return seconds * 1_000_000L;
    }
}

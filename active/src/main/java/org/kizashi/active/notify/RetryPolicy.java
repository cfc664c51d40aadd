package org.kizashi.active.notify;

import java.time.Duration;

/**
 * When to try again after a failed attempt: the delay doubles from {@code firstDelay} up to {@code maxDelay}, and
 * after {@code maxAttempts} attempts the notification is given up as FAILED.
 *
 * @param maxAttempts how many attempts in all, at least 1
 * @param firstDelay  the delay after the first failed attempt
 * @param maxDelay    the longest delay between attempts
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (firstDelay == null || firstDelay.isNegative() || maxDelay == null || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay, got " + firstDelay + " and "
                    + maxDelay);
        }
    }

    /** 10 attempts, 1 minute doubling up to 1 hour apart: the mail server may be away for about 4 hours. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /** The delay after {@code failedAttempts} failed attempts (1 for the first). */
    public Duration delayAfter(int failedAttempts) {
        Duration delay = firstDelay;
        for (int i = 1; i < failedAttempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** Whether another attempt follows {@code failedAttempts} failed ones. */
    public boolean allowsAnotherAfter(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }
}

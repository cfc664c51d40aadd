package org.kizashi.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins within {@code window} for the same user name,
 * or from the same client address, further attempts are refused until the window has passed. Kept in memory: a
 * restart forgets it, which is acceptable for a brake (the audit log keeps every failure).
 */
public final class LoginThrottle {
    /** Refused because of earlier failures; {@code retryAfter} says how long to wait. */
    public static final class TooManyAttempts extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Duration retryAfter;

        TooManyAttempts(Duration retryAfter) {
            super("too many failed logins; try again in " + Math.max(1, retryAfter.toMinutes() + (retryAfter.toSecondsPart() > 0 ? 1 : 0))
                    + " minute(s)");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private static final int MAX_TRACKED_KEYS = 100_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Throws {@link TooManyAttempts} when either the user name or the client address is blocked. */
    public void check(String username, String clientAddress) {
        Instant now = clock.instant();
        for (String key : keys(username, clientAddress)) {
            Deque<Instant> times = failures.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                prune(times, now);
                if (times.size() >= maxFailures) {
                    throw new TooManyAttempts(Duration.between(now, times.peekFirst().plus(window)));
                }
            }
        }
    }

    public void failed(String username, String clientAddress) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED_KEYS) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
        for (String key : keys(username, clientAddress)) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                prune(times, now);
                times.addLast(now);
            }
        }
    }

    /** A successful login clears the user name's record (not the address's: one address may try many names). */
    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }

    private static String[] keys(String username, String clientAddress) {
        return new String[] {userKey(username), "client:" + clientAddress};
    }
}

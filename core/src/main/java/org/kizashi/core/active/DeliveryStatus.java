package org.kizashi.core.active;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a notification stands. Flat (a state, counters, times and one line of detail) so that a database keeps it in
 * a few columns.
 *
 * @param state       the state
 * @param attempts    how many times sending was tried
 * @param since       when the state was entered: enqueued, sent, or the last failed attempt
 * @param nextAttempt when the outbox will try next; present for QUEUED and RETRYING only
 * @param detail      the SMTP server's answer for SENT (may be empty), the last error for RETRYING and FAILED,
 *                    empty for QUEUED
 */
public record DeliveryStatus(State state, int attempts, Instant since, Optional<Instant> nextAttempt,
                             String detail) {

    /** The states of a notification. QUEUED and RETRYING are waiting to be sent; SENT and FAILED are final. */
    public enum State {
        QUEUED, SENT, RETRYING, FAILED
    }

    public DeliveryStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        detail = detail == null ? "" : detail;
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        if (nextAttempt.isPresent() != isPending(state)) {
            throw new IllegalArgumentException(state + " " + (isPending(state) ? "needs" : "takes no")
                    + " next attempt time");
        }
    }

    private static boolean isPending(State state) {
        return state == State.QUEUED || state == State.RETRYING;
    }

    public static DeliveryStatus queued(Instant now) {
        return new DeliveryStatus(State.QUEUED, 0, now, Optional.of(now), "");
    }

    public static DeliveryStatus sent(int attempts, Instant at, String smtpResponse) {
        return new DeliveryStatus(State.SENT, attempts, at, Optional.empty(), smtpResponse);
    }

    public static DeliveryStatus retrying(int attempts, Instant at, Instant next, String error) {
        return new DeliveryStatus(State.RETRYING, attempts, at, Optional.of(next), error);
    }

    public static DeliveryStatus failed(int attempts, Instant at, String error) {
        return new DeliveryStatus(State.FAILED, attempts, at, Optional.empty(), error);
    }

    /** Whether the outbox still has to send it. */
    public boolean isPending() {
        return isPending(state);
    }

    /** When it was sent; empty unless SENT. */
    public Optional<Instant> sentAt() {
        return state == State.SENT ? Optional.of(since) : Optional.empty();
    }

    /** The last error; empty unless RETRYING or FAILED. */
    public Optional<String> lastError() {
        return state == State.RETRYING || state == State.FAILED ? Optional.of(detail) : Optional.empty();
    }

    @Override
    public String toString() {
        return switch (state) {
            case QUEUED -> "QUEUED since " + since;
            case SENT -> "SENT at " + since + " (attempt " + attempts + ")" + (detail.isEmpty() ? "" : ": " + detail);
            case RETRYING -> "RETRYING after " + attempts + " failed " + (attempts == 1 ? "attempt" : "attempts")
                    + ", next at " + nextAttempt.orElseThrow() + ": " + detail;
            case FAILED -> "FAILED after " + attempts + " " + (attempts == 1 ? "attempt" : "attempts") + " at "
                    + since + ": " + detail;
        };
    }
}

package org.kizashi.core.active;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A notification in the outbox: the finished mail (RFC 5322 bytes, so that every attempt sends the very same mail,
 * Message-ID included), whom it goes to, and its status.
 *
 * @param key        the de-duplication key (the notification key's value)
 * @param recipients the envelope recipients
 * @param message    the mail as sent; copied in and out
 * @param enqueued   when it was enqueued
 * @param status     where it stands
 */
public record OutboxEntry(String key, List<String> recipients, byte[] message, Instant enqueued,
                          DeliveryStatus status) {
    public OutboxEntry {
        Objects.requireNonNull(key, "key");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one recipient");
        }
        message = message.clone();
        Objects.requireNonNull(enqueued, "enqueued");
        Objects.requireNonNull(status, "status");
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /** The same entry with another status. */
    public OutboxEntry withStatus(DeliveryStatus newStatus) {
        return new OutboxEntry(key, recipients, message, enqueued, newStatus);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxEntry other && key.equals(other.key) && recipients.equals(other.recipients)
                && Arrays.equals(message, other.message) && enqueued.equals(other.enqueued)
                && status.equals(other.status);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key + " to " + String.join(", ", recipients) + ": " + status;
    }
}

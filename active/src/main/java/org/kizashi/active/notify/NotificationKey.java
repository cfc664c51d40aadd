package org.kizashi.active.notify;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * What makes a notification the same notification: its recipient, its kind, the day it is about and what it is
 * about (an address, a domain, a batch). The outbox sends one mail per key, however often it is enqueued.
 *
 * @param recipient the mail address it goes to; compared without regard to case
 * @param kind      what sort of notification, such as {@code subscriber-notice}, {@code isp-daily} or
 *                  {@code abuse-report}
 * @param day       the day the notification is about
 * @param subjectId what it is about on that day, such as the infected address; may be empty
 */
public record NotificationKey(String recipient, String kind, LocalDate day, String subjectId) {
    public NotificationKey {
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("recipient must not be empty");
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind must not be empty");
        }
        Objects.requireNonNull(day, "day");
        recipient = recipient.strip().toLowerCase(Locale.ROOT);
        kind = kind.strip();
        subjectId = subjectId == null ? "" : subjectId.strip();
    }

    /**
     * The key as one string, the form stores index: {@code kind|day|recipient|subjectId}, with any "|" and "%"
     * inside a component percent-encoded so that two different keys never give the same string.
     */
    public String value() {
        return escape(kind) + "|" + day + "|" + escape(recipient) + "|" + escape(subjectId);
    }

    private static String escape(String component) {
        return component.replace("%", "%25").replace("|", "%7C");
    }

    @Override
    public String toString() {
        return value();
    }
}

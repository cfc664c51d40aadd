package org.kizashi.core.active;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a block list: the trigger, the action, and its provenance: the source (a hub community, a feed, a
 * file), why it is listed (for the warning page and for whoever answers a false-positive report), when it was first
 * and last seen in that source, and when it stops holding ({@code null}: until removed).
 */
public record ListEntry(Trigger trigger, PolicyAction action, String source, String reason, Instant firstSeen,
                        Instant lastSeen, Instant expires) {
    public ListEntry {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("last seen " + lastSeen + " is before first seen " + firstSeen);
        }
    }

    /** Whether the entry holds at {@code now} (not yet expired). */
    public boolean activeAt(Instant now) {
        return expires == null || now.isBefore(expires);
    }
}

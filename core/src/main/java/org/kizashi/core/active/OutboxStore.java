package org.kizashi.core.active;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the outbox keeps its notifications, so that a restart or an SMTP outage loses none. Implementations must be
 * safe for use from several threads; {@link #saveIfAbsent} must be atomic, since it is what keeps a notification
 * from being sent twice.
 */
public interface OutboxStore {

    /**
     * Stores {@code entry} unless an entry with its key is stored already.
     *
     * @return the stored entry: {@code entry}, or the one that was there
     */
    OutboxEntry saveIfAbsent(OutboxEntry entry);

    /**
     * Replaces the stored entry of the same key (its status changed).
     *
     * @throws IllegalArgumentException when no entry has that key
     */
    void update(OutboxEntry entry);

    /** The entry of {@code key} (the notification key's value). */
    Optional<OutboxEntry> find(String key);

    /** The most recently enqueued entries, newest first, at most {@code limit}. */
    List<OutboxEntry> recent(int limit);

    /** Entries waiting to be sent (QUEUED or RETRYING) whose next attempt is due at {@code now}, oldest due first. */
    List<OutboxEntry> due(Instant now, int limit);
}

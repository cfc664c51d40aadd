package org.kizashi.active.notify;

import org.kizashi.core.active.OutboxStore;
import org.kizashi.core.active.OutboxEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An outbox store in memory: for tests and for a single process that may lose its queue when it stops. */
public final class InMemoryOutboxStore implements OutboxStore {
    private final Map<String, OutboxEntry> entries = new HashMap<>();

    @Override
    public synchronized OutboxEntry saveIfAbsent(OutboxEntry entry) {
        return entries.computeIfAbsent(entry.key(), k -> entry);
    }

    @Override
    public synchronized void update(OutboxEntry entry) {
        if (!entries.containsKey(entry.key())) {
            throw new IllegalArgumentException("no outbox entry with key " + entry.key());
        }
        entries.put(entry.key(), entry);
    }

    @Override
    public synchronized Optional<OutboxEntry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized List<OutboxEntry> recent(int limit) {
        return entries.values().stream()
                .sorted(Comparator.comparing(OutboxEntry::enqueued).reversed().thenComparing(OutboxEntry::key))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<OutboxEntry> due(Instant now, int limit) {
        return entries.values().stream()
                .filter(e -> e.status().nextAttempt().map(next -> !next.isAfter(now)).orElse(false))
                .sorted(Comparator.comparing((OutboxEntry e) -> e.status().nextAttempt().orElseThrow())
                        .thenComparing(OutboxEntry::enqueued).thenComparing(OutboxEntry::key))
                .limit(limit)
                .toList();
    }
}

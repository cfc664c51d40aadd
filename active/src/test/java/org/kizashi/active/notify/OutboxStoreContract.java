package org.kizashi.active.notify;

import org.kizashi.core.active.OutboxStore;
import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.DeliveryStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OutboxStore} must do, whatever keeps the entries. Public, and in the test jar, so that the
 * database store's test can extend it too.
 */
public abstract class OutboxStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    private OutboxStore store;

    /** A new, empty store. */
    protected abstract OutboxStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static OutboxEntry entry(String key, Instant enqueued, DeliveryStatus status) {
        return new OutboxEntry(key, List.of("abuse@hikari.example.jp"),
                ("Subject: " + key + "\r\n\r\n本文\r\n").getBytes(StandardCharsets.UTF_8), enqueued, status);
    }

    private static OutboxEntry queued(String key, Instant at) {
        return entry(key, at, DeliveryStatus.queued(at));
    }

    @Test
    void savesOnlyTheFirstEntryOfAKey() {
        OutboxEntry first = queued("k1", T0);
        OutboxEntry second = queued("k1", T0.plusSeconds(5));

        assertThat(store.saveIfAbsent(first)).isEqualTo(first);
        assertThat(store.saveIfAbsent(second)).isEqualTo(first);
        assertThat(store.find("k1")).contains(first);
        assertThat(store.find("k1").orElseThrow().message()).isEqualTo(first.message());
        assertThat(store.find("k2")).isEmpty();
    }

    @Test
    void updatesTheStatusOfAStoredEntryOnly() {
        OutboxEntry entry = queued("k1", T0);
        store.saveIfAbsent(entry);
        OutboxEntry sent = entry.withStatus(DeliveryStatus.sent(1, T0.plusSeconds(1), "250 OK"));

        store.update(sent);

        assertThat(store.find("k1").map(OutboxEntry::status)).contains(sent.status());
        assertThatThrownBy(() -> store.update(queued("unknown", T0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find("unknown")).isEmpty();
    }

    @Test
    void listsRecentEntriesNewestFirst() {
        for (int i = 0; i < 5; i++) {
            store.saveIfAbsent(queued("k" + i, T0.plusSeconds(i)));
        }

        assertThat(store.recent(3)).extracting(OutboxEntry::key).containsExactly("k4", "k3", "k2");
    }

    @Test
    void dueEntriesArePendingOnesWhoseTimeHasCome() {
        Instant now = T0.plus(Duration.ofHours(1));
        store.saveIfAbsent(queued("queued-late", T0.plusSeconds(30)));
        store.saveIfAbsent(queued("queued-early", T0));
        store.saveIfAbsent(entry("retry-due", T0, DeliveryStatus.retrying(1, T0, T0.plusSeconds(10), "down")));
        store.saveIfAbsent(entry("retry-later", T0, DeliveryStatus.retrying(1, T0, now.plusSeconds(1), "down")));
        store.saveIfAbsent(entry("sent", T0, DeliveryStatus.sent(1, T0, "250 OK")));
        store.saveIfAbsent(entry("failed", T0, DeliveryStatus.failed(3, T0, "550 no such user")));
        store.saveIfAbsent(queued("queued-now", now));

        assertThat(store.due(now, 10)).extracting(OutboxEntry::key)
                .containsExactly("queued-early", "retry-due", "queued-late", "queued-now");
        assertThat(store.due(now, 2)).extracting(OutboxEntry::key).containsExactly("queued-early", "retry-due");
    }
}

package org.kizashi.store;

import static org.kizashi.store.Tables.ActiveOutbox.ATTEMPTS;
import static org.kizashi.store.Tables.ActiveOutbox.DETAIL;
import static org.kizashi.store.Tables.ActiveOutbox.ENQUEUED;
import static org.kizashi.store.Tables.ActiveOutbox.KEY;
import static org.kizashi.store.Tables.ActiveOutbox.MESSAGE;
import static org.kizashi.store.Tables.ActiveOutbox.NEXT_ATTEMPT;
import static org.kizashi.store.Tables.ActiveOutbox.RECIPIENTS;
import static org.kizashi.store.Tables.ActiveOutbox.SINCE;
import static org.kizashi.store.Tables.ActiveOutbox.STATE;
import static org.kizashi.store.Tables.ActiveOutbox.T;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.kizashi.core.active.DeliveryStatus;
import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.OutboxStore;
import org.kizashi.core.identity.DuplicateException;

/**
 * The notification outbox in {@code active_outbox}. The key is the primary key, so an insert of a key already there
 * fails in the database itself: two processes cannot both enqueue one notification.
 */
final class JooqOutboxStore implements OutboxStore {
    private static final List<Field<?>> COLUMNS = List.of(KEY, RECIPIENTS, MESSAGE, ENQUEUED, STATE, ATTEMPTS, SINCE,
            NEXT_ATTEMPT, DETAIL);

    private final DSLContext dsl;

    JooqOutboxStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public OutboxEntry saveIfAbsent(OutboxEntry entry) {
        Optional<OutboxEntry> existing = find(entry.key());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            DeliveryStatus s = entry.status();
            return Constraints.unique("notification " + entry.key(), () -> {
                dsl.insertInto(T).columns(COLUMNS).values(entry.key(), String.join("\n", entry.recipients()),
                        entry.message(), entry.enqueued(), s.state().name(), s.attempts(), s.since(),
                        s.nextAttempt().orElse(null), cut(s.detail())).execute();
                return entry;
            });
        } catch (DuplicateException e) {
            return find(entry.key()).orElseThrow(() -> e); // enqueued by another process meanwhile
        }
    }

    @Override
    public void update(OutboxEntry entry) {
        DeliveryStatus s = entry.status();
        int updated = dsl.update(T).set(STATE, s.state().name()).set(ATTEMPTS, s.attempts()).set(SINCE, s.since())
                .set(NEXT_ATTEMPT, s.nextAttempt().orElse(null)).set(DETAIL, cut(s.detail()))
                .where(KEY.eq(entry.key())).execute();
        if (updated == 0) {
            throw new IllegalArgumentException("no notification " + entry.key() + " in the outbox");
        }
    }

    @Override
    public Optional<OutboxEntry> find(String key) {
        return dsl.select(COLUMNS).from(T).where(KEY.eq(key)).fetchOptional(JooqOutboxStore::entry);
    }

    @Override
    public List<OutboxEntry> recent(int limit) {
        return dsl.select(COLUMNS).from(T).orderBy(ENQUEUED.desc(), KEY.desc()).limit(limit)
                .fetch(JooqOutboxStore::entry);
    }

    @Override
    public List<OutboxEntry> due(Instant now, int limit) {
        return dsl.select(COLUMNS).from(T).where(NEXT_ATTEMPT.le(now))
                .and(STATE.in(DeliveryStatus.State.QUEUED.name(), DeliveryStatus.State.RETRYING.name()))
                .orderBy(NEXT_ATTEMPT.asc(), KEY.asc()).limit(limit).fetch(JooqOutboxStore::entry);
    }

    private static String cut(String detail) {
        return detail.length() <= 2000 ? detail : detail.substring(0, 2000);
    }

    private static OutboxEntry entry(Record r) {
        DeliveryStatus status = new DeliveryStatus(DeliveryStatus.State.valueOf(r.get(STATE)), r.get(ATTEMPTS),
                r.get(SINCE), Optional.ofNullable(r.get(NEXT_ATTEMPT)), r.get(DETAIL));
        return new OutboxEntry(r.get(KEY), Arrays.asList(r.get(RECIPIENTS).split("\n")), r.get(MESSAGE),
                r.get(ENQUEUED), status);
    }
}

package org.kizashi.store;

import static org.kizashi.store.Tables.ActiveConsent.CHANGED_AT;
import static org.kizashi.store.Tables.ActiveConsent.CHANGED_BY;
import static org.kizashi.store.Tables.ActiveConsent.CHANNEL;
import static org.kizashi.store.Tables.ActiveConsent.ID;
import static org.kizashi.store.Tables.ActiveConsent.ISP;
import static org.kizashi.store.Tables.ActiveConsent.NOTE;
import static org.kizashi.store.Tables.ActiveConsent.STATUS;
import static org.kizashi.store.Tables.ActiveConsent.SUBSCRIBER;
import static org.kizashi.store.Tables.ActiveConsent.T;
import static org.jooq.impl.DSL.max;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.kizashi.core.active.ConsentChange;
import org.kizashi.core.active.ConsentChannel;
import org.kizashi.core.active.ConsentRepository;
import org.kizashi.core.active.ConsentStatus;

/** The consent registry in {@code active_consent}: append-only, the latest row of a subscriber is its state. */
final class JooqConsentRepository implements ConsentRepository {
    private static final List<Field<?>> COLUMNS = List.of(ID, ISP, SUBSCRIBER, STATUS, CHANNEL, CHANGED_BY, CHANGED_AT,
            NOTE);
    private final DSLContext dsl;
    private final Clock clock;

    JooqConsentRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public ConsentChange record(String isp, String subscriber, ConsentStatus status, ConsentChannel channel,
                                String changedBy, String note) {
        if (isp.isBlank() || subscriber.isBlank()) {
            throw new IllegalArgumentException("a consent change needs an ISP and a subscriber");
        }
        long id = dsl.insertInto(T, ISP, SUBSCRIBER, STATUS, CHANNEL, CHANGED_BY, CHANGED_AT, NOTE)
                .values(isp, subscriber, status.id(), channel.id(), changedBy, clock.instant(), note == null ? "" : note)
                .returningResult(ID).fetchOne(ID);
        return dsl.select(COLUMNS).from(T).where(ID.eq(id)).fetchOne(JooqConsentRepository::change);
    }

    @Override
    public Optional<ConsentChange> current(String isp, String subscriber) {
        return dsl.select(COLUMNS).from(T).where(ISP.eq(isp)).and(SUBSCRIBER.eq(subscriber))
                .orderBy(ID.desc()).limit(1).fetchOptional(JooqConsentRepository::change);
    }

    @Override
    public List<ConsentChange> optedOut() {
        var latest = dsl.select(max(ID)).from(T).groupBy(ISP, SUBSCRIBER);
        return dsl.select(COLUMNS).from(T).where(ID.in(latest)).and(STATUS.eq(ConsentStatus.OPTED_OUT.id()))
                .orderBy(ID.desc()).fetch(JooqConsentRepository::change);
    }

    @Override
    public List<ConsentChange> history(String isp, String subscriber) {
        return dsl.select(COLUMNS).from(T).where(ISP.eq(isp)).and(SUBSCRIBER.eq(subscriber))
                .orderBy(ID.asc()).fetch(JooqConsentRepository::change);
    }

    private static ConsentChange change(Record r) {
        return new ConsentChange(r.get(ID), r.get(ISP), r.get(SUBSCRIBER), ConsentStatus.parse(r.get(STATUS)),
                ConsentChannel.parse(r.get(CHANNEL)), r.get(CHANGED_BY), r.get(CHANGED_AT), r.get(NOTE));
    }
}

package org.kizashi.store;

import static org.kizashi.store.Tables.IntelWidenings.ANONYMISE;
import static org.kizashi.store.Tables.IntelWidenings.COMMUNITY_ID;
import static org.kizashi.store.Tables.IntelWidenings.DECIDED_AT;
import static org.kizashi.store.Tables.IntelWidenings.DECIDED_BY;
import static org.kizashi.store.Tables.IntelWidenings.DECISION_NOTE;
import static org.kizashi.store.Tables.IntelWidenings.FROM_LEVEL;
import static org.kizashi.store.Tables.IntelWidenings.ID;
import static org.kizashi.store.Tables.IntelWidenings.PROVIDER_ID;
import static org.kizashi.store.Tables.IntelWidenings.REASON;
import static org.kizashi.store.Tables.IntelWidenings.REQUESTED_AT;
import static org.kizashi.store.Tables.IntelWidenings.REQUESTED_BY;
import static org.kizashi.store.Tables.IntelWidenings.REQUESTER_ID;
import static org.kizashi.store.Tables.IntelWidenings.STATUS;
import static org.kizashi.store.Tables.IntelWidenings.STIX_ID;
import static org.kizashi.store.Tables.IntelWidenings.T;
import static org.kizashi.store.Tables.IntelWidenings.TO_LEVEL;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.WideningRepository;
import org.kizashi.core.intel.WideningRequest;
import org.kizashi.store.Tables.IntelObjects;

/** Widening requests in {@code intel_widenings}; a decision and the level change it brings share one transaction. */
final class JooqWideningRepository implements WideningRepository {
    private static final SharingLevel[] LEVELS = SharingLevel.values();
    private static final List<Field<?>> COLUMNS = List.of(ID, COMMUNITY_ID, STIX_ID, PROVIDER_ID, FROM_LEVEL,
            TO_LEVEL, ANONYMISE, REQUESTER_ID, REQUESTED_BY, REQUESTED_AT, REASON, STATUS, DECIDED_BY, DECIDED_AT,
            DECISION_NOTE);

    private final Database database;
    private final DSLContext dsl;
    private final JooqStixObjectRepository objects;
    private final Clock clock;

    JooqWideningRepository(Database database, DSLContext dsl, JooqStixObjectRepository objects, Clock clock) {
        this.database = database;
        this.dsl = dsl;
        this.objects = objects;
        this.clock = clock;
    }

    @Override
    public WideningRequest request(long communityId, String stixId, SharingLevel to, boolean anonymise,
                                   long requesterOrganisationId, String requestedBy, String reason) {
        return database.inTransaction(() -> {
            Record3<Short, Long, Boolean> current = latest(communityId, stixId)
                    .orElseThrow(() -> new IllegalStateException("the community holds no object " + stixId));
            SharingLevel from = LEVELS[current.value1()];
            if (!to.widerThan(from)) {
                throw new IllegalStateException("the object is shared at " + from.id() + " already; " + to.id()
                        + " is not wider");
            }
            if (dsl.fetchExists(dsl.selectOne().from(T).where(STIX_ID.eq(stixId)).and(COMMUNITY_ID.eq(communityId))
                    .and(STATUS.eq("pending")))) {
                throw new IllegalStateException("a request to widen " + stixId + " awaits its provider's decision");
            }
            long id = dsl.insertInto(T, COMMUNITY_ID, STIX_ID, PROVIDER_ID, FROM_LEVEL, TO_LEVEL, ANONYMISE,
                            REQUESTER_ID, REQUESTED_BY, REQUESTED_AT, REASON, STATUS)
                    .values(communityId, stixId, current.value2(), (short) from.ordinal(), (short) to.ordinal(),
                            anonymise, requesterOrganisationId, requestedBy, clock.instant(), reason, "pending")
                    .returningResult(ID).fetchOne(ID);
            return find(id).orElseThrow();
        });
    }

    /** The level, provider and anonymity of an object's latest version in a community, locked. */
    private Optional<Record3<Short, Long, Boolean>> latest(long communityId, String stixId) {
        return dsl.select(IntelObjects.LEVEL, IntelObjects.PROVIDER_ID, IntelObjects.ANONYMISED)
                .from(IntelObjects.T)
                .where(IntelObjects.STIX_ID.eq(stixId)).and(IntelObjects.COMMUNITY_ID.eq(communityId))
                .and(IntelObjects.IS_LATEST.isTrue())
                .forUpdate().fetchOptional();
    }

    @Override
    public Optional<WideningRequest> find(long id) {
        return dsl.select(COLUMNS).from(T).where(ID.eq(id)).fetchOptional(JooqWideningRepository::request);
    }

    @Override
    public List<WideningRequest> pendingFor(long providerOrganisationId) {
        return dsl.select(COLUMNS).from(T).where(PROVIDER_ID.eq(providerOrganisationId)).and(STATUS.eq("pending"))
                .orderBy(REQUESTED_AT, ID).fetch(JooqWideningRepository::request);
    }

    @Override
    public List<WideningRequest> involving(long organisationId, int limit) {
        return dsl.select(COLUMNS).from(T).where(PROVIDER_ID.eq(organisationId)).or(REQUESTER_ID.eq(organisationId))
                .orderBy(ID.desc()).limit(limit).fetch(JooqWideningRepository::request);
    }

    @Override
    public List<WideningRequest> ofObject(long communityId, String stixId) {
        return dsl.select(COLUMNS).from(T).where(STIX_ID.eq(stixId)).and(COMMUNITY_ID.eq(communityId))
                .orderBy(ID.desc()).fetch(JooqWideningRepository::request);
    }

    @Override
    public Optional<WideningRequest> decide(long id, boolean approve, String decidedBy, String note) {
        return database.inTransaction(() -> {
            Optional<WideningRequest> pending = dsl.select(COLUMNS).from(T).where(ID.eq(id)).and(STATUS.eq("pending"))
                    .forUpdate().fetchOptional(JooqWideningRepository::request);
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            WideningRequest request = pending.get();
            String status = approve ? "approved" : "rejected";
            Optional<Record3<Short, Long, Boolean>> current = latest(request.communityId(), request.stixId());
            if (current.isEmpty() || current.get().value1() != request.from().ordinal()) {
                status = "withdrawn"; // the object went, or changed level, since the request was made
            }
            dsl.update(T).set(STATUS, status).set(DECIDED_BY, decidedBy).set(DECIDED_AT, clock.instant())
                    .set(DECISION_NOTE, note).where(ID.eq(id)).execute();
            if (status.equals("approved")) {
                // Once published on the provider's behalf, an object stays anonymised.
                objects.changeLevelInTransaction(request.communityId(), request.stixId(), request.to(),
                        request.anonymise() || current.get().value3());
            }
            return find(id);
        });
    }

    private static WideningRequest request(Record r) {
        return new WideningRequest(r.get(ID), r.get(COMMUNITY_ID), r.get(STIX_ID), r.get(PROVIDER_ID),
                LEVELS[r.get(FROM_LEVEL)], LEVELS[r.get(TO_LEVEL)], r.get(ANONYMISE), r.get(REQUESTER_ID),
                r.get(REQUESTED_BY), r.get(REQUESTED_AT), r.get(REASON), WideningRequest.Status.parse(r.get(STATUS)),
                Optional.ofNullable(r.get(DECIDED_BY)), Optional.ofNullable(r.get(DECIDED_AT)),
                r.get(DECISION_NOTE));
    }
}

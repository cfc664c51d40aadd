package org.kizashi.store;

import static org.kizashi.store.Tables.IntelObjects.ANONYMISED;
import static org.kizashi.store.Tables.IntelObjects.BODY;
import static org.kizashi.store.Tables.IntelObjects.COMMUNITY_ID;
import static org.kizashi.store.Tables.IntelObjects.DATE_ADDED;
import static org.kizashi.store.Tables.IntelObjects.IS_FIRST;
import static org.kizashi.store.Tables.IntelObjects.IS_LATEST;
import static org.kizashi.store.Tables.IntelObjects.LEVEL;
import static org.kizashi.store.Tables.IntelObjects.PROVIDER_ID;
import static org.kizashi.store.Tables.IntelObjects.SEQ;
import static org.kizashi.store.Tables.IntelObjects.SPEC_VERSION;
import static org.kizashi.store.Tables.IntelObjects.STIX_ID;
import static org.kizashi.store.Tables.IntelObjects.STIX_TYPE;
import static org.kizashi.store.Tables.IntelObjects.T;
import static org.kizashi.store.Tables.IntelObjects.VERSION_AT;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.ObjectQuery;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.core.intel.StixObjectRepository;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.store.Tables.IntelCommunities;

/**
 * STIX object versions in {@code intel_objects}. Adding locks the community's row, so that the dates added of a
 * community strictly increase even with concurrent writers; times are kept to the microsecond (the databases'
 * precision), so a version time finer than that is compared at microseconds. The reader's levels are a condition of
 * every query, never a filter applied afterwards: pages are full, and nothing is counted that the reader cannot see.
 */
final class JooqStixObjectRepository implements StixObjectRepository {
    private static final SharingLevel[] LEVELS = SharingLevel.values();

    private final Database database;
    private final DSLContext dsl;
    private final Clock clock;

    JooqStixObjectRepository(Database database, DSLContext dsl, Clock clock) {
        this.database = database;
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public List<AddOutcome> add(SharingScope scope, boolean anonymised, List<StixObjectVersion> versions) {
        return database.inTransaction(() -> {
            if (dsl.select(IntelCommunities.ID).from(IntelCommunities.T)
                    .where(IntelCommunities.ID.eq(scope.communityId())).forUpdate().fetchOptional().isEmpty()) {
                throw new IllegalArgumentException("no community " + scope.communityId());
            }
            Instant last = dsl.select(DSL.max(DATE_ADDED)).from(T).where(COMMUNITY_ID.eq(scope.communityId()))
                    .fetchOne(0, Instant.class);
            List<AddOutcome> outcomes = new ArrayList<>(versions.size());
            for (StixObjectVersion version : versions) {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                Instant dateAdded = last == null || now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
                AddOutcome outcome = addOne(scope, anonymised, version, dateAdded);
                if (outcome.status() == AddOutcome.Status.ADDED) {
                    last = dateAdded;
                }
                outcomes.add(outcome);
            }
            return outcomes;
        });
    }

    private AddOutcome addOne(SharingScope scope, boolean anonymised, StixObjectVersion version, Instant dateAdded) {
        Instant versionAt = version.version().map(v -> v.truncatedTo(ChronoUnit.MICROS)).orElse(dateAdded);
        Result<Record3<Instant, Short, Long>> existing = dsl.select(VERSION_AT, LEVEL, PROVIDER_ID).from(T)
                .where(COMMUNITY_ID.eq(scope.communityId())).and(STIX_ID.eq(version.id())).fetch();
        Instant first = null;
        Instant latest = null;
        for (Record3<Instant, Short, Long> r : existing) {
            Instant at = r.get(VERSION_AT);
            if (at.equals(versionAt)) {
                return new AddOutcome(version.id(), AddOutcome.Status.ALREADY_PRESENT, "");
            }
            if (r.get(LEVEL) != scope.level().ordinal() || r.get(PROVIDER_ID) != scope.providerOrganisationId()) {
                return new AddOutcome(version.id(), AddOutcome.Status.REFUSED, "this community holds the object "
                        + "under another provider or sharing level; a change needs the provider's approval");
            }
            first = first == null || at.isBefore(first) ? at : first;
            latest = latest == null || at.isAfter(latest) ? at : latest;
        }
        boolean isFirst = first == null || versionAt.isBefore(first);
        boolean isLatest = latest == null || versionAt.isAfter(latest);
        Condition sameObject = COMMUNITY_ID.eq(scope.communityId()).and(STIX_ID.eq(version.id()));
        if (isFirst && first != null) {
            dsl.update(T).set(IS_FIRST, false).where(sameObject).execute();
        }
        if (isLatest && latest != null) {
            dsl.update(T).set(IS_LATEST, false).where(sameObject).execute();
        }
        dsl.insertInto(T)
                .set(COMMUNITY_ID, scope.communityId())
                .set(STIX_ID, version.id())
                .set(STIX_TYPE, version.type())
                .set(SPEC_VERSION, version.specVersion())
                .set(VERSION_AT, versionAt)
                .set(DATE_ADDED, dateAdded)
                .set(LEVEL, (short) scope.level().ordinal())
                .set(PROVIDER_ID, scope.providerOrganisationId())
                .set(ANONYMISED, anonymised)
                .set(IS_LATEST, isLatest)
                .set(IS_FIRST, isFirst)
                .set(BODY, version.json())
                .execute();
        return new AddOutcome(version.id(), AddOutcome.Status.ADDED, "");
    }

    @Override
    public ObjectPage find(IntelReader reader, long communityId, ObjectQuery query) {
        Condition where = COMMUNITY_ID.eq(communityId).and(readableBy(reader, communityId));
        if (query.addedAfter().isPresent()) {
            where = where.and(DATE_ADDED.gt(query.addedAfter().get()));
        }
        if (!query.ids().isEmpty()) {
            where = where.and(STIX_ID.in(query.ids()));
        }
        if (!query.types().isEmpty()) {
            where = where.and(STIX_TYPE.in(query.types()));
        }
        if (!query.specVersions().isEmpty()) {
            where = where.and(SPEC_VERSION.in(query.specVersions()));
        }
        where = where.and(versions(query.versions()));
        List<StoredObject> objects = dsl.select(SEQ, STIX_ID, STIX_TYPE, SPEC_VERSION, VERSION_AT, DATE_ADDED, LEVEL,
                        PROVIDER_ID, ANONYMISED, BODY, COMMUNITY_ID)
                .from(T).where(where).orderBy(DATE_ADDED).limit(query.limit() + 1)
                .fetch(JooqStixObjectRepository::stored);
        boolean more = objects.size() > query.limit();
        return new ObjectPage(more ? objects.subList(0, query.limit()) : objects, more);
    }

    /** The rule of {@link IntelReader#canRead} as a condition on a community's rows. */
    private static Condition readableBy(IntelReader reader, long communityId) {
        Condition readable = LEVEL.eq((short) SharingLevel.WHITE.ordinal())
                .or(PROVIDER_ID.eq(reader.organisationId()));
        SharingLevel narrowest = reader.narrowestReadableByCommunity().get(communityId);
        if (narrowest != null) {
            readable = readable.or(LEVEL.ge((short) narrowest.ordinal()));
        }
        return readable;
    }

    private static Condition versions(ObjectQuery.Versions versions) {
        if (versions.all()) {
            return DSL.trueCondition();
        }
        Condition selected = DSL.falseCondition();
        if (versions.first()) {
            selected = selected.or(IS_FIRST.isTrue());
        }
        if (versions.last()) {
            selected = selected.or(IS_LATEST.isTrue());
        }
        if (!versions.at().isEmpty()) {
            selected = selected.or(VERSION_AT.in(versions.at().stream()
                    .map(at -> at.truncatedTo(ChronoUnit.MICROS)).toList()));
        }
        return selected;
    }

    private static StoredObject stored(Record r) {
        Instant versionAt = r.get(VERSION_AT);
        Instant dateAdded = r.get(DATE_ADDED);
        StixObjectVersion object = new StixObjectVersion(r.get(STIX_ID), r.get(STIX_TYPE), r.get(SPEC_VERSION),
                Optional.of(versionAt), r.get(BODY));
        return new StoredObject(r.get(SEQ), dateAdded, versionAt,
                new SharingScope(r.get(COMMUNITY_ID), LEVELS[r.get(LEVEL)], r.get(PROVIDER_ID)), r.get(ANONYMISED),
                object);
    }
}

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
import static org.kizashi.store.Tables.IntelObjects.TITLE;
import static org.kizashi.store.Tables.IntelObjects.VERSION_AT;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Record5;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.SettingsTools;
import org.jooq.impl.DSL;
import org.kizashi.core.intel.BrowseQuery;
import org.kizashi.core.intel.Correlation;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.ObjectPage;
import org.kizashi.core.intel.ObjectQuery;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.core.intel.StixObjectRepository;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.store.Tables.IntelCommunities;
import org.kizashi.store.Tables.IntelValues;
import org.kizashi.store.Tables.IntelWidenings;

/**
 * STIX object versions in {@code intel_objects}. Adding locks the community's row, so that the dates added of a
 * community strictly increase even with concurrent writers; times are kept to the microsecond (the databases'
 * precision), so a version time finer than that is compared at microseconds. The reader's levels are a condition of
 * every query, never a filter applied afterwards: pages are full, and nothing is counted that the reader cannot see.
 */
final class JooqStixObjectRepository implements StixObjectRepository {
    private static final SharingLevel[] LEVELS = SharingLevel.values();
    /** Ids per IN list, rows per INSERT: well under both databases' limits on parameters per statement. */
    private static final int IN_LIST = 1000;
    private static final int INSERT_ROWS = 1000;
    /** Value index rows per statement. */
    private static final int VALUE_ROWS = 10_000;
    /** The longest observable value the index keeps (the column's size). */
    private static final int MAX_VALUE_LENGTH = 2000;
    private static final Hasher64 VALUE_HASH = Hashing.komihash5_0();
    private static final List<Field<?>> COLUMNS = List.of(SEQ, STIX_ID, STIX_TYPE, SPEC_VERSION, VERSION_AT,
            DATE_ADDED, LEVEL, PROVIDER_ID, ANONYMISED, BODY, COMMUNITY_ID, TITLE);

    private final Database database;
    private final DSLContext dsl;
    /**
     * The same context, joining the same transactions, without casts around bind values: H2 evaluates
     * {@code stix_id IN (CAST(? AS VARCHAR), ...)} row by row instead of through the index. Only for queries whose
     * values are strings, numbers or booleans (an {@link Instant} needs its cast on PostgreSQL).
     */
    private final DSLContext uncast;
    private final Clock clock;

    JooqStixObjectRepository(Database database, DSLContext dsl, Clock clock) {
        this.database = database;
        this.dsl = dsl;
        this.uncast = DSL.using(dsl.configuration().derive(
                SettingsTools.clone(dsl.settings()).withParamCastMode(ParamCastMode.NEVER)));
        this.clock = clock;
    }

    @Override
    public List<AddOutcome> add(SharingScope scope, boolean anonymised, List<StixObjectVersion> versions) {
        List<AddOutcome> outcomes = addInTransaction(scope, anonymised, versions);
        database.intelRowsAdded(outcomes.stream().filter(o -> o.status() == AddOutcome.Status.ADDED).count());
        return outcomes;
    }

    private List<AddOutcome> addInTransaction(SharingScope scope, boolean anonymised, List<StixObjectVersion> versions) {
        return database.inTransaction(() -> {
            // The table has no foreign keys (V5, for the ingest rate): both are checked here, once per call.
            if (dsl.select(IntelCommunities.ID).from(IntelCommunities.T)
                    .where(IntelCommunities.ID.eq(scope.communityId())).forUpdate().fetchOptional().isEmpty()) {
                throw new IllegalArgumentException("no community " + scope.communityId());
            }
            if (!dsl.fetchExists(Tables.Organisations.T, Tables.Organisations.ID.eq(scope.providerOrganisationId()))) {
                throw new IllegalArgumentException("no organisation " + scope.providerOrganisationId());
            }
            Instant last = dsl.select(DSL.max(DATE_ADDED)).from(T).where(COMMUNITY_ID.eq(scope.communityId()))
                    .fetchOne(0, Instant.class);
            Map<String, Versions> objects = stored(scope.communityId(), versions);
            List<AddOutcome> outcomes = new ArrayList<>(versions.size());
            List<Row> rows = new ArrayList<>(versions.size());
            for (StixObjectVersion version : versions) {
                Instant dateAdded = nextDateAdded(last);
                Instant versionAt = version.version().map(v -> v.truncatedTo(ChronoUnit.MICROS)).orElse(dateAdded);
                Versions known = objects.get(version.id());
                if (known != null && known.at.contains(versionAt)) {
                    outcomes.add(new AddOutcome(version.id(), AddOutcome.Status.ALREADY_PRESENT, ""));
                    continue;
                }
                if (known != null && (known.level != scope.level().ordinal()
                        || known.provider != scope.providerOrganisationId())) {
                    outcomes.add(new AddOutcome(version.id(), AddOutcome.Status.REFUSED, "this community holds the "
                            + "object under another provider or sharing level; a change needs the provider's approval"));
                    continue;
                }
                if (known == null) {
                    known = new Versions((short) scope.level().ordinal(), scope.providerOrganisationId(), null, null);
                    objects.put(version.id(), known);
                }
                known.add(versionAt);
                rows.add(new Row(version, versionAt, dateAdded));
                last = dateAdded;
                outcomes.add(new AddOutcome(version.id(), AddOutcome.Status.ADDED, ""));
            }
            write(scope, anonymised, objects, rows);
            return outcomes;
        });
    }

    /** Now, to the microsecond, or just after {@code last} (the community's latest date added) if that is not later. */
    private Instant nextDateAdded(Instant last) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return last == null || now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
    }

    /** A version to insert, with its version time and date added. */
    private record Row(StixObjectVersion version, Instant versionAt, Instant dateAdded) {
    }

    /**
     * The versions of one object in the community, those stored and those of this call, with its level and provider,
     * and its first and latest version as stored before this call (null for a new object).
     */
    private static final class Versions {
        final short level;
        final long provider;
        final Instant storedFirst;
        final Instant storedLatest;
        final Set<Instant> at = new HashSet<>();
        Instant first;
        Instant latest;

        Versions(short level, long provider, Instant storedFirst, Instant storedLatest) {
            this.level = level;
            this.provider = provider;
            this.storedFirst = storedFirst;
            this.storedLatest = storedLatest;
            this.first = storedFirst;
            this.latest = storedLatest;
        }

        void add(Instant version) {
            at.add(version);
            first = first == null || version.isBefore(first) ? version : first;
            latest = latest == null || version.isAfter(latest) ? version : latest;
        }
    }

    /**
     * The versions of the objects named in {@code versions} that the community holds, by id: one query per thousand
     * ids, each id looked up in the index that leads with the id.
     */
    private Map<String, Versions> stored(long communityId, List<StixObjectVersion> versions) {
        List<String> ids = versions.stream().map(StixObjectVersion::id).distinct().toList();
        Map<String, List<StoredVersion>> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            String[] chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST)).toArray(String[]::new);
            // A join with the unnested ids: one index look-up per id on both databases, whatever the statistics say
            // (H2 read "id IN (...)" as a range of the index, a scan that grew with the table). Other communities'
            // rows are dropped here: with the community in the query, H2 walked the community's rows instead.
            for (Record r : dsl.fetch("SELECT o.stix_id, o.version_at, o.level, o.provider_id, o.community_id"
                    + " FROM UNNEST({0}) AS ids (id) JOIN intel_objects o ON o.stix_id = ids.id", DSL.val(chunk))) {
                if (r.get(4, Long.class) == communityId) {
                    StoredVersion v = new StoredVersion(r.get(0, String.class), r.get(1, Instant.class),
                            r.get(2, Short.class), r.get(3, Long.class));
                    byId.computeIfAbsent(v.id(), id -> new ArrayList<>()).add(v);
                }
            }
        }
        Map<String, Versions> objects = new HashMap<>();
        byId.forEach((id, rows) -> {
            Versions v = new Versions(rows.getFirst().level(), rows.getFirst().provider(),
                    rows.stream().map(StoredVersion::at).min(Instant::compareTo).orElseThrow(),
                    rows.stream().map(StoredVersion::at).max(Instant::compareTo).orElseThrow());
            rows.forEach(r -> v.at.add(r.at()));
            objects.put(id, v);
        });
        return objects;
    }

    /** A version already stored in the community, as {@link #add} needs it. */
    private record StoredVersion(String id, Instant at, short level, long provider) {
    }

    /**
     * {@code stix_id = ANY(?)} with the ids as one array: one statement shape whatever the number of ids, so that
     * PostgreSQL's cached plan stays an index look-up (a long IN list of separate parameters drifted to scans).
     */
    private static Condition anyOf(List<String> ids) {
        return STIX_ID.eq(DSL.any(ids.toArray(String[]::new)));
    }

    /** Clears the first and latest marks the new versions take over, then inserts them in multi-row statements. */
    private void write(SharingScope scope, boolean anonymised, Map<String, Versions> objects, List<Row> rows) {
        List<String> lostFirst = new ArrayList<>();
        List<String> lostLatest = new ArrayList<>();
        objects.forEach((id, v) -> {
            if (v.storedFirst != null && !v.first.equals(v.storedFirst)) {
                lostFirst.add(id);
            }
            if (v.storedLatest != null && !v.latest.equals(v.storedLatest)) {
                lostLatest.add(id);
            }
        });
        for (int from = 0; from < lostFirst.size(); from += IN_LIST) {
            uncast.update(T).set(IS_FIRST, false).where(COMMUNITY_ID.eq(scope.communityId()))
                    .and(anyOf(lostFirst.subList(from, Math.min(lostFirst.size(), from + IN_LIST)))).execute();
        }
        for (int from = 0; from < lostLatest.size(); from += IN_LIST) {
            uncast.update(T).set(IS_LATEST, false).where(COMMUNITY_ID.eq(scope.communityId()))
                    .and(anyOf(lostLatest.subList(from, Math.min(lostLatest.size(), from + IN_LIST)))).execute();
        }
        for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
            insert(scope, anonymised, objects, rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS)));
        }
        if (rows.stream().anyMatch(row -> !row.version().values().isEmpty())) {
            // The index rows name a version by its sequence: read back the range of dates added just written (the
            // community's row is locked, so nothing else is in it).
            Map<VersionKey, Long> sequences = new HashMap<>();
            dsl.select(SEQ, STIX_ID, VERSION_AT).from(T).where(COMMUNITY_ID.eq(scope.communityId()))
                    .and(DATE_ADDED.between(rows.getFirst().dateAdded(), rows.getLast().dateAdded()))
                    .fetch().forEach(r -> sequences.put(new VersionKey(r.value2(), r.value3()), r.value1()));
            writeValues(rows, sequences);
        }
    }

    /**
     * Inserts versions with one statement that unnests an array per column: a multi-row insert renders and binds
     * thirteen values per row, which cost the ingest more than the database's work. Times travel as ISO 8601 text.
     */
    private void insert(SharingScope scope, boolean anonymised, Map<String, Versions> objects, List<Row> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] specVersions = new String[n];
        String[] versionsAt = new String[n];
        String[] datesAdded = new String[n];
        Boolean[] latest = new Boolean[n];
        Boolean[] first = new Boolean[n];
        String[] bodies = new String[n];
        String[] titles = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            Versions v = objects.get(row.version().id());
            ids[i] = row.version().id();
            types[i] = row.version().type();
            specVersions[i] = row.version().specVersion();
            versionsAt[i] = row.versionAt().toString();
            datesAdded[i] = row.dateAdded().toString();
            latest[i] = row.versionAt().equals(v.latest);
            first[i] = row.versionAt().equals(v.first);
            bodies[i] = row.version().json();
            titles[i] = row.version().title();
        }
        dsl.execute("INSERT INTO intel_objects (community_id, stix_id, stix_type, spec_version, version_at, date_added,"
                        + " level, provider_id, anonymised, is_latest, is_first, body, title)"
                        + " SELECT {0}, u.i, u.t, u.s, CAST(u.v AS TIMESTAMP(6) WITH TIME ZONE),"
                        + " CAST(u.d AS TIMESTAMP(6) WITH TIME ZONE), {1}, {2}, {3}, u.l, u.f, u.b, u.n"
                        + " FROM UNNEST({4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}) AS u (i, t, s, v, d, l, f, b, n)",
                DSL.val(scope.communityId()), DSL.val((short) scope.level().ordinal()),
                DSL.val(scope.providerOrganisationId()), DSL.val(anonymised), DSL.val(ids), DSL.val(types),
                DSL.val(specVersions), DSL.val(versionsAt), DSL.val(datesAdded), DSL.val(latest), DSL.val(first),
                DSL.val(bodies), DSL.val(titles));
    }

    private record VersionKey(String id, Instant versionAt) {
    }

    /**
     * The value index rows of the new versions, one per distinct value of each version, in one statement that unnests
     * three arrays: a row costs a fraction of a multi-row insert's or a batch's (rendering and binding every value, or
     * executing a statement per row).
     */
    private void writeValues(List<Row> rows, Map<VersionKey, Long> sequences) {
        List<Long> seqs = new ArrayList<>();
        List<Long> hashes = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        for (Row row : rows) {
            Set<Long> distinct = new HashSet<>();
            for (String value : row.version().values()) {
                long hash = valueHash(value);
                if (value.length() <= MAX_VALUE_LENGTH && distinct.add(hash)) {
                    seqs.add(sequences.get(new VersionKey(row.version().id(), row.versionAt())));
                    hashes.add(hash);
                    observed.add(value);
                }
            }
        }
        for (int from = 0; from < seqs.size(); from += VALUE_ROWS) {
            int to = Math.min(seqs.size(), from + VALUE_ROWS);
            dsl.execute("INSERT INTO intel_values (seq, value_hash, observed) SELECT * FROM UNNEST({0}, {1}, {2})",
                    DSL.val(seqs.subList(from, to).toArray(Long[]::new)),
                    DSL.val(hashes.subList(from, to).toArray(Long[]::new)),
                    DSL.val(observed.subList(from, to).toArray(String[]::new)));
        }
    }

    static long valueHash(String value) {
        return VALUE_HASH.hashCharsToLong(value);
    }

    @Override
    public int delete(long communityId, String id, ObjectQuery.Versions versions, Set<String> specVersions) {
        return database.inTransaction(() -> {
            List<Record5<Long, Instant, Boolean, Boolean, String>> rows = dsl.select(SEQ, VERSION_AT, IS_FIRST,
                            IS_LATEST, SPEC_VERSION).from(T)
                    .where(STIX_ID.eq(id)).and(COMMUNITY_ID.eq(communityId)).forUpdate().fetch();
            Set<Instant> at = new HashSet<>();
            versions.at().forEach(v -> at.add(v.truncatedTo(ChronoUnit.MICROS)));
            List<Long> doomed = new ArrayList<>();
            List<Record5<Long, Instant, Boolean, Boolean, String>> kept = new ArrayList<>();
            for (Record5<Long, Instant, Boolean, Boolean, String> r : rows) {
                boolean selected = versions.all() || (versions.first() && r.value3()) || (versions.last() && r.value4())
                        || at.contains(r.value2());
                if (selected && (specVersions.isEmpty() || specVersions.contains(r.value5()))) {
                    doomed.add(r.value1());
                } else {
                    kept.add(r);
                }
            }
            if (doomed.isEmpty()) {
                return 0;
            }
            dsl.deleteFrom(T).where(SEQ.in(doomed)).execute();
            // Without an index on seq (ingest pays for every index), this reads the value index; deletes are rare.
            dsl.deleteFrom(IntelValues.T).where(IntelValues.SEQ.in(doomed)).execute();
            if (!kept.isEmpty()) {
                Instant first = kept.stream().map(Record5::value2).min(Instant::compareTo).orElseThrow();
                Instant latest = kept.stream().map(Record5::value2).max(Instant::compareTo).orElseThrow();
                for (Record5<Long, Instant, Boolean, Boolean, String> r : kept) {
                    dsl.update(T).set(IS_FIRST, r.value2().equals(first)).set(IS_LATEST, r.value2().equals(latest))
                            .where(SEQ.eq(r.value1())).execute();
                }
            }
            return doomed.size();
        });
    }

    @Override
    public ObjectPage find(IntelReader reader, long communityId, ObjectQuery query) {
        Condition where = COMMUNITY_ID.eq(communityId).and(readableBy(reader, communityId));
        // Always a range on date_added, even from the start: without one H2 reads the community's rows through the
        // foreign key's index instead of walking (community_id, date_added).
        where = where.and(DATE_ADDED.gt(query.addedAfter().orElse(Instant.EPOCH.minusSeconds(1))));
        if (!query.ids().isEmpty()) {
            where = where.and(STIX_ID.in(query.ids()));
        }
        if (!query.specVersions().isEmpty()) {
            where = where.and(SPEC_VERSION.in(query.specVersions()));
        }
        where = where.and(versions(query.versions()));
        List<StoredObject> objects;
        if (query.types().isEmpty()) {
            objects = page(where, query.limit(), COMMUNITY_ID, DATE_ADDED);
        } else {
            // One walk of (community_id, stix_type, date_added) per type, merged: no database walks an index in
            // order for several values of its middle column, and a rare type would cost a scan of the community.
            objects = new ArrayList<>();
            for (String type : query.types()) {
                objects.addAll(page(where.and(STIX_TYPE.eq(type)), query.limit(), COMMUNITY_ID, STIX_TYPE,
                        DATE_ADDED));
            }
            objects.sort(Comparator.comparing(StoredObject::dateAdded));
            objects = new ArrayList<>(objects.subList(0, Math.min(objects.size(), query.limit() + 1)));
        }
        boolean more = objects.size() > query.limit();
        return new ObjectPage(more ? objects.subList(0, query.limit()) : objects, more);
    }

    /**
     * Up to {@code limit + 1} rows in the order they were added. {@code order} is the index to walk, every column but
     * the last fixed by the condition: naming them all is what lets H2 read the index in order and stop after the
     * page, instead of sorting every row after the position.
     */
    private List<StoredObject> page(Condition where, int limit, OrderField<?>... order) {
        return dsl.select(COLUMNS).from(T).where(where).orderBy(order).limit(limit + 1)
                .fetch(JooqStixObjectRepository::stored);
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

    /** The rule of {@link IntelReader#canRead} as a condition on rows of every community. */
    private static Condition readableAnywhere(IntelReader reader) {
        Condition readable = LEVEL.eq((short) SharingLevel.WHITE.ordinal())
                .or(PROVIDER_ID.eq(reader.organisationId()));
        for (Map.Entry<Long, SharingLevel> e : reader.narrowestReadableByCommunity().entrySet()) {
            readable = readable.or(COMMUNITY_ID.eq(e.getKey()).and(LEVEL.ge((short) e.getValue().ordinal())));
        }
        return readable;
    }

    @Override
    public ObjectPage browse(IntelReader reader, BrowseQuery query) {
        List<Long> communities = query.communityIds().isEmpty()
                ? dsl.select(IntelCommunities.ID).from(IntelCommunities.T).fetch(IntelCommunities.ID)
                : List.copyOf(query.communityIds());
        Condition where = IS_LATEST.isTrue();
        if (!query.levels().isEmpty()) {
            where = where.and(LEVEL.in(query.levels().stream().map(l -> (short) l.ordinal()).toList()));
        }
        if (!query.text().isBlank() || !query.values().isEmpty()) {
            Condition matches = DSL.falseCondition();
            if (!query.text().isBlank()) {
                matches = matches.or(TITLE.containsIgnoreCase(query.text().strip())).or(STIX_ID.eq(query.text().strip()));
            }
            if (!query.values().isEmpty()) {
                matches = matches.or(SEQ.in(
                        dsl.select(IntelValues.SEQ).from(IntelValues.T)
                                .where(IntelValues.VALUE_HASH.in(query.values().stream()
                                        .map(JooqStixObjectRepository::valueHash).toList()))
                                .and(IntelValues.OBSERVED.in(query.values()))));
            }
            where = where.and(matches);
        }
        // Newest first, ties of the date added (across communities) broken by the sequence; a date added never repeats
        // within a community.
        where = where.and(query.before().map(p -> DATE_ADDED.lt(p.dateAdded())
                        .or(DATE_ADDED.eq(p.dateAdded()).and(SEQ.lt(p.sequence()))))
                .orElse(DATE_ADDED.gt(Instant.EPOCH.minusSeconds(1))));
        // One backward walk of (community_id[, stix_type], date_added) per community and type, merged, as in find.
        List<StoredObject> found = new ArrayList<>();
        for (long community : communities) {
            Condition inCommunity = where.and(COMMUNITY_ID.eq(community)).and(readableBy(reader, community));
            if (query.types().isEmpty()) {
                found.addAll(page(inCommunity, query.limit(), COMMUNITY_ID.desc(), DATE_ADDED.desc()));
            } else {
                for (String type : query.types()) {
                    found.addAll(page(inCommunity.and(STIX_TYPE.eq(type)), query.limit(), COMMUNITY_ID.desc(),
                            STIX_TYPE.desc(), DATE_ADDED.desc()));
                }
            }
        }
        found.sort(Comparator.comparing(StoredObject::dateAdded).thenComparingLong(StoredObject::sequence).reversed());
        boolean more = found.size() > query.limit();
        return new ObjectPage(more ? found.subList(0, query.limit()) : found, more);
    }

    @Override
    public List<Correlation> correlations(IntelReader reader, long communityId, String id, List<String> values,
                                          int limit) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<Field<?>> columns = new ArrayList<>(COLUMNS);
        columns.add(IntelValues.OBSERVED);
        return dsl.select(columns).from(IntelValues.T).join(T).on(SEQ.eq(IntelValues.SEQ))
                .where(IntelValues.VALUE_HASH.in(values.stream().map(JooqStixObjectRepository::valueHash).toList()))
                .and(IntelValues.OBSERVED.in(values))
                .and(IS_LATEST.isTrue())
                .and(STIX_ID.ne(id).or(COMMUNITY_ID.ne(communityId)))
                .and(readableAnywhere(reader))
                .orderBy(DATE_ADDED.desc(), SEQ.desc())
                .limit(limit)
                .fetch(r -> new Correlation(r.get(IntelValues.OBSERVED), stored(r)));
    }

    @Override
    public boolean changeLevel(long communityId, String id, SharingLevel level, boolean anonymised) {
        return database.inTransaction(() -> changeLevelInTransaction(communityId, id, level, anonymised));
    }

    /** {@link #changeLevel} for a caller that has a transaction open already (jOOQ's do not nest here). */
    boolean changeLevelInTransaction(long communityId, String id, SharingLevel level, boolean anonymised) {
        dsl.select(IntelCommunities.ID).from(IntelCommunities.T).where(IntelCommunities.ID.eq(communityId))
                .forUpdate().fetch();
        List<Record2<Long, Instant>> rows = dsl.select(SEQ, VERSION_AT).from(T)
                .where(STIX_ID.eq(id)).and(COMMUNITY_ID.eq(communityId)).orderBy(VERSION_AT).forUpdate().fetch();
        if (rows.isEmpty()) {
            return false;
        }
        Instant last = dsl.select(DSL.max(DATE_ADDED)).from(T).where(COMMUNITY_ID.eq(communityId))
                .fetchOne(0, Instant.class);
        for (Record2<Long, Instant> row : rows) {
            Instant dateAdded = nextDateAdded(last);
            dsl.update(T).set(LEVEL, (short) level.ordinal()).set(ANONYMISED, anonymised)
                    .set(DATE_ADDED, dateAdded).where(SEQ.eq(row.value1())).execute();
            last = dateAdded;
        }
        // A request to widen to where the object now is, or narrower, has nothing left to decide.
        dsl.update(IntelWidenings.T).set(IntelWidenings.STATUS, "withdrawn")
                .set(IntelWidenings.DECIDED_AT, clock.instant())
                .where(IntelWidenings.STIX_ID.eq(id)).and(IntelWidenings.COMMUNITY_ID.eq(communityId))
                .and(IntelWidenings.STATUS.eq("pending"))
                .and(IntelWidenings.TO_LEVEL.le((short) level.ordinal()))
                .execute();
        return true;
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
                Optional.of(versionAt), r.get(BODY), r.get(TITLE), List.of());
        return new StoredObject(r.get(SEQ), dateAdded, versionAt,
                new SharingScope(r.get(COMMUNITY_ID), LEVELS[r.get(LEVEL)], r.get(PROVIDER_ID)), r.get(ANONYMISED),
                object);
    }
}

package org.kizashi.store;

import static org.kizashi.store.Tables.TelescopeAggregates.ACCUMULATOR;
import static org.kizashi.store.Tables.TelescopeAggregates.DAY_UTC;
import static org.kizashi.store.Tables.TelescopeAggregates.SENSOR;
import static org.kizashi.store.Tables.TelescopeAggregates.T;
import static org.kizashi.store.Tables.TelescopeAggregates.UPDATED_AT;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.kizashi.core.identity.DuplicateException;
import org.kizashi.core.telescope.TelescopeAggregateRepository;

/** Serialized telescope aggregates in {@code telescope_aggregates}, one row per sensor and UTC day. */
final class JooqTelescopeAggregateRepository implements TelescopeAggregateRepository {
    private static final Field<Long> SIZE = DSL.field("octet_length({0})", Long.class, ACCUMULATOR);

    private final Database database;
    private final DSLContext dsl;
    private final Clock clock;

    JooqTelescopeAggregateRepository(Database database, DSLContext dsl, Clock clock) {
        this.database = database;
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public void put(String sensor, LocalDate day, byte[] accumulator) {
        Objects.requireNonNull(accumulator, "accumulator");
        checkSensor(sensor);
        Objects.requireNonNull(day, "day");
        // Update, else insert: portable across both databases. Two writers racing on a new row: the loser's insert
        // hits the primary key and it updates instead.
        for (int attempt = 0; ; attempt++) {
            try {
                database.inTransaction(() -> {
                    int updated = dsl.update(T).set(ACCUMULATOR, accumulator).set(UPDATED_AT, clock.instant())
                            .where(SENSOR.eq(sensor)).and(DAY_UTC.eq(day)).execute();
                    if (updated == 0) {
                        Constraints.unique("aggregate of " + sensor + " on " + day, () -> dsl.insertInto(T)
                                .set(SENSOR, sensor).set(DAY_UTC, day).set(ACCUMULATOR, accumulator)
                                .set(UPDATED_AT, clock.instant()).execute());
                    }
                    return null;
                });
                return;
            } catch (DuplicateException e) {
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<byte[]> get(String sensor, LocalDate day) {
        return dsl.select(ACCUMULATOR).from(T).where(SENSOR.eq(sensor)).and(DAY_UTC.eq(day))
                .fetchOptional(ACCUMULATOR);
    }

    @Override
    public List<StoredAggregate> list(LocalDate from, LocalDate to) {
        return dsl.select(SENSOR, DAY_UTC, SIZE, UPDATED_AT).from(T)
                .where(DAY_UTC.between(from, to))
                .orderBy(DAY_UTC, SENSOR)
                .fetch(r -> new StoredAggregate(r.get(SENSOR), r.get(DAY_UTC), r.get(SIZE), r.get(UPDATED_AT)));
    }

    @Override
    public Map<LocalDate, Map<String, byte[]>> load(LocalDate from, LocalDate to) {
        Map<LocalDate, Map<String, byte[]>> out = new LinkedHashMap<>();
        dsl.select(SENSOR, DAY_UTC, ACCUMULATOR).from(T)
                .where(DAY_UTC.between(from, to))
                .orderBy(DAY_UTC, SENSOR)
                .forEach(r -> out.computeIfAbsent(r.get(DAY_UTC), d -> new LinkedHashMap<>())
                        .put(r.get(SENSOR), r.get(ACCUMULATOR)));
        return out;
    }

    private static void checkSensor(String sensor) {
        if (sensor == null || sensor.isBlank() || sensor.length() > 200) {
            throw new IllegalArgumentException("a sensor name is 1 to 200 characters, got '" + sensor + "'");
        }
    }
}

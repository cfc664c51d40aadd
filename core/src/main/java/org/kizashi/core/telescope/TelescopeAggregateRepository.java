package org.kizashi.core.telescope;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the telescope's aggregates are kept so that what was observed survives a restart: per sensor and per UTC day,
 * the serialized partial aggregate (the binary form of the aggregation module's accumulator; opaque here).
 */
public interface TelescopeAggregateRepository {
    /** Stores the aggregate of {@code sensor} for {@code day}, replacing what was stored for that pair. */
    void put(String sensor, LocalDate day, byte[] accumulator);

    /** The aggregate of one sensor and day, if stored. */
    Optional<byte[]> get(String sensor, LocalDate day);

    /** What is stored for the days in [{@code from}, {@code to}] (both inclusive), without the bytes; by day, then sensor. */
    List<StoredAggregate> list(LocalDate from, LocalDate to);

    /** The aggregates of the days in [{@code from}, {@code to}] (both inclusive): by day (ascending), then by sensor. */
    Map<LocalDate, Map<String, byte[]>> load(LocalDate from, LocalDate to);

    /**
     * One stored aggregate.
     *
     * @param size    length of the serialized aggregate in bytes
     * @param updated when it was last written
     */
    record StoredAggregate(String sensor, LocalDate day, long size, Instant updated) {
    }
}

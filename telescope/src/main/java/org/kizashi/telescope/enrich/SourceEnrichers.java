package org.kizashi.telescope.enrich;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the enrichment the telescope uses: MaxMind DB files behind a per-source cache. */
public final class SourceEnrichers {
    /** Cache slots of {@link #open(Path, Path)}: 256 Ki recent sources, about 11 MiB once full. */
    public static final int DEFAULT_CACHE_SLOTS = 1 << 18;

    private SourceEnrichers() {
    }

    /**
     * Country and AS from MaxMind DB files (see {@link MmdbSourceEnricher} for the layouts understood), cached per
     * source ({@link CachingSourceEnricher}, {@value #DEFAULT_CACHE_SLOTS} slots). Either path may be null; with both
     * null every source is unknown. Thread-safe; close it when done.
     *
     * @throws IOException naming the file, when a file does not exist, is not a MaxMind DB, or lacks the field
     */
    public static CloseableSourceEnricher open(Path countryDatabase, Path asnDatabase) throws IOException {
        return open(countryDatabase, asnDatabase, DEFAULT_CACHE_SLOTS);
    }

    /** As {@link #open(Path, Path)}, with the number of cache slots (rounded up to a power of two). */
    public static CloseableSourceEnricher open(Path countryDatabase, Path asnDatabase, int cacheSlots)
            throws IOException {
        if (countryDatabase == null && asnDatabase == null) {
            return new CachingSourceEnricher(SourceEnricher.NONE, CachingSourceEnricher.MIN_SLOTS);
        }
        return new CachingSourceEnricher(MmdbSourceEnricher.open(countryDatabase, asnDatabase), cacheSlots);
    }
}

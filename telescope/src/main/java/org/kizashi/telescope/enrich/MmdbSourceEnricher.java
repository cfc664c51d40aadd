package org.kizashi.telescope.enrich;

import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.db.DeserializationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Country and AS of a source from MaxMind DB ({@code .mmdb}) files, read with MaxMind's own reader, memory-mapped:
 * GeoLite2/GeoIP2 Country or City and DB-IP country/city lite ({@code country.iso_code}), ip-location-db country
 * ({@code country_code}), GeoLite2-ASN, DB-IP ASN lite and ip-location-db ASN ({@code autonomous_system_number}).
 * The layout is recognised from the records; the country and the AS database are separate, optional files (one file
 * holding both kinds of field may be given as both). Addresses outside the global Internet (private, loopback,
 * link-local, documentation, multicast, reserved, and IPv6 outside {@code 2000::/3}) are always unknown, whatever a
 * database says about them.
 *
 * <p>Every lookup goes to the reader, which walks the tree and decodes a record, allocating as it goes (a few hundred
 * nanoseconds). For per-packet use put a {@link CachingSourceEnricher} in front, as {@link SourceEnrichers#open}
 * does.
 *
 * <p>Thread-safe: one instance may serve any number of threads. A database that turns out corrupt while in use
 * answers "unknown" and is reported once in the log; lookups after {@link #close()} throw
 * {@link IllegalStateException}.
 */
public final class MmdbSourceEnricher implements CloseableSourceEnricher {
    private static final Logger LOG = LoggerFactory.getLogger(MmdbSourceEnricher.class);

    /** What was opened, for logs, the CLI and the UI. */
    public record DatabaseInfo(Path file, String databaseType, int ipVersion, Instant buildTime, String field) {
    }

    private final MmdbDatabase country;
    private final MmdbDatabase asn;
    private final AtomicBoolean countryFailureLogged = new AtomicBoolean();
    private final AtomicBoolean asnFailureLogged = new AtomicBoolean();

    private MmdbSourceEnricher(MmdbDatabase country, MmdbDatabase asn) {
        this.country = country;
        this.asn = asn;
    }

    /**
     * Opens the databases; either may be null (then that part is always unknown).
     *
     * @throws IOException naming the file, when it does not exist, is not a MaxMind DB, or has no country (or AS)
     *                     field
     */
    public static MmdbSourceEnricher open(Path countryDatabase, Path asnDatabase) throws IOException {
        MmdbDatabase c = countryDatabase == null ? null : MmdbDatabase.open(countryDatabase, MmdbDatabase.Role.COUNTRY);
        try {
            MmdbDatabase a = asnDatabase == null ? null : MmdbDatabase.open(asnDatabase, MmdbDatabase.Role.ASN);
            return new MmdbSourceEnricher(c, a);
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            throw e;
        }
    }

    /** The country database, if one was given. */
    public Optional<DatabaseInfo> countryDatabase() {
        return info(country);
    }

    /** The AS database, if one was given. */
    public Optional<DatabaseInfo> asnDatabase() {
        return info(asn);
    }

    private static Optional<DatabaseInfo> info(MmdbDatabase db) {
        if (db == null) {
            return Optional.empty();
        }
        var m = db.metadata();
        return Optional.of(new DatabaseInfo(db.file(), m.databaseType(), m.ipVersion(), m.buildTime(), db.layout().field));
    }

    @Override
    public String country(long high, long low) {
        if (country == null || NonGlobalAddresses.contains(high, low)) {
            return "";
        }
        try {
            return CountryCodes.canonical(country.country(high, low));
        } catch (IOException | DeserializationException e) {
            return failed(country, countryFailureLogged, e, "");
        }
    }

    @Override
    public long asn(long high, long low) {
        if (asn == null || NonGlobalAddresses.contains(high, low)) {
            return 0;
        }
        try {
            return asn.asn(high, low);
        } catch (IOException | DeserializationException e) {
            return failed(asn, asnFailureLogged, e, 0L);
        }
    }

    private static <T> T failed(MmdbDatabase db, AtomicBoolean logged, Exception e, T unknown) {
        if (e instanceof ClosedDatabaseException) {
            throw new IllegalStateException("the enricher is closed", e);
        }
        if (logged.compareAndSet(false, true)) {
            LOG.warn("Lookup in {} failed; such sources are reported as unknown (logged once): {}", db.file(), e.toString());
        }
        return unknown;
    }

    @Override
    public void close() {
        try {
            if (country != null) {
                country.close();
            }
            if (asn != null) {
                asn.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

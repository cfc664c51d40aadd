package org.kizashi.telescope.enrich;

import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.db.DeserializationException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * <p>Opened with {@link #open(Path, Path)}, every lookup goes to the reader, which walks the tree and decodes a record,
 * allocating as it goes (a few hundred nanoseconds to microseconds). {@link SourceEnrichers#open} also gives each
 * database an {@link Ipv4Index}: its IPv4 space as sorted ranges, searched without allocating in a few tens of
 * nanoseconds, built from the reader's own answers by a background daemon thread and kept on disk
 * ({@link Ipv4IndexStore}), so that later starts read it back in milliseconds. Until a database's index is there its
 * IPv4 lookups go to the reader; IPv6 lookups always do. For per-packet use put a {@link CachingSourceEnricher} in
 * front, as {@link SourceEnrichers#open} does.
 *
 * <p>Thread-safe: one instance may serve any number of threads; an index is published whole, through a volatile
 * field. A database that turns out corrupt while in use answers "unknown" and is reported once in the log; lookups
 * after {@link #close()} throw {@link IllegalStateException}.
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
    /** Guards publishing indexes against {@link #close()}. */
    private final Object lock = new Object();
    private volatile Ipv4Index countryIndex;
    private volatile Ipv4Index asnIndex;
    /** Whether every database given has its IPv4 index. */
    private volatile boolean ipv4Indexed;
    private volatile boolean closed;
    /** Counted down when indexing has ended, with or without indexes. */
    private final CountDownLatch indexing = new CountDownLatch(1);

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
        MmdbSourceEnricher e = openReaders(countryDatabase, asnDatabase);
        e.indexing.countDown();
        return e;
    }

    /**
     * Opens the databases as {@link #open(Path, Path)} does, and indexes their IPv4 space in a background daemon
     * thread: read from the store when it has the index of a database, else built from the reader and written to the
     * store. Lookups use each index as soon as it is there.
     */
    static MmdbSourceEnricher open(Path countryDatabase, Path asnDatabase, Ipv4IndexStore store) throws IOException {
        MmdbSourceEnricher e = openReaders(countryDatabase, asnDatabase);
        Thread.ofPlatform().daemon().name("kizashi-ipv4-index").start(() -> e.index(store));
        return e;
    }

    private static MmdbSourceEnricher openReaders(Path countryDatabase, Path asnDatabase) throws IOException {
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
        if (high == 0 && (low >>> 32) == 0xffffL) {
            Ipv4Index index = countryIndex;
            if (index != null) {
                return index.country((int) low);
            }
        }
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
        if (high == 0 && (low >>> 32) == 0xffffL) {
            Ipv4Index index = asnIndex;
            if (index != null) {
                return index.asn((int) low);
            }
        }
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

    /** Whether every database given answers IPv4 from its index by now (a volatile read). */
    boolean ipv4Indexed() {
        return ipv4Indexed;
    }

    /** The country database's IPv4 index, once there (non-global blocks unknown), else null. */
    Ipv4Index countryIndex() {
        return countryIndex;
    }

    /** The AS database's IPv4 index, once there (non-global blocks unknown), else null. */
    Ipv4Index asnIndex() {
        return asnIndex;
    }

    /** Waits until indexing has ended (for tests and benchmarks); whether every database has its index then. */
    boolean awaitIpv4Index(Duration timeout) throws InterruptedException {
        return indexing.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && ipv4Indexed;
    }

    /** The indexing thread: each database in turn, published as soon as it is ready. */
    private void index(Ipv4IndexStore store) {
        try {
            for (MmdbDatabase db : new MmdbDatabase[] {country, asn}) {
                if (db == null || closed) {
                    continue;
                }
                Ipv4Index index = index(db, store);
                if (index != null) {
                    synchronized (lock) {
                        if (closed) {
                            return;
                        }
                        if (db == country) {
                            countryIndex = index;
                        } else {
                            asnIndex = index;
                        }
                        ipv4Indexed = (country == null || countryIndex != null) && (asn == null || asnIndex != null);
                    }
                }
            }
        } finally {
            indexing.countDown();
        }
    }

    /**
     * A database's IPv4 index, answering as this enricher does (the reader's answers, non-global blocks unknown):
     * from the store, else built and stored; null when it cannot be had.
     */
    private Ipv4Index index(MmdbDatabase db, Ipv4IndexStore store) {
        long started = System.nanoTime();
        try {
            Ipv4IndexStore.Key key = null;
            if (store.enabled()) {
                key = Ipv4IndexStore.key(db);
                if (!MmdbDatabase.FileStamp.of(db.file()).equals(db.stamp())) {
                    key = null; // replaced or changed since it was opened: the hash may not be of what the reader has
                }
            }
            if (key != null) {
                Ipv4Index stored = store.load(key);
                if (stored != null) {
                    LOG.debug("Read the IPv4 index of {} ({} ranges) from {} in {} ms", db.file(), stored.size(),
                        store.file(key), (System.nanoTime() - started) / 1_000_000);
                    return stored;
                }
            }
            Ipv4Index built = db.ipv4Index(() -> closed).withUnknown(NonGlobalAddresses.ipv4Blocks());
            String where = "not kept (" + store + ")";
            if (key != null && MmdbDatabase.FileStamp.of(db.file()).equals(db.stamp())) {
                try {
                    where = "kept in " + store.save(key, built);
                } catch (IOException | RuntimeException e) {
                    where = "not kept: cannot write " + store.directory() + " (" + e + ")";
                }
            }
            LOG.info("Indexed the IPv4 ranges of {} ({} ranges) in {} ms, {}", db.file(), built.size(),
                (System.nanoTime() - started) / 1_000_000, where);
            return built;
        } catch (InterruptedIOException | ClosedDatabaseException e) {
            return null; // closed meanwhile
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("Cannot index the IPv4 ranges of {}; its lookups keep going to the reader: {}", db.file(),
                    e.toString());
            }
            return null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            countryIndex = null;
            asnIndex = null;
            ipv4Indexed = false;
        }
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

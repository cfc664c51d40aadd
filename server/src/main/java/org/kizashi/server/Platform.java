package org.kizashi.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kizashi.core.identity.PasswordHasher;
import org.kizashi.server.active.ActiveService;
import org.kizashi.server.active.ActiveSettings;
import org.kizashi.server.admin.Bootstrap;
import org.kizashi.server.admin.IdentityAdmin;
import org.kizashi.server.auth.Argon2PasswordHasher;
import org.kizashi.server.auth.AuthService;
import org.kizashi.server.auth.LoginThrottle;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.Options;
import org.kizashi.server.demo.DemoData;
import org.kizashi.server.demo.DemoTelescope;
import org.kizashi.server.http.HttpSettings;
import org.kizashi.server.http.WebApp;
import org.kizashi.server.intel.IntelSetup;
import org.kizashi.server.taxii.client.ScheduledPulls;
import org.kizashi.server.telescope.LiveFeed;
import org.kizashi.server.telescope.TelescopeHub;
import org.kizashi.server.telescope.TelescopeSettings;
import org.kizashi.server.ui.Messages;
import org.kizashi.server.ui.Pages;
import org.kizashi.store.Database;
import org.kizashi.store.DatabaseSettings;
import org.kizashi.store.Vendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running platform: database, services and web server, built from the effective configuration. */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** What a person needs to know after start: where to go and how to log in. */
    public record Started(String url, Bootstrap.AdminAccount admin, List<DemoData.DemoUser> demoUsers) {
    }

    private final Database database;
    private final Javalin web;
    private final ScheduledExecutorService housekeeping;
    private final ScheduledPulls pulls; // null without intel.pulls
    private final ActiveService active;
    private final TelescopeHub telescope;
    private final DemoTelescope demoTelescope;
    private final Started started;

    private Platform(Database database, Javalin web, ScheduledExecutorService housekeeping, ScheduledPulls pulls,
                     ActiveService active, TelescopeHub telescope, DemoTelescope demoTelescope, Started started) {
        this.database = database;
        this.web = web;
        this.housekeeping = housekeeping;
        this.pulls = pulls;
        this.active = active;
        this.telescope = telescope;
        this.demoTelescope = demoTelescope;
        this.started = started;
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Checks the configuration for {@code mode}, opens the database and starts serving. */
    public static Platform start(Configuration config, Mode mode, String version, Clock clock) {
        DatabaseSettings databaseSettings = databaseSettings(config, mode);
        HttpSettings http = httpSettings(config, mode);
        Duration sessionLifetime = Duration.ofMinutes(config.getInt(Options.SESSION_LIFETIME_MINUTES, 5, 60 * 24 * 30));
        boolean demo = config.getBoolean(Options.DEMO);
        if (demo && mode == Mode.PRODUCTION) {
            throw new ConfigurationException("the demo data set is for start-dev only");
        }
        TelescopeSettings telescopeSettings = TelescopeSettings.from(config);
        ActiveSettings activeSettings = ActiveSettings.from(config);

        LOG.info("Starting Kizashi {} ({}) with database {}", version, mode.command(), databaseSettings);
        Database database = Database.open(databaseSettings, clock);
        DemoTelescope demoTelescope = null;
        ScheduledPulls pulls = null;
        ActiveService active = null;
        try {
            LOG.info("Database: {} at {}, schema version {}", database.productVersion(), databaseSettings.url(),
                    database.schemaVersion());
            ObjectMapper json = objectMapper();
            PasswordHasher hasher = new Argon2PasswordHasher();
            AuditTrail audit = new AuditTrail(database.audit(), json);
            IdentityAdmin identityAdmin = new IdentityAdmin(database, database.organisations(), database.users(),
                    database.sessions(), database.apiTokens(), hasher, audit);
            AuthService auth = new AuthService(database, database.users(), database.organisations(), database.sessions(),
                    database.apiTokens(), audit, hasher, clock, sessionLifetime,
                    new LoginThrottle(clock, 10, Duration.ofMinutes(15)));
            Bootstrap.AdminAccount admin = Bootstrap.ensureAdmin(database.organisations(), database.users(), identityAdmin,
                    config.get(Options.ADMIN_PASSWORD));
            IntelSetup.ensureCouncilSecretariat(database, Bootstrap.ADMIN);
            List<DemoData.DemoUser> demoUsers = demo ? DemoData.load(database, identityAdmin) : List.of();

            TelescopeHub telescope = new TelescopeHub(database.telescopeAggregates(), database.telescopeAlerts(),
                    database.networks(), database.organisations(), database, telescopeSettings,
                    new LiveFeed(clock, json), clock);
            telescope.load();
            demoTelescope = demo ? DemoTelescope.start(telescope, database, clock) : null;

            // Before the web server starts, so that a bad pull schedule stops the start with nothing left running.
            pulls = ScheduledPulls.fromConfiguration(config, database, clock).orElse(null);
            active = new ActiveService(activeSettings, database, json, clock);

            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmGcMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            new UptimeMetrics().bindTo(metrics);

            Pages pages = new Pages(new Messages(), version, true);
            // In production the browser always speaks HTTPS: to us, or to the TLS proxy in front (--http-insecure).
            boolean secureCookies = http.tls() || mode == Mode.PRODUCTION;
            Services services = new Services(database, auth, identityAdmin, audit, pages, json, metrics, clock, mode,
                    secureCookies, version, telescope, Optional.ofNullable(pulls), active);
            Javalin web = WebApp.create(services, http).start();

            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kizashi-housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    auth.purgeExpiredSessions();
                } catch (RuntimeException e) {
                    LOG.warn("Could not purge expired sessions: {}", e.getMessage());
                }
            }, 1, 15, TimeUnit.MINUTES);
            long flushSeconds = telescopeSettings.flushEvery().toSeconds();
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    telescope.flush();
                } catch (RuntimeException e) {
                    LOG.warn("Could not write the telescope's aggregates back: {}", e.getMessage());
                }
            }, flushSeconds, flushSeconds, TimeUnit.SECONDS);

            String host = http.host().contains(":") ? "[" + http.host() + "]" : http.host();
            String url = (http.tls() ? "https://" : "http://") + host + ":" + web.port() + "/";
            LOG.info("Listening on {}", url);
            active.dnsAddress().ifPresent(dns -> LOG.info("Policy zones {} and {} served over DNS on {}#{}",
                    activeSettings.zone(), activeSettings.optOutZone(), dns.getAddress().getHostAddress(),
                    dns.getPort()));
            return new Platform(database, web, housekeeping, pulls, active, telescope, demoTelescope,
                    new Started(url, admin, demoUsers));
        } catch (RuntimeException e) {
            if (pulls != null) {
                pulls.close();
            }
            if (active != null) {
                active.close();
            }
            if (demoTelescope != null) {
                demoTelescope.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * Opens the database the configuration names, for commands that work on it without starting the server (an
     * embedded H2 database cannot be opened while a server uses it).
     */
    public static Database openDatabase(Configuration config, Mode mode, Clock clock) {
        return Database.open(databaseSettings(config, mode), clock);
    }

    static DatabaseSettings databaseSettings(Configuration config, Mode mode) {
        int poolSize = config.getInt(Options.DB_POOL_SIZE, 1, 500);
        String vendorText = config.get(Options.DB_VENDOR).trim();
        if (vendorText.isEmpty()) {
            if (mode == Mode.PRODUCTION) {
                throw new ConfigurationException("start needs a database: --db postgresql --db-url jdbc:postgresql://HOST:PORT/DB"
                        + " (or --db h2 to use the embedded database explicitly)");
            }
            vendorText = "h2";
        }
        Vendor vendor;
        try {
            vendor = Vendor.parse(vendorText);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("db.vendor (from " + config.origin(Options.DB_VENDOR) + "): " + e.getMessage());
        }
        String url = config.get(Options.DB_URL).trim();
        if (vendor == Vendor.H2 && url.isEmpty()) {
            Path dataDir = Path.of(config.get(Options.DATA_DIR));
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new ConfigurationException("cannot create the data directory " + dataDir.toAbsolutePath() + ": " + e, e);
            }
            DatabaseSettings embedded = DatabaseSettings.embedded(dataDir);
            return new DatabaseSettings(Vendor.H2, embedded.url(), embedded.user(), embedded.password(), poolSize);
        }
        if (url.isEmpty()) {
            throw new ConfigurationException("--db " + vendor.id() + " needs --db-url (for example jdbc:postgresql://127.0.0.1:5432/kizashi)");
        }
        try {
            return new DatabaseSettings(vendor, url, config.get(Options.DB_USER), config.get(Options.DB_PASSWORD), poolSize);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("db.url (from " + config.origin(Options.DB_URL) + "): " + e.getMessage());
        }
    }

    static HttpSettings httpSettings(Configuration config, Mode mode) {
        String host = config.get(Options.HTTP_HOST).trim();
        int port = config.getInt(Options.HTTP_PORT, 0, 65535);
        boolean insecure = config.getBoolean(Options.HTTP_INSECURE);
        String keyStore = config.get(Options.HTTPS_KEY_STORE).trim();
        if (!keyStore.isEmpty()) {
            Path path = Path.of(keyStore);
            if (!Files.isReadable(path)) {
                throw new ConfigurationException("https.key-store (from " + config.origin(Options.HTTPS_KEY_STORE)
                        + "): cannot read " + path.toAbsolutePath());
            }
            Path clientCa = null;
            String clientCaText = config.get(Options.HTTPS_CLIENT_CA).trim();
            if (!clientCaText.isEmpty()) {
                clientCa = Path.of(clientCaText);
                if (!Files.isReadable(clientCa)) {
                    throw new ConfigurationException("https.client-ca (from " + config.origin(Options.HTTPS_CLIENT_CA)
                            + "): cannot read " + clientCa.toAbsolutePath());
                }
            }
            return new HttpSettings(host, port, path, config.get(Options.HTTPS_KEY_STORE_PASSWORD), clientCa,
                    config.get(Options.HTTPS_CLIENT_CA_PASSWORD));
        }
        if (!config.get(Options.HTTPS_CLIENT_CA).trim().isEmpty()) {
            throw new ConfigurationException("https.client-ca (from " + config.origin(Options.HTTPS_CLIENT_CA)
                    + ") needs https.key-store: client certificates are part of TLS");
        }
        if (mode == Mode.PRODUCTION && !insecure) {
            throw new ConfigurationException("start serves HTTPS: give --https-key-store FILE (PKCS#12) and"
                    + " --https-key-store-password, or --http-insecure when a TLS proxy sits in front");
        }
        return new HttpSettings(host, port, null, null);
    }

    public Started started() {
        return started;
    }

    public int port() {
        return web.port();
    }

    public Database database() {
        return database;
    }

    public TelescopeHub telescope() {
        return telescope;
    }

    public ActiveService active() {
        return active;
    }

    /** Stops serving, writes the telescope's aggregates back, and closes the database. */
    @Override
    public void close() {
        if (demoTelescope != null) {
            demoTelescope.close();
        }
        telescope.live().close(); // ends the live streams, which would otherwise hold the server open
        if (pulls != null) {
            pulls.close(); // a run under way stops after its page, before the database closes
        }
        active.close();
        housekeeping.shutdown(); // a flush under way finishes (interrupting it could lose what it had taken)
        try {
            if (!housekeeping.awaitTermination(30, TimeUnit.SECONDS)) {
                housekeeping.shutdownNow();
            }
        } catch (InterruptedException e) {
            housekeeping.shutdownNow();
            Thread.currentThread().interrupt();
        }
        web.stop();
        try {
            telescope.flush();
        } catch (RuntimeException e) {
            LOG.error("Could not write the telescope's aggregates back at shutdown: {}", e.getMessage());
        }
        database.close();
    }
}

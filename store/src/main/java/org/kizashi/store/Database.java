package org.kizashi.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.ThreadLocalTransactionProvider;
import org.kizashi.core.Transactions;
import org.kizashi.core.active.BlockTallyRepository;
import org.kizashi.core.active.ConsentRepository;
import org.kizashi.core.active.OpenResolverRepository;
import org.kizashi.core.active.OutboxStore;
import org.kizashi.core.audit.AuditLog;
import org.kizashi.core.identity.ApiTokenRepository;
import org.kizashi.core.identity.OrganisationRepository;
import org.kizashi.core.identity.SessionRepository;
import org.kizashi.core.identity.UserRepository;
import org.kizashi.core.intel.CommunityRepository;
import org.kizashi.core.intel.StixObjectRepository;
import org.kizashi.core.intel.WideningRepository;
import org.kizashi.core.net.NetworkRepository;
import org.kizashi.core.telescope.TelescopeAggregateRepository;
import org.kizashi.core.telescope.TelescopeAlertRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's database: a connection pool, the schema migrated to the current version, and the repositories.
 * Every repository call made inside {@link #inTransaction} joins that transaction (jOOQ's thread-local provider),
 * which also holds on virtual threads.
 */
public final class Database implements Transactions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final Clock clock;
    private final int schemaVersion;

    private Database(DatabaseSettings settings, HikariDataSource dataSource, Clock clock, int schemaVersion) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.clock = clock;
        this.schemaVersion = schemaVersion;
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(settings.vendor().dialect());
        configuration.set(new ThreadLocalTransactionProvider(new DataSourceConnectionProvider(dataSource)));
        // Unquoted names: H2 folds them to upper case and PostgreSQL to lower case, matching the migrations.
        configuration.set(new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER).withExecuteLogging(false));
        this.dsl = DSL.using(configuration);
    }

    /**
     * Connects, migrates the schema and returns the open database.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached, refuses the login or cannot be migrated
     */
    public static Database open(DatabaseSettings settings, Clock clock) {
        HikariDataSource dataSource = pool(settings);
        try {
            int version = migrate(settings, dataSource);
            return new Database(settings, dataSource, clock, version);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatabaseUnavailableException("cannot migrate the " + settings.vendor().displayName()
                    + " database at " + settings.url() + ": " + rootMessage(e), e);
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("kizashi-" + settings.vendor().id());
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1); // fail at start, not at the first request
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("cannot connect to the " + settings.vendor().displayName()
                    + " database at " + settings.url() + ": " + rootMessage(e), e);
        }
    }

    private static int migrate(DatabaseSettings settings, DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(settings.vendor().migrationPlaceholders())
                .loggers("slf4j")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Migrated the {} schema to version {} ({} migrations)", settings.vendor().displayName(),
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
        return Flyway.configure().dataSource(dataSource).placeholders(settings.vendor().migrationPlaceholders())
                .load().info().current().getVersion().getMajor().intValue();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).trim();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public Vendor vendor() {
        return settings.vendor();
    }

    /** The highest applied migration version. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The product name and version the server reports, such as "PostgreSQL 15.19". */
    public String productVersion() {
        try (Connection c = dataSource.getConnection()) {
            var meta = c.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("database not answering: " + rootMessage(e), e);
        }
    }

    /** True when the database answers a trivial query within {@code timeoutSeconds}. */
    public boolean isAnswering(int timeoutSeconds) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The jOOQ context for modules that add their own tables; it joins {@link #inTransaction} transactions. */
    public DSLContext dsl() {
        return dsl;
    }

    public Clock clock() {
        return clock;
    }

    /** Rows added to the shared-object tables since their statistics were last refreshed here, and their size then. */
    private final java.util.concurrent.atomic.AtomicLong intelRowsSinceAnalyze = new java.util.concurrent.atomic.AtomicLong();
    private volatile long intelRowsAtAnalyze;

    /**
     * Refreshes PostgreSQL's statistics of the shared-object tables each time they have doubled (by at least 20,000
     * rows) since the last refresh: without statistics the planner reads a thousand-id look-up as a scan of the whole
     * table, and a cached plan made while the table was small stays a scan as it grows. Not left to autovacuum, which
     * may be off or behind a large first import; refreshing at every tenth, as autovacuum does, cost a fifth of the
     * ingest rate while a table is young. H2 keeps its own statistics.
     */
    void intelRowsAdded(long rows) {
        if (settings.vendor() != Vendor.POSTGRESQL) {
            return;
        }
        long since = intelRowsSinceAnalyze.addAndGet(rows);
        if (since >= Math.max(20_000, intelRowsAtAnalyze) && intelRowsSinceAnalyze.compareAndSet(since, 0)) {
            dsl.execute("ANALYZE intel_objects, intel_values");
            intelRowsAtAnalyze = dsl.fetchOne("SELECT reltuples::bigint FROM pg_class WHERE oid = 'intel_objects'::regclass")
                    .get(0, Long.class);
        }
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return dsl.transactionResult(configuration -> work.get());
    }

    public OrganisationRepository organisations() {
        return new JooqOrganisationRepository(dsl, clock);
    }

    public UserRepository users() {
        return new JooqUserRepository(dsl, clock);
    }

    public SessionRepository sessions() {
        return new JooqSessionRepository(dsl);
    }

    public ApiTokenRepository apiTokens() {
        return new JooqApiTokenRepository(dsl, clock);
    }

    public AuditLog audit() {
        return new JooqAuditLog(dsl, clock);
    }

    public NetworkRepository networks() {
        return new JooqNetworkRepository(dsl);
    }

    public CommunityRepository communities() {
        return new JooqCommunityRepository(dsl, clock);
    }

    public StixObjectRepository stixObjects() {
        return new JooqStixObjectRepository(this, dsl, clock);
    }

    public WideningRepository widenings() {
        return new JooqWideningRepository(this, dsl, new JooqStixObjectRepository(this, dsl, clock), clock);
    }

    public BlockTallyRepository blockTallies() {
        return new JooqBlockTallyRepository(this, dsl);
    }

    public OpenResolverRepository openResolvers() {
        return new JooqOpenResolverRepository(this, dsl);
    }

    public OutboxStore outbox() {
        return new JooqOutboxStore(dsl);
    }

    public ConsentRepository consent() {
        return new JooqConsentRepository(dsl, clock);
    }

    public TelescopeAlertRepository telescopeAlerts() {
        return new JooqTelescopeAlertRepository(dsl, clock);
    }

    public TelescopeAggregateRepository telescopeAggregates() {
        return new JooqTelescopeAggregateRepository(this, dsl, clock);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

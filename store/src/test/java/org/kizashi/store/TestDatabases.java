package org.kizashi.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases for tests: a private in-memory H2, or a fresh schema on the PostgreSQL server named by
 * {@code KIZASHI_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}).
 * When no PostgreSQL answers, the PostgreSQL tests are skipped with a message saying so; under CI ({@code CI=true})
 * they fail instead, so that they can never pass silently there.
 */
public final class TestDatabases {
    public static final String PG_URL = env("KIZASHI_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = env("KIZASHI_TEST_PG_USER", "postgres");
    public static final String PG_PASSWORD = env("KIZASHI_TEST_PG_PASSWORD", "");

    private TestDatabases() {
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static Database h2() {
        return Database.open(DatabaseSettings.inMemory("test-" + UUID.randomUUID()), Clock.systemUTC());
    }

    /** A PostgreSQL database in a new, empty schema; {@link #dropPostgresql} removes it. */
    public static Database postgresql() {
        return Database.open(postgresqlSettings(), Clock.systemUTC());
    }

    /** Settings for a new, empty PostgreSQL schema (created here), or the test is skipped/failed as described above. */
    public static DatabaseSettings postgresqlSettings() {
        String schema = "kz_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + PG_URL + " (" + e.getMessage()
                    + "); the PostgreSQL contract tests cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ", and CI requires them", e);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        String separator = PG_URL.contains("?") ? "&" : "?";
        return new DatabaseSettings(Vendor.POSTGRESQL, PG_URL + separator + "currentSchema=" + schema, PG_USER,
                PG_PASSWORD, 4);
    }

    /** Drops the schema the database was opened in, and closes it. */
    public static void dropPostgresql(Database database) {
        if (database == null) {
            return;
        }
        String url = database.settings().url();
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        database.close();
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}

package org.kizashi.store;

import java.util.Locale;
import java.util.Map;
import org.jooq.SQLDialect;

/** The database products Kizashi runs on: embedded H2 for start-dev and small sites, PostgreSQL for production. */
public enum Vendor {
    // "document": text read back with every row of a page (STIX objects). An H2 large object is copied into every
    // result it is part of, so there it is a (long) character string, kept with its row.
    H2("H2", SQLDialect.H2, Map.of("binary16", "BINARY(16)", "text", "CHARACTER LARGE OBJECT",
            "blob", "BINARY LARGE OBJECT", "document", "CHARACTER VARYING(1000000000)")),
    POSTGRESQL("PostgreSQL", SQLDialect.POSTGRES, Map.of("binary16", "BYTEA", "text", "TEXT", "blob", "BYTEA",
            "document", "TEXT"));

    private final String displayName;
    private final SQLDialect dialect;
    private final Map<String, String> migrationPlaceholders;

    Vendor(String displayName, SQLDialect dialect, Map<String, String> migrationPlaceholders) {
        this.displayName = displayName;
        this.dialect = dialect;
        this.migrationPlaceholders = migrationPlaceholders;
    }

    public String displayName() {
        return displayName;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    SQLDialect dialect() {
        return dialect;
    }

    Map<String, String> migrationPlaceholders() {
        return migrationPlaceholders;
    }

    /** "h2", "postgresql" (also "postgres", "pg"). */
    public static Vendor parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "h2" -> H2;
            case "postgresql", "postgres", "pg" -> POSTGRESQL;
            default -> throw new IllegalArgumentException("unknown database '" + text + "' (expected h2 or postgresql)");
        };
    }

    /** The vendor a JDBC URL belongs to. */
    public static Vendor ofUrl(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + jdbcUrl
                + "' (expected jdbc:h2:... or jdbc:postgresql://HOST:PORT/DB)");
    }
}

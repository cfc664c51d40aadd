package org.kizashi.store;

import java.nio.file.Path;
import java.util.Objects;

/** Where the database is and how to log in. The password is never printed by {@link #toString()}. */
public record DatabaseSettings(Vendor vendor, String url, String user, String password, int maxPoolSize) {
    public DatabaseSettings {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(url, "url");
        if (Vendor.ofUrl(url) != vendor) {
            throw new IllegalArgumentException("the database URL '" + url + "' is not a " + vendor.displayName() + " URL");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
    }

    /**
     * The embedded H2 database in {@code dataDir}/kizashi.mv.db. H2 does not close it in a shutdown hook of its own
     * (DB_CLOSE_ON_EXIT=FALSE): the platform closes it after its own shutdown work, such as writing the telescope's
     * aggregates back, which H2's hook would otherwise race.
     */
    public static DatabaseSettings embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("kizashi").toString();
        return new DatabaseSettings(Vendor.H2, "jdbc:h2:file:" + file + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE",
                "sa", "", 10);
    }

    /** A private in-memory H2 database that lives as long as the returned {@link Database}, for tests. */
    public static DatabaseSettings inMemory(String name) {
        return new DatabaseSettings(Vendor.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    }

    @Override
    public String toString() {
        return vendor.displayName() + " " + url + (user == null || user.isEmpty() ? "" : " as " + user);
    }
}

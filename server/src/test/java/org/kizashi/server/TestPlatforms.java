package org.kizashi.server;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.kizashi.server.config.Configuration;

/** Starts the whole platform on a free port for tests, with a private in-memory H2 database unless told otherwise. */
public final class TestPlatforms {
    public static final String ADMIN_PASSWORD = "test-admin-password-1";

    private TestPlatforms() {
    }

    public static Platform h2(Map<String, String> flags) {
        Map<String, String> all = new HashMap<>();
        all.put("http.port", "0");
        all.put("active.dns-port", "0"); // any free port: tests run beside each other and beside start-dev
        all.put("db.vendor", "h2");
        all.put("db.url", "jdbc:h2:mem:platform-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        all.put("admin.password", ADMIN_PASSWORD);
        all.putAll(flags);
        return Platform.start(Configuration.load(null, Map.of(), all), Mode.DEVELOPMENT, "test", Clock.systemUTC());
    }
}

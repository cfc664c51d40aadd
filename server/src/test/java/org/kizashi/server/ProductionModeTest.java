package org.kizashi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.store.DatabaseSettings;
import org.kizashi.store.TestDatabases;

/** `start` is strict: explicit database, TLS or an explicit --http-insecure; and it runs on the real PostgreSQL. */
class ProductionModeTest {
    private static Platform postgres;

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
            TestDatabases.dropPostgresql(postgres.database());
        }
    }

    private static Configuration config(Map<String, String> flags) {
        Map<String, String> all = new java.util.HashMap<>(flags);
        all.putIfAbsent("active.dns-port", "0"); // any free port: tests run beside each other and beside start-dev
        return Configuration.load(null, Map.of(), all);
    }

    @Test
    void refusesToGuessTheDatabase() {
        assertThatThrownBy(() -> Platform.start(config(Map.of("http.insecure", "true")), Mode.PRODUCTION, "t", Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--db postgresql --db-url");
    }

    @Test
    void refusesPlainHttpUnlessAskedFor() {
        Map<String, String> flags = Map.of("db.vendor", "h2", "db.url", "jdbc:h2:mem:p-" + UUID.randomUUID());
        assertThatThrownBy(() -> Platform.start(config(flags), Mode.PRODUCTION, "t", Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--http-insecure");
    }

    @Test
    void refusesTheDemoDataSet() {
        Map<String, String> flags = Map.of("db.vendor", "h2", "db.url", "jdbc:h2:mem:p-" + UUID.randomUUID(),
                "http.insecure", "true", "demo", "true");
        assertThatThrownBy(() -> Platform.start(config(flags), Mode.PRODUCTION, "t", Clock.systemUTC()))
                .hasMessageContaining("start-dev only");
    }

    @Test
    void servesHttpsFromAPkcs12KeyStore(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "kizashi", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "store-password", "-keypass", "store-password")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        Map<String, String> flags = new HashMap<>(Map.of("db.vendor", "h2", "db.url", "jdbc:h2:mem:tls-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "http.port", "0", "https.key-store", keyStore.toString(),
                "https.key-store-password", "store-password", "admin.password", "tls-admin-password"));
        try (Platform platform = Platform.start(config(flags), Mode.PRODUCTION, "t", Clock.systemUTC())) {
            assertThat(platform.started().url()).startsWith("https://127.0.0.1:");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(keyStore.toFile())) {
                trust.load(in, "store-password".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(platform.started().url() + "api/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(platform.started().url() + "api/v1/auth/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"tls-admin-password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
        }
    }

    @Test
    void runsOnPostgresql() throws Exception {
        DatabaseSettings pg = TestDatabases.postgresqlSettings();
        Map<String, String> flags = Map.of("db.vendor", "postgresql", "db.url", pg.url(), "db.user", pg.user(),
                "db.password", pg.password(), "http.port", "0", "http.insecure", "true", "admin.password", "pg-admin-password");
        postgres = Platform.start(config(flags), Mode.PRODUCTION, "t", Clock.systemUTC());
        assertThat(postgres.database().productVersion()).startsWith("PostgreSQL");
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(postgres.started().url() + "api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"vendor\":\"PostgreSQL\"");
        assertThat(postgres.started().admin().created()).isTrue();
    }
}

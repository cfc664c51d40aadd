package org.kizashi.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.Options;
import picocli.CommandLine.Option;

/** Flags shared by start-dev, start and show-config; each overrides the same setting from the file and environment. */
final class ServerOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (default: conf/kizashi.yaml when it exists).")
    Path config;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080; 0 picks a free one).")
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory for the embedded database and local data (default ./data).")
    String dataDir;

    @Option(names = "--db", paramLabel = "VENDOR", description = "Database: h2 or postgresql.")
    String db;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "For example jdbc:postgresql://HOST:5432/DB.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password (prefer KIZASHI_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--https-key-store", paramLabel = "FILE", description = "PKCS#12 key store with the server certificate: serve HTTPS.")
    String keyStore;

    @Option(names = "--https-key-store-password", paramLabel = "PASSWORD", description = "Password of the key store.")
    String keyStorePassword;

    @Option(names = "--https-client-ca", paramLabel = "FILE", description = "PKCS#12 trust store of the authorities "
            + "whose client certificates log TAXII clients in (password: KIZASHI_HTTPS_CLIENT_CA_PASSWORD).")
    String clientCa;

    @Option(names = "--intel-pulls", paramLabel = "FILE", description = "JSON file of remote TAXII collections to pull "
            + "on a schedule.")
    String intelPulls;

    @Option(names = "--dns-port", paramLabel = "PORT", description = "DNS port (UDP and TCP) serving the policy zones "
            + "to resolvers; 0: any free port, -1: none (default 5353, on --dns-address).")
    String dnsPort;

    @Option(names = "--dns-address", paramLabel = "ADDRESS", description = "Address the policy zones are served on "
            + "(default 127.0.0.1).")
    String dnsAddress;

    @Option(names = "--warning-host", paramLabel = "HOST", description = "Host of the warning page: blocked names "
            + "lead there (walled garden). Without it, blocked names do not exist (NXDOMAIN).")
    String warningHost;

    @Option(names = "--http-insecure", description = "start only: plain HTTP, for use behind a TLS-terminating proxy.")
    Boolean insecure;

    Configuration load(Map<String, String> extraFlags) {
        Map<String, String> flags = new HashMap<>(extraFlags);
        put(flags, Options.HTTP_HOST.key(), host);
        put(flags, Options.HTTP_PORT.key(), port);
        put(flags, Options.DATA_DIR.key(), dataDir);
        put(flags, Options.DB_VENDOR.key(), db);
        put(flags, Options.DB_URL.key(), dbUrl);
        put(flags, Options.DB_USER.key(), dbUser);
        put(flags, Options.DB_PASSWORD.key(), dbPassword);
        put(flags, Options.HTTPS_KEY_STORE.key(), keyStore);
        put(flags, Options.HTTPS_KEY_STORE_PASSWORD.key(), keyStorePassword);
        put(flags, Options.HTTPS_CLIENT_CA.key(), clientCa);
        put(flags, Options.INTEL_PULLS.key(), intelPulls);
        put(flags, Options.ACTIVE_DNS_PORT.key(), dnsPort);
        put(flags, Options.ACTIVE_DNS_ADDRESS.key(), dnsAddress);
        put(flags, Options.ACTIVE_WARNING_HOST.key(), warningHost);
        put(flags, Options.HTTP_INSECURE.key(), insecure == null ? null : insecure.toString());
        Path file = config;
        if (file == null && Path.of("conf", "kizashi.yaml").toFile().isFile()) {
            file = Path.of("conf", "kizashi.yaml");
        }
        return Configuration.load(file, System.getenv(), flags);
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}

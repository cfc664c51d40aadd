package org.kizashi.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.config.ConfigurationException;

/**
 * TAXII clients log in with a TLS client certificate issued by the authority in {@code https.client-ca}: the
 * certificate's CN is the user. Certificates, keys and stores are made by the JDK's keytool.
 */
class ClientCertificateTest {
    private static final String PASSWORD = "store-password";

    @TempDir
    static Path directory;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store("hub"));
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Kizashi test CA", "-ext", "bc:c", "-validity", "2", "-keystore", store("ca"));
        keytool("-exportcert", "-rfc", "-alias", "ca", "-file", directory.resolve("ca.pem").toString(), "-keystore",
                store("ca"));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", directory.resolve("ca.pem").toString(),
                "-keystore", store("client-ca"));
        client("admin");
        client("nobody");
        platform = TestPlatforms.h2(Map.of("https.key-store", store("hub"), "https.key-store-password", PASSWORD,
                "https.client-ca", store("client-ca"), "https.client-ca-password", PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String store(String name) {
        return directory.resolve(name + ".p12").toString();
    }

    /** A key store holding a key pair whose certificate, for CN={@code user}, the test CA signed. */
    private static void client(String user) throws Exception {
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + user,
                "-validity", "2", "-keystore", store(user));
        Path request = directory.resolve(user + ".csr");
        Path signed = directory.resolve(user + ".pem");
        keytool("-certreq", "-alias", "client", "-file", request.toString(), "-keystore", store(user));
        keytool("-gencert", "-alias", "ca", "-rfc", "-infile", request.toString(), "-outfile", signed.toString(),
                "-validity", "2", "-keystore", store("ca"));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", directory.resolve("ca.pem").toString(),
                "-keystore", store(user));
        keytool("-importcert", "-alias", "client", "-file", signed.toString(), "-keystore", store(user));
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    private static KeyStore load(String name) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    /** GET /taxii2/ over HTTPS, trusting the hub's certificate, presenting {@code user}'s certificate (or none). */
    private static HttpResponse<String> discovery(String user) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("hub"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (user == null) {
            keys.init(null, null);
        } else {
            keys.init(load(user), PASSWORD.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + platform.port() + "/taxii2/"))
                    .header("Accept", "application/taxii+json;version=2.1").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aCertificateTheAuthorityIssuedLogsItsUserIn() throws Exception {
        HttpResponse<String> answer = discovery("admin");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("/taxii2/kizashi/");
    }

    @Test
    void withoutACertificateTheClientMustLogInAnotherWay() throws Exception {
        assertThat(discovery(null).statusCode()).isEqualTo(401);
    }

    @Test
    void aCertificateForNoUserIsRefusedAndSaysWhy() throws Exception {
        HttpResponse<String> answer = discovery("nobody");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("CN=nobody", "names no enabled user");
    }

    @Test
    void aClientAuthorityWithoutHttpsIsAConfigurationError() {
        assertThatThrownBy(() -> TestPlatforms.h2(Map.of("https.client-ca", store("client-ca"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs https.key-store");
    }
}

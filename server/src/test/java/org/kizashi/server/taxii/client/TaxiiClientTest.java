package org.kizashi.server.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.server.taxii.TaxiiApi;

/**
 * The TAXII 2.1 client against the platform's own TAXII server: objects posted to the council's collection are pulled
 * into another community of the same platform. A small fake server stands for servers that page without 'next' and
 * for answers that are not TAXII.
 */
class TaxiiClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final String TLP_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Platform platform;
    private static String councilUrl;
    private static IntelDesk desk;
    private static Organisation provider;

    @TempDir
    Path state;

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of("demo", "true"));
        Community council = platform.database().communities().communities().stream()
                .filter(c -> c.kind() == Community.Kind.COUNCIL).findFirst().orElseThrow();
        councilUrl = base() + "/taxii2/kizashi/collections/" + council.collectionId() + "/";
        desk = new IntelDesk(platform.database());
        provider = platform.database().organisations().create("Partner hub " + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        HTTP.close();
        platform.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + platform.port();
    }

    private static Community community() {
        return platform.database().communities().create("Pulled " + UUID.randomUUID(),
                Community.Kind.PARTNER_COUNTRIES, OptionalLong.empty());
    }

    private static TaxiiClient.Builder admin(String url) {
        return TaxiiClient.forCollection(url)
                .credentials(TaxiiClient.Credentials.basic("admin", TestPlatforms.ADMIN_PASSWORD));
    }

    private static String indicator(String id, String ip, String... markings) {
        String marks = markings.length == 0 ? ""
                : ",\"object_marking_refs\":[\"" + String.join("\",\"", markings) + "\"]";
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":"
                + "\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\",\"pattern\":"
                + "\"[ipv4-addr:value = '" + ip + "']\",\"pattern_type\":\"stix\",\"valid_from\":"
                + "\"2026-11-23T00:00:00Z\"" + marks + "}";
    }

    /** Posts indicators to the council as the administrator (its organisation is the council's secretariat). */
    private static void post(String... objects) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("admin:" + TestPlatforms.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(councilUrl + "objects/"))
                .header("Authorization", "Basic " + basic).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + String.join(",", objects) + "]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).path("success_count").asInt()).as(r.body()).isEqualTo(objects.length);
    }

    /** The ids a Green audience reads in a community. */
    private static List<String> greenIds(Community c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        desk.exportBundle(List.of(c), SharingLevel.GREEN, out, n -> { });
        return JSON.readTree(out.toByteArray()).path("objects").findValuesAsText("id");
    }

    private TaxiiPull.Outcome pull(TaxiiClient.Builder client, Community into, Optional<Instant> since,
                                   Consumer<TaxiiPull.Outcome> progress) throws Exception {
        try (TaxiiClient c = client.build()) {
            return new TaxiiPull(desk, state).pull(c, into, SharingLevel.GREEN, provider, since, progress);
        }
    }

    private TaxiiPull.Outcome pull(TaxiiClient.Builder client, Community into) throws Exception {
        return pull(client, into, Optional.empty(), o -> { });
    }

    @Test
    void greenObjectsArePulledWithTheirIdsAndTheNextPullContinuesWhereTheLastStopped() throws Exception {
        String first = "indicator--" + UUID.randomUUID();
        String second = "indicator--" + UUID.randomUUID();
        String red = "indicator--" + UUID.randomUUID();
        post(indicator(first, "192.0.2.10", TLP_GREEN), indicator(second, "192.0.2.11", TLP_GREEN),
                indicator(red, "192.0.2.12", TLP_RED));
        Community into = community();

        TaxiiPull.Outcome pulled = pull(admin(councilUrl), into);
        assertThat(greenIds(into)).contains(first, second).doesNotContain(red);
        assertThat(pulled.added()).isGreaterThanOrEqualTo(2);
        assertThat(pulled.refused()).as("TLP:RED allows less than green")
                .isGreaterThanOrEqualTo(1);
        assertThat(pulled.notStored()).anySatisfy(n -> {
            assertThat(n.item().id()).isEqualTo(red);
            assertThat(n.item().status()).isEqualTo(ImportReport.Status.REFUSED);
        });
        assertThat(pulled.allStored()).isFalse();
        assertThat(pulled.continuesAfter()).isPresent();
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().matches("[0-9a-f]{64}\\.json");
        }

        TaxiiPull.Outcome again = pull(admin(councilUrl), into);
        assertThat(again.received()).as("nothing new since the last pull").isZero();
        assertThat(again.added()).isZero();
        assertThat(again.continuesAfter()).isEqualTo(pulled.continuesAfter());

        String third = "indicator--" + UUID.randomUUID();
        post(indicator(third, "192.0.2.13", TLP_GREEN));
        TaxiiPull.Outcome later = pull(admin(councilUrl), into);
        assertThat(later.received()).isEqualTo(1);
        assertThat(later.added()).isEqualTo(1);
        assertThat(later.allStored()).isTrue();
        assertThat(later.continuesAfter().orElseThrow()).isAfter(pulled.continuesAfter().orElseThrow());
        assertThat(greenIds(into)).contains(first, second, third);
    }

    @Test
    void smallPagesFollowTheServersNextCursor() throws Exception {
        Instant before = Instant.now().minus(1, ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, "198.51.100." + i, TLP_GREEN));
        }
        post(objects.toArray(String[]::new));
        Community into = community();

        List<Integer> pagesSeen = new ArrayList<>();
        TaxiiPull.Outcome pulled = pull(admin(councilUrl).limit(2), into, Optional.of(before),
                o -> pagesSeen.add(o.pages()));
        assertThat(pagesSeen).containsExactly(1, 2, 3);
        assertThat(pulled.pages()).isEqualTo(3);
        assertThat(pulled.received()).isEqualTo(5);
        assertThat(pulled.added()).isEqualTo(5);
        assertThat(greenIds(into)).containsAll(ids);
    }

    @Test
    void aWrongPasswordNamesTheUrlAndTheStatus() {
        TaxiiClient.Builder wrong = TaxiiClient.forCollection(councilUrl)
                .credentials(TaxiiClient.Credentials.basic("admin", "not-the-password"));
        assertThatThrownBy(() -> pull(wrong, community()))
                .isInstanceOf(TaxiiPull.Failed.class)
                .hasMessageContaining(councilUrl)
                .hasMessageContaining("HTTP 401")
                .satisfies(e -> assertThat(((TaxiiClient.RemoteFailure) e.getCause()).status()).isEqualTo(401));
    }

    @Test
    void whatIsNotATaxiiCollectionSaysSo() {
        assertThatThrownBy(() -> TaxiiClient.forCollection(base() + "/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a TAXII collection URL");
        assertThatThrownBy(() -> TaxiiClient.forCollection("ftp://127.0.0.1/taxii2/x/collections/y/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");

        String unknown = base() + "/taxii2/kizashi/collections/" + UUID.randomUUID() + "/";
        assertThatThrownBy(() -> pull(admin(unknown), community()))
                .isInstanceOf(TaxiiPull.Failed.class)
                .hasMessageContaining(unknown)
                .hasMessageContaining("HTTP 404");

        String notTaxii = base() + "/api/v1/collections/x/";
        assertThatThrownBy(() -> pull(admin(notTaxii), community()))
                .isInstanceOf(TaxiiPull.Failed.class)
                .hasMessageContaining(notTaxii)
                .hasMessageContaining("HTTP 401") // Basic credentials count only on TAXII paths
                .hasMessageContaining("is this a TAXII 2.1 collection URL?");
    }

    @Test
    void nothingListensThere() {
        String closed = "http://127.0.0.1:1/taxii2/root/collections/x/";
        assertThatThrownBy(() -> pull(admin(closed), community()))
                .isInstanceOf(TaxiiPull.Failed.class)
                .hasMessageContaining(closed).hasMessageContaining("cannot connect: no connection to 127.0.0.1:1");
    }

    // ---- a fake server: pages without 'next', redirects, answers of other types

    /** Serves three Green indicators, two per page, with 'more' but never 'next'; and a few broken paths. */
    private static final class FakeServer implements AutoCloseable {
        final HttpServer server;
        final String scheme;
        final List<String> ids = new ArrayList<>();
        final List<Instant> added = new ArrayList<>();
        final List<String> queries = new ArrayList<>();

        FakeServer() throws IOException {
            this(null);
        }

        /** Over HTTPS when a TLS context is given. */
        FakeServer(SSLContext tls) throws IOException {
            Instant t = Instant.parse("2026-11-20T00:00:00Z");
            for (int i = 0; i < 3; i++) {
                ids.add("indicator--" + UUID.randomUUID());
                added.add(t.plusSeconds(i));
            }
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                server = HttpServer.create(loopback, 0);
            } else {
                HttpsServer https = HttpsServer.create(loopback, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
            scheme = tls == null ? "http" : "https";
            server.createContext("/taxii2/fake/collections/c1/", this::collection);
            server.createContext("/taxii2/fake/collections/moved/", e -> {
                e.getResponseHeaders().add("Location", "http://localhost:" + port() + "/taxii2/fake/collections/c1/");
                e.sendResponseHeaders(302, -1);
                e.close();
            });
            server.createContext("/taxii2/fake/collections/html/", e ->
                    answer(e, 200, "text/html; charset=utf-8", "<html>login</html>"));
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url(String collection) {
            return scheme + "://127.0.0.1:" + port() + "/taxii2/fake/collections/" + collection + "/";
        }

        private void collection(HttpExchange e) throws IOException {
            String path = e.getRequestURI().getPath();
            if (path.endsWith("/c1/")) {
                answer(e, 200, TAXII, "{\"id\":\"c1\",\"title\":\"fake\",\"can_read\":true,\"can_write\":false}");
                return;
            }
            String query = Optional.ofNullable(e.getRequestURI().getQuery()).orElse("");
            queries.add(query);
            Instant after = Instant.MIN;
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("added_after=")) {
                    after = Instant.parse(parameter.substring("added_after=".length()));
                }
            }
            List<Integer> page = new ArrayList<>();
            for (int i = 0; i < ids.size() && page.size() < 2; i++) {
                if (added.get(i).isAfter(after)) {
                    page.add(i);
                }
            }
            if (page.isEmpty()) {
                answer(e, 200, TAXII, "{}");
                return;
            }
            int last = page.getLast();
            e.getResponseHeaders().add("X-TAXII-Date-Added-First", TaxiiApi.timestamp(added.get(page.getFirst())));
            e.getResponseHeaders().add("X-TAXII-Date-Added-Last", TaxiiApi.timestamp(added.get(last)));
            String objects = String.join(",", page.stream()
                    .map(i -> indicator(ids.get(i), "203.0.113." + i, TLP_GREEN)).toList());
            answer(e, 200, TAXII, "{\"more\":" + (last < ids.size() - 1) + ",\"objects\":[" + objects + "]}");
        }

        private static void answer(HttpExchange e, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().add("Content-Type", type);
            e.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = e.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void withoutNextPagesFollowTheLastDateAdded() throws Exception {
        try (FakeServer fake = new FakeServer()) {
            Community into = community();
            TaxiiClient.Builder client = TaxiiClient.forCollection(fake.url("c1"));
            TaxiiPull.Outcome pulled = pull(client, into);
            assertThat(pulled.pages()).isEqualTo(2);
            assertThat(pulled.added()).isEqualTo(3);
            assertThat(pulled.continuesAfter()).contains(fake.added.getLast());
            assertThat(fake.queries).containsExactly("", "added_after=" + TaxiiApi.timestamp(fake.added.get(1)));
            assertThat(greenIds(into)).containsAll(fake.ids);

            TaxiiPull.Outcome again = pull(client, into);
            assertThat(again.received()).isZero();
            assertThat(fake.queries.getLast()).isEqualTo("added_after=" + TaxiiApi.timestamp(fake.added.get(2)));
        }
    }

    @Test
    void redirectsToAnotherHostAndAnswersOfAnotherTypeAreRefused() {
        try (FakeServer fake = new FakeServer()) {
            assertThatThrownBy(() -> pull(TaxiiClient.forCollection(fake.url("moved")), community()))
                    .isInstanceOf(TaxiiPull.Failed.class)
                    .hasMessageContaining(fake.url("moved"))
                    .hasMessageContaining("redirected to http://localhost:")
                    .hasMessageContaining("not followed");
            assertThatThrownBy(() -> pull(TaxiiClient.forCollection(fake.url("html")), community()))
                    .isInstanceOf(TaxiiPull.Failed.class)
                    .hasMessageContaining(fake.url("html"))
                    .hasMessageContaining("not a TAXII 2.1 answer")
                    .hasMessageContaining("text/html");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A self-signed certificate for 127.0.0.1 in a PKCS#12 store, made by the JDK's keytool. */
    private Path selfSignedStore(char[] password) throws IOException, InterruptedException {
        Path store = state.resolve("hub.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(password), "-keypass", new String(password))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        return store;
    }

    @Test
    void overHttpsTheServersCertificateMustBeTrusted() throws Exception {
        char[] password = "trust-test".toCharArray();
        Path store = selfSignedStore(password);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        try (FakeServer fake = new FakeServer(tls)) {
            assertThatThrownBy(() -> pull(TaxiiClient.forCollection(fake.url("c1")), community()))
                    .as("the JDK's default trust store does not know a self-signed certificate")
                    .isInstanceOf(TaxiiPull.Failed.class)
                    .hasMessageContaining(fake.url("c1"))
                    .hasMessageContaining("TLS handshake failed");
            Community into = community();
            TaxiiPull.Outcome pulled = pull(TaxiiClient.forCollection(fake.url("c1")).trustStore(store, password),
                    into);
            assertThat(pulled.added()).isEqualTo(3);
            assertThat(greenIds(into)).containsAll(fake.ids);
        }
        assertThatThrownBy(() -> TaxiiClient.forCollection(councilUrl).trustStore(store, "wrong".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining(store.toString());
    }

    @Test
    void theMediaTypeMustBeTaxii21() {
        assertThat(TaxiiClient.isTaxii21("application/taxii+json;version=2.1")).isTrue();
        assertThat(TaxiiClient.isTaxii21("application/taxii+json; version=\"2.1\"; charset=utf-8")).isTrue();
        assertThat(TaxiiClient.isTaxii21("application/taxii+json")).isTrue();
        assertThat(TaxiiClient.isTaxii21("application/taxii+json;version=2.0")).isFalse();
        assertThat(TaxiiClient.isTaxii21("application/vnd.oasis.taxii+json; version=2.0")).isFalse();
        assertThat(TaxiiClient.isTaxii21("application/json")).isFalse();
        assertThat(TaxiiClient.sameServer(URI.create("http://a.example/x"), URI.create("https://a.example/y")))
                .isTrue();
        assertThat(TaxiiClient.sameServer(URI.create("https://a.example/x"), URI.create("http://a.example/y")))
                .isFalse();
        assertThat(TaxiiClient.sameServer(URI.create("https://a.example/x"), URI.create("https://b.example/x")))
                .isFalse();
        assertThat(TaxiiClient.collectionUri("https://hub.example/taxii2/r/collections/abc").toString())
                .isEqualTo("https://hub.example/taxii2/r/collections/abc/");
    }

    @Test
    void aDamagedPositionSaysWhatToDo() throws Exception {
        Community into = community();
        TaxiiPull pull = new TaxiiPull(desk, state);
        URI url = URI.create(councilUrl);
        Files.createDirectories(state);
        Files.writeString(pull.stateFile(url, into), "{oops");
        assertThatThrownBy(() -> pull.position(url, into)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged").hasMessageContaining("delete it");
    }
}

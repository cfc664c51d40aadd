package org.kizashi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kizashi.core.identity.Organisation;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.telescope.TestReports;

/**
 * The telescope's API on a platform started on a random port: a report made by the telescope's own analysis is posted
 * as a sensor does and shows in the overview, the series and the alerts; bad bodies and wrong callers are refused;
 * the live stream sends events.
 */
class TelescopeApiTest {
    private static final String PASSWORD = "telescope-test-password";
    private static Platform platform;
    private static Organisation owner;
    private static String analystToken;
    private static String viewerToken;
    private static String otherAnalystToken;
    /** Three hours ago on the hour: the report's 20 minutes lie in one UTC day and in the memory window. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    private static final LocalDate DAY = LocalDate.ofInstant(START, ZoneOffset.UTC);
    private static JsonNode posted;

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of());
        HttpClientSession admin = client();
        assertThat(admin.login("admin", TestPlatforms.ADMIN_PASSWORD).status()).isEqualTo(200);
        long ownerId = admin.post("/api/v1/organisations", "{\"name\":\"観測先 ISP\"}").json().get("id").asLong();
        long otherId = admin.post("/api/v1/organisations", "{\"name\":\"Other Co.\"}").json().get("id").asLong();
        owner = platform.database().organisations().find(ownerId).orElseThrow();
        platform.database().networks().add(ownerId, TestReports.ORGANISATION_RANGE, "customers");
        createUser(admin, "sensor-analyst", ownerId, "analyst");
        createUser(admin, "watcher", otherId, "viewer");
        createUser(admin, "other-analyst", otherId, "analyst");
        analystToken = token("sensor-analyst");
        viewerToken = token("watcher");
        otherAnalystToken = token("other-analyst");

        HttpResponse<String> r = postReport(analystToken, "application/octet-stream",
                TestReports.report("sensor-1", START).toBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        posted = json(r.body());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static HttpClientSession client() {
        return new HttpClientSession(platform.port());
    }

    private static void createUser(HttpClientSession admin, String username, long organisation, String role) {
        var a = admin.post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"" + role + "\",\"organisationId\":" + organisation + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    private static String token(String username) {
        HttpClientSession c = client();
        assertThat(c.login(username, PASSWORD).status()).isEqualTo(200);
        var a = c.post("/api/v1/tokens", "{\"name\":\"sensor\"}");
        assertThat(a.status()).isEqualTo(201);
        return a.json().get("secret").asText();
    }

    private static HttpClientSession bearer(String token) {
        return client().bearer(token);
    }

    private static HttpResponse<String> postReport(String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port()
                + "/api/v1/telescope/reports")).timeout(Duration.ofSeconds(30))
                // As a careful sensor does: the server may refuse the caller before the body is sent, instead of
                // answering early and closing a connection the body is still arriving on.
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Test
    void aPostedReportShowsInTheOverviewSeriesAndAlerts() {
        assertThat(posted.get("sensor").asText()).isEqualTo("sensor-1");
        assertThat(posted.get("day").asText()).isEqualTo(DAY.toString());
        assertThat(posted.get("packets").asLong()).isEqualTo(TestReports.DARKNET_PACKETS);
        assertThat(posted.get("alertIds")).hasSizeGreaterThanOrEqualTo(2);

        var overview = bearer(viewerToken).get("/api/v1/telescope/overview?day=" + DAY);
        assertThat(overview.status()).isEqualTo(200);
        JsonNode o = overview.json();
        assertThat(o.at("/window/kind").asText()).isEqualTo("day");
        assertThat(o.at("/totals/packets").asLong()).isEqualTo(TestReports.DARKNET_PACKETS);
        assertThat(o.at("/totals/sources").asLong()).isEqualTo(TestReports.MIRAI_SOURCES + 8);
        assertThat(o.at("/byClass/backscatter/packets").asLong()).isEqualTo(TestReports.DOS_PACKETS);
        assertThat(o.at("/byTag/mirai/packets").asLong()).isEqualTo(TestReports.MIRAI_SOURCES);
        assertThat(o.at("/topPorts/0/port").asText()).isEqualTo("23/tcp");
        assertThat(o.at("/topPorts/0/protocol").asText()).isEqualTo("tcp");
        assertThat(o.at("/topPorts/0/number").asInt()).isEqualTo(23);
        assertThat(o.at("/topPorts/0/sources").asLong()).isEqualTo(TestReports.MIRAI_SOURCES);
        assertThat(o.at("/topCountries/0/country").asText()).isEqualTo("CN");
        assertThat(o.get("topPorts").size()).isLessThanOrEqualTo(10);
        assertThat(o.at("/year/year").asInt()).isEqualTo(DAY.getYear());
        assertThat(o.at("/year/iotPorts/0/port").asText()).isEqualTo("23/tcp");
        assertThat(o.at("/darknet/prefixes")).isEmpty(); // not configured on this platform
        assertThat(o.at("/year/packetsPerAddress").isNull()).isTrue();
        assertThat(o.get("days").toString()).contains(DAY.toString());
        assertThat(o.at("/sensors/0/name").asText()).isEqualTo("sensor-1");

        var last24h = bearer(viewerToken).get("/api/v1/telescope/overview").json();
        assertThat(last24h.at("/window/kind").asText()).isEqualTo("last24h");
        assertThat(last24h.at("/totals/sources").isNull()).isTrue();

        var series = bearer(viewerToken).get("/api/v1/telescope/series?port=23/tcp&resolution=hour&from="
                + START.minus(1, ChronoUnit.HOURS) + "&to=" + START.plus(2, ChronoUnit.HOURS));
        assertThat(series.status()).as(series.body()).isEqualTo(200);
        JsonNode s = series.json();
        assertThat(s.get("key").asText()).isEqualTo("23/tcp");
        assertThat(s.get("kept").asBoolean()).isTrue();
        assertThat(s.get("buckets")).hasSize(3);
        assertThat(s.at("/buckets/1/start").asText()).isEqualTo(START.toString());
        assertThat(s.at("/buckets/1/packets").asLong()).isEqualTo(TestReports.MIRAI_SOURCES);
        assertThat(s.at("/buckets/1/sources").asLong()).isEqualTo(TestReports.MIRAI_SOURCES);
        assertThat(bearer(viewerToken).get("/api/v1/telescope/series?port=23/tcp&resolution=minute").json()
                .get("kept").asBoolean()).isFalse();

        HttpClientSession admin = client();
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        JsonNode all = admin.get("/api/v1/telescope/alerts?limit=50").json();
        JsonNode infected = find(all, "infected_host");
        assertThat(infected.get("organisationId").asLong()).as("linked by the server's ranges, not the sensor's")
                .isEqualTo(owner.id());
        assertThat(infected.get("organisation").asText()).isEqualTo("観測先 ISP");
        assertThat(infected.at("/evidence/host").asText()).isEqualTo(TestReports.INFECTED_HOST);
        assertThat(infected.at("/evidence/ports/0").asText()).isEqualTo("2323/tcp");
        JsonNode dos = find(all, "dos");
        assertThat(dos.at("/evidence/victim").asText()).isEqualTo(TestReports.DOS_VICTIM);
        assertThat(dos.at("/evidence/ports/0").asInt()).isEqualTo(80);
        assertThat(dos.at("/evidence/peakPerMinute").asDouble()).isPositive();

        // DAEDALUS alerts are for the organisation's own users; DoS alerts for everyone.
        assertThat(kinds(bearer(analystToken).get("/api/v1/telescope/alerts").json())).contains("infected_host", "dos");
        assertThat(kinds(bearer(otherAnalystToken).get("/api/v1/telescope/alerts").json()))
                .contains("dos").doesNotContain("infected_host");
        assertThat(kinds(bearer(viewerToken).get("/api/v1/telescope/alerts?limit=1").json())).hasSize(1);
    }

    private static JsonNode find(JsonNode alerts, String kind) {
        for (JsonNode a : alerts) {
            if (a.get("kind").asText().equals(kind)) {
                return a;
            }
        }
        throw new AssertionError("no " + kind + " alert in " + alerts);
    }

    private static List<String> kinds(JsonNode alerts) {
        List<String> out = new ArrayList<>();
        alerts.forEach(a -> out.add(a.get("kind").asText()));
        return out;
    }

    @Test
    void badBodiesAndWrongCallersAreRefusedWithAReason() {
        var garbage = postReport(analystToken, "application/octet-stream", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json(garbage.body()).get("message").asText()).startsWith("the body is not a valid sensor report:")
                .contains("magic");
        byte[] valid = TestReports.report("sensor-x", START).toBytes();
        var truncated = postReport(analystToken, "application/octet-stream", Arrays.copyOf(valid, valid.length / 2));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(json(truncated.body()).get("message").asText()).contains("byte offset");
        var empty = postReport(analystToken, "application/octet-stream", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty.body()).get("message").asText()).contains("empty");
        var asJson = postReport(analystToken, "application/json", valid);
        assertThat(asJson.statusCode()).isEqualTo(415);
        assertThat(json(asJson.body()).get("message").asText()).contains("application/octet-stream");

        var viewer = postReport(viewerToken, "application/octet-stream", valid);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(json(viewer.body()).get("message").asText()).contains("analyst");
        assertThat(postReport(null, "application/octet-stream", valid).statusCode()).isEqualTo(401);

        HttpClientSession browser = client();
        browser.login("sensor-analyst", PASSWORD);
        var viaSession = browser.post("/api/v1/telescope/reports", "x");
        assertThat(viaSession.status()).isEqualTo(403);
        assertThat(viaSession.json().get("message").asText()).contains("API token");

        // Nothing of the refused reports was counted.
        JsonNode o = bearer(viewerToken).get("/api/v1/telescope/overview?day=" + DAY).json();
        assertThat(o.at("/sensors").toString()).doesNotContain("sensor-x");
    }

    @Test
    void queryParametersAreChecked() {
        HttpClientSession c = bearer(viewerToken);
        assertThat(c.get("/api/v1/telescope/series?port=http").json().get("message").asText())
                .contains("query parameter 'port'");
        assertThat(c.get("/api/v1/telescope/series?resolution=week").status()).isEqualTo(400);
        assertThat(c.get("/api/v1/telescope/series?resolution=minute&from=2020-01-01T00:00:00Z").json()
                .get("message").asText()).contains("at most");
        assertThat(c.get("/api/v1/telescope/overview?day=yesterday").status()).isEqualTo(400);
        assertThat(c.get("/api/v1/telescope/alerts?limit=0").status()).isEqualTo(400);
        var notSse = c.get("/api/v1/telescope/live");
        assertThat(notSse.status()).isEqualTo(406);
        assertThat(client().get("/api/v1/telescope/overview").status()).isEqualTo(401);
    }

    @Test
    void theLiveStreamSendsHelloThenBatchesWithTheTrueCount() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port()
                        + "/api/v1/telescope/live"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + viewerToken).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<List<String>> hello = CompletableFuture.supplyAsync(() -> readEvent(lines, "hello"));
            List<String> helloEvent = hello.get(10, TimeUnit.SECONDS);
            assertThat(String.join("\n", helloEvent)).contains("\"sensor\"").contains("\"demo\":false");

            Instant earlier = START.minus(1, ChronoUnit.DAYS);
            HttpResponse<String> r = postReport(analystToken, "application/octet-stream",
                    TestReports.report("sensor-live", earlier).toBytes());
            assertThat(r.statusCode()).isEqualTo(200);
            List<String> batch = CompletableFuture.supplyAsync(() -> readEvent(lines, "batch")).get(10, TimeUnit.SECONDS);
            String data = batch.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5);
            JsonNode b = json(data);
            assertThat(b.get("packets").asLong()).isPositive().isLessThanOrEqualTo(TestReports.DARKNET_PACKETS);
            assertThat(b.get("demo").asBoolean()).isFalse();
            assertThat(b.get("samples")).isNotEmpty();
            JsonNode sample = b.at("/samples/0");
            assertThat(sample.has("t") && sample.has("country") && sample.has("proto") && sample.has("port")
                    && sample.has("class")).as(sample.toString()).isTrue();
        }
    }

    /** Reads lines up to the end of the next event named {@code name}; its lines (event:, id:, data:). */
    private static List<String> readEvent(BufferedReader lines, String name) {
        try {
            List<String> event = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (event.contains("event: " + name) || event.contains("event:" + name)) {
                        return event;
                    }
                    event.clear();
                } else {
                    event.add(line);
                }
            }
            throw new AssertionError("the stream ended before an event '" + name + "'");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theOpenApiDocumentListsTheTelescope() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(client().get("/api/openapi.yaml").body());
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/telescope/reports", "/api/v1/telescope/overview",
                "/api/v1/telescope/series", "/api/v1/telescope/alerts", "/api/v1/telescope/live");
    }

    @Test
    void thePageShowsTheTablesInBothLanguages() {
        HttpClientSession c = client();
        c.login("sensor-analyst", PASSWORD);
        String ja = c.get("/telescope?day=" + DAY, "Accept-Language", "ja").body();
        assertThat(ja).contains("<html lang=\"ja\">").contains("id=\"top-ports\"").contains("上位 10 ポート")
                .contains("<code>23/tcp</code>").contains("id=\"top-countries\"").contains("中国")
                .contains("id=\"organisation-alert-list\"").contains(TestReports.INFECTED_HOST)
                .doesNotContain("[telescope.");
        HttpClientSession e = client();
        e.login("sensor-analyst", PASSWORD);
        assertThat(e.form("/lang", "lang=en&back=/telescope").status()).isEqualTo(302);
        String en = e.get("/telescope?day=" + DAY, "Accept-Language", "en").body();
        assertThat(en).contains("<html lang=\"en\">").contains("Top 10 ports").contains("China")
                .contains("Likely victim " + TestReports.DOS_VICTIM).doesNotContain("[telescope.");
        // Another organisation's user sees the DoS alert, not the DAEDALUS one.
        HttpClientSession other = client();
        other.login("other-analyst", PASSWORD);
        other.form("/lang", "lang=en&back=/telescope");
        String theirs = other.get("/telescope", "Accept-Language", "en").body();
        assertThat(theirs).contains(TestReports.DOS_VICTIM).doesNotContain(TestReports.INFECTED_HOST)
                .contains("id=\"organisation-alerts-none\"");
    }
}

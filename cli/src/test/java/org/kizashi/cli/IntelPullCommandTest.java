package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;
import org.kizashi.server.intel.IntelDesk;
import org.kizashi.server.taxii.client.TaxiiPull;
import org.kizashi.store.Database;
import org.kizashi.store.DatabaseSettings;
import picocli.CommandLine;

/**
 * `./kizashi intel pull` from a running platform's council collection into a community of a data directory's
 * embedded database. The command is not yet among `intel`'s subcommands, so it runs on its own.
 */
class IntelPullCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final String TLP_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    private static final String COMMUNITY = "海外パートナー";
    private static final String PROVIDER = "Partner hub";

    private static Platform platform;
    private static String councilUrl;
    private static HttpClient http;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of());
        Community council = platform.database().communities().communities().stream()
                .filter(c -> c.kind() == Community.Kind.COUNCIL).findFirst().orElseThrow();
        councilUrl = "http://127.0.0.1:" + platform.port() + "/taxii2/kizashi/collections/"
                + council.collectionId() + "/";
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void localDatabase() {
        try (Database db = Database.open(DatabaseSettings.embedded(dir.resolve("data")), Clock.systemUTC())) {
            db.organisations().create(PROVIDER);
            db.communities().create(COMMUNITY, Community.Kind.PARTNER_COUNTRIES, OptionalLong.empty());
        }
    }

    private static String indicator(String id, String marking) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":"
                + "\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\",\"pattern\":"
                + "\"[ipv4-addr:value = '192.0.2.77']\",\"pattern_type\":\"stix\",\"valid_from\":"
                + "\"2026-11-23T00:00:00Z\",\"object_marking_refs\":[\"" + marking + "\"]}";
    }

    private static void post(String... objects) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("admin:" + TestPlatforms.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(councilUrl + "objects/"))
                .header("Authorization", "Basic " + basic).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + String.join(",", objects) + "]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    /** Runs the command with the error handling of ./kizashi, on the temporary data directory. */
    private CliRun pull(Map<String, String> environment, String... args) {
        return CliRun.capture((out, err) -> {
            IntelPullCommand command = new IntelPullCommand();
            command.environment = environment;
            CommandLine cli = new CommandLine(command);
            cli.setOut(out);
            cli.setErr(err);
            cli.setParameterExceptionHandler((e, a) -> {
                err.println("kizashi: " + e.getMessage());
                return 2;
            });
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                err.println("kizashi: " + Failures.oneLine(e));
                return 1;
            });
            String[] all = Stream.concat(Stream.of(args), Stream.of("--db", "h2", "--data-dir="
                    + dir.resolve("data"))).toArray(String[]::new);
            return cli.execute(all);
        });
    }

    private CliRun pullAsAdmin(Map<String, String> environment, String... extra) throws IOException {
        Path password = dir.resolve("password");
        Files.writeString(password, TestPlatforms.ADMIN_PASSWORD + "\n");
        String[] args = Stream.concat(Stream.of(councilUrl, "--community", COMMUNITY, "--level", "green",
                "--provider", PROVIDER, "--user", "admin", "--password-file", password.toString()),
                Stream.of(extra)).toArray(String[]::new);
        return pull(environment, args);
    }

    private List<String> greenIds() throws IOException {
        try (Database db = Database.open(DatabaseSettings.embedded(dir.resolve("data")), Clock.systemUTC())) {
            IntelDesk desk = new IntelDesk(db);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            desk.exportBundle(List.of(desk.community(COMMUNITY)), SharingLevel.GREEN, out, n -> { });
            return JSON.readTree(out.toByteArray()).path("objects").findValuesAsText("id");
        }
    }

    @Test
    void greenObjectsArriveAndTheNextPullBringsNothingNew() throws Exception {
        String green = "indicator--" + UUID.randomUUID();
        Instant before = Instant.now().minusMillis(1);
        post(indicator(green, TLP_GREEN));
        CliRun first = pullAsAdmin(Map.of(), "--since", before.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains(councilUrl).contains("0 invalid, 0 refused")
                .contains("the next pull continues after");
        assertThat(greenIds()).contains(green);
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve("taxii-pulls"))) {
            assertThat(files.toList()).hasSize(1);
        }

        CliRun second = pullAsAdmin(Map.of());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 received, 0 stored");
    }

    @Test
    void refusedObjectsAreNamedAndExitOne() throws Exception {
        String red = "indicator--" + UUID.randomUUID();
        post(indicator(red, TLP_RED));
        Path token = dir.resolve("token");
        HttpClientSession admin = new HttpClientSession(platform.port());
        assertThat(admin.login("admin", TestPlatforms.ADMIN_PASSWORD).status()).isEqualTo(200);
        Files.writeString(token, admin.post("/api/v1/tokens", "{\"name\":\"pull\"}").json().get("secret").asText()
                + "\n");
        CliRun run = pull(Map.of(), councilUrl, "--community", COMMUNITY, "--level", "green", "--provider",
                PROVIDER, "--token-file", token.toString(), "--since", "2000-01-01", "--limit", "1");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains(red + ": refused: its markings allow at most red");
        assertThat(greenIds()).doesNotContain(red);
    }

    @Test
    void theRemotesRefusalNamesTheUrlAndStatus() {
        CliRun run = pull(Map.of(IntelPullCommand.PASSWORD_VARIABLE, "wrong"), councilUrl, "--community",
                COMMUNITY, "--level", "green", "--provider", PROVIDER, "--user", "admin");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(councilUrl).contains("HTTP 401");
    }

    @Test
    void badUsageSaysWhatIsWrong() throws IOException {
        Map<String, String> none = new HashMap<>();
        CliRun noPassword = pull(none, councilUrl, "--community", COMMUNITY, "--level", "green", "--provider",
                PROVIDER, "--user", "admin");
        assertThat(noPassword.exit()).isEqualTo(2);
        assertThat(noPassword.err()).contains(IntelPullCommand.PASSWORD_VARIABLE);
        CliRun onTheCommandLine = pull(none, councilUrl, "--community", COMMUNITY, "--level", "green",
                "--provider", PROVIDER, "--user", "admin", "--password", "secret");
        assertThat(onTheCommandLine.exit()).as("no option takes a password").isEqualTo(2);
        CliRun notACollection = pull(none, "http://127.0.0.1:" + platform.port() + "/", "--community", COMMUNITY,
                "--level", "green", "--provider", PROVIDER);
        assertThat(notACollection.exit()).isEqualTo(2);
        assertThat(notACollection.err()).contains("not a TAXII collection URL");
        CliRun since = pullAsAdmin(none, "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("--since");
        CliRun community = pull(none, councilUrl, "--community", "ガス CEPTOAR", "--level", "green", "--provider",
                PROVIDER);
        assertThat(community.exit()).isEqualTo(2);
        assertThat(community.err()).contains("no community 'ガス CEPTOAR'");
    }

    @Test
    void countsPrintInJapaneseToo() {
        ImportReport.Item refused = new ImportReport.Item(0, "indicator--" + UUID.randomUUID(),
                ImportReport.Status.REFUSED, "its markings allow at most red in the hub, narrower than green",
                List.of());
        TaxiiPull.Outcome outcome = new TaxiiPull.Outcome(2, 3, 2, 0, 0, 1, List.of(new TaxiiPull.NotStored(2,
                refused)), Optional.of(Instant.parse("2026-11-23T00:00:00Z")));
        StringWriter text = new StringWriter();
        IntelPullCommand.print("https://hub.example/taxii2/r/collections/c/", outcome, new PrintWriter(text), true);
        assertThat(text.toString()).contains("2 ページ、3 件を受信、2 件を登録、0 件は登録済み、0 件は不正、1 件は拒否")
                .contains("ページ 2 objects[0] " + refused.id() + ": 拒否: ")
                .contains("次回は 2026-11-23T00:00:00Z より後に追加されたものを取得します");
    }
}

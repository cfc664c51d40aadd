package org.kizashi.server.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.admin.Bootstrap;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.intel.IntelDesk;

/**
 * Scheduled pulls between two real platforms: the remote serves its council's collection over TAXII 2.1, the hub pulls
 * it into a community of its own on a schedule of a second, from a schedule file as an operator writes it.
 */
class ScheduledPullsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Platform remote;
    private static Platform hub;
    private static String councilUrl;
    private static IntelDesk desk;
    private static Organisation provider;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        remote = TestPlatforms.h2(Map.of());
        Community council = remote.database().communities().communities().stream()
                .filter(c -> c.kind() == Community.Kind.COUNCIL).findFirst().orElseThrow();
        councilUrl = "http://127.0.0.1:" + remote.port() + "/taxii2/kizashi/collections/" + council.collectionId()
                + "/";
        hub = TestPlatforms.h2(Map.of());
        desk = new IntelDesk(hub.database());
        provider = hub.database().organisations().create("Partner hub " + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        HTTP.close();
        hub.close();
        remote.close();
    }

    private static Community community() {
        return hub.database().communities().create("Pulled " + UUID.randomUUID(), Community.Kind.PARTNER_COUNTRIES,
                OptionalLong.empty());
    }

    private static String indicator(String id, String ip) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":"
                + "\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\",\"pattern\":"
                + "\"[ipv4-addr:value = '" + ip + "']\",\"pattern_type\":\"stix\",\"valid_from\":"
                + "\"2026-11-23T00:00:00Z\",\"object_marking_refs\":[\"" + TLP_GREEN + "\"]}";
    }

    /** Posts green indicators to the remote's council as its administrator; returns their ids. */
    private static List<String> post(int count) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, "203.0.113." + (i + 1)));
        }
        String basic = Base64.getEncoder().encodeToString(("admin:" + TestPlatforms.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(councilUrl + "objects/"))
                .header("Authorization", "Basic " + basic).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + String.join(",", objects) + "]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).path("success_count").asInt()).as(r.body()).isEqualTo(count);
        return ids;
    }

    /** The ids a Green audience reads in a community of the hub. */
    private static List<String> greenIds(Community c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        desk.exportBundle(List.of(c), SharingLevel.GREEN, out, n -> { });
        return JSON.readTree(out.toByteArray()).path("objects").findValuesAsText("id");
    }

    /** A schedule file with one entry pulling {@code url} every second, as the administrator of the remote. */
    private Path scheduleFile(String name, String url, String community) throws IOException {
        Path file = directory.resolve(name + ".json");
        Files.writeString(file, "{\"pulls\": [" + entry(name, url, community, provider.name(), "PT1S") + "]}");
        return file;
    }

    /** One entry, with a password file beside the schedule (a relative path, as an operator would write it). */
    private String entry(String name, String url, String community, String providerName, String every)
            throws IOException {
        Path password = directory.resolve(name + ".pw");
        Files.writeString(password, TestPlatforms.ADMIN_PASSWORD + "\n");
        return "{\"name\": \"" + name + "\", \"url\": \"" + url + "\", \"community\": \"" + community
                + "\", \"level\": \"green\", \"provider\": \"" + providerName + "\", \"every\": \"" + every + "\","
                + " \"user\": \"admin\", \"passwordFile\": \"" + password.getFileName() + "\", \"limit\": 2}";
    }

    private ScheduledPulls schedule(Path file, Path state) {
        return new ScheduledPulls(PullSchedule.read(file, Duration.ofMillis(100)), desk, state, Clock.systemUTC(),
                Duration.ZERO);
    }

    /** Waits until the one subscription's status satisfies {@code condition}. */
    private static ScheduledPulls.Status await(ScheduledPulls pulls, Predicate<ScheduledPulls.Status> condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            ScheduledPulls.Status status = pulls.statuses().get(0);
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + WAIT + ": " + pulls.statuses());
    }

    private static boolean pullThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(ScheduledPulls.THREAD_NAME) && t.isAlive());
    }

    @Test
    void objectsArriveOnScheduleAndLaterRunsContinueAfterThem() throws Exception {
        List<String> first = post(3);
        Community into = community();
        Path state = directory.resolve("taxii-pulls");

        try (ScheduledPulls pulls = schedule(scheduleFile("remote-council", councilUrl, into.name()), state)) {
            ScheduledPulls.Status arrived = await(pulls, s -> s.lastSuccess().isPresent());
            assertThat(arrived.name()).isEqualTo("remote-council");
            assertThat(arrived.lastError()).isEmpty();
            assertThat(arrived.added()).isEqualTo(3);
            assertThat(arrived.pages()).as("limit 2: two pages of objects and the last").isGreaterThanOrEqualTo(2);
            assertThat(arrived.continuesAfter()).isPresent();
            assertThat(greenIds(into)).containsAll(first);

            ScheduledPulls.Status again = await(pulls, s -> s.runs() > arrived.runs());
            assertThat(again.lastError()).isEmpty();
            assertThat(again.received()).as("nothing new on the remote").isZero();
            assertThat(again.added()).isZero();
            assertThat(again.continuesAfter()).isEqualTo(arrived.continuesAfter());
            assertThat(again.lastSuccess().orElseThrow()).isAfterOrEqualTo(arrived.lastSuccess().orElseThrow());

            List<String> later = post(1);
            ScheduledPulls.Status more = await(pulls, s -> s.added() == 1);
            assertThat(more.continuesAfter().orElseThrow()).isAfter(arrived.continuesAfter().orElseThrow());
            assertThat(greenIds(into)).containsAll(first).containsAll(later);

            // intel pull keeps its position in the same directory: the command line continues from here.
            Instant position = new TaxiiPull(desk, state).position(URI.create(councilUrl), into).orElseThrow();
            assertThat(position).isEqualTo(more.continuesAfter().orElseThrow());
            assertThat(pullThreadAlive()).isTrue();
        }
        assertThat(pullThreadAlive()).as("close() ends the thread").isFalse();
    }

    @Test
    void aRunThatFindsObjectsAlreadyThereCountsThemAsPresent() throws Exception {
        List<String> ids = post(2);
        Community into = community();
        Path file = scheduleFile("present", councilUrl, into.collectionId());
        try (ScheduledPulls pulls = schedule(file, directory.resolve("first-state"))) {
            assertThat(await(pulls, s -> s.lastSuccess().isPresent()).added()).isGreaterThanOrEqualTo(2);
        }
        // A fresh position (another state directory) reads everything again: what is there is not stored twice.
        try (ScheduledPulls pulls = schedule(file, directory.resolve("second-state"))) {
            ScheduledPulls.Status status = await(pulls, s -> s.lastSuccess().isPresent());
            assertThat(status.added()).isZero();
            assertThat(status.alreadyPresent()).isGreaterThanOrEqualTo(2);
        }
        assertThat(greenIds(into)).containsAll(ids);
    }

    @Test
    void aFailingRemoteIsRetriedAtEveryIntervalAndNeverStopsTheSchedule() throws Exception {
        Community into = community();
        String unreachable = "http://127.0.0.1:1/taxii2/kizashi/collections/" + UUID.randomUUID() + "/";
        try (ScheduledPulls pulls = schedule(scheduleFile("down", unreachable, into.name()),
                directory.resolve("state"))) {
            ScheduledPulls.Status failed = await(pulls, s -> s.runs() >= 2);
            assertThat(failed.lastError()).hasValueSatisfying(m -> assertThat(m).contains("cannot connect"));
            assertThat(failed.lastSuccess()).isEmpty();
            assertThat(failed.lastRun()).isPresent();
        }

        // Credentials that the remote refuses fail as well, with its answer.
        Path file = scheduleFile("refused", councilUrl, into.name());
        Files.writeString(directory.resolve("refused.pw"), "wrong password");
        try (ScheduledPulls pulls = schedule(file, directory.resolve("state"))) {
            ScheduledPulls.Status refused = await(pulls, s -> s.runs() >= 2);
            assertThat(refused.lastError()).hasValueSatisfying(m -> assertThat(m).contains("HTTP 401"));
        }
    }

    @Test
    void unknownCommunitiesAndProvidersAreNamedWithTheFileAndEntry() throws Exception {
        Path file = scheduleFile("typo", councilUrl, "No such community");
        assertThatThrownBy(() -> schedule(file, directory.resolve("state")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file + ": /pulls/0/community (pull 'typo'): no community 'No such community'");

        Path other = scheduleFile("nobody", councilUrl, community().name());
        Files.writeString(other, Files.readString(other).replace(provider.name(), "Nobody CERT"));
        assertThatThrownBy(() -> schedule(other, directory.resolve("state")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(other + ": /pulls/0/provider (pull 'nobody'): no organisation 'Nobody CERT'");
    }

    @Test
    void twoEntriesCannotShareOnePosition() throws Exception {
        Community into = community();
        Path file = directory.resolve("twice.json");
        Files.writeString(file, "{\"pulls\": [" + entry("one", councilUrl, into.name(), provider.name(), "PT1S")
                + ", " + entry("two", councilUrl, into.collectionId(), provider.name(), "PT1S") + "]}");
        assertThatThrownBy(() -> schedule(file, directory.resolve("state")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/pulls/1 (pull 'two'): pulls the same collection into the same community as "
                        + "/pulls/0 ('one')");
    }

    @Test
    void thePlatformStartsTheScheduleFromItsOptionAndStopsIt() throws Exception {
        // The platform started here is new: its own council, and its operator's organisation as the provider.
        Path file = directory.resolve("wired.json");
        Files.writeString(file, "{\"pulls\": [" + entry("wired", councilUrl, "セプター協議会 / CEPTOAR Council",
                Bootstrap.OPERATOR_ORGANISATION, "1h") + "]}");
        Path dataDir = directory.resolve("data");
        try (Platform platform = TestPlatforms.h2(Map.of("intel.pulls", file.toString(),
                "data-dir", dataDir.toString()))) {
            assertThat(platform.port()).isPositive();
            assertThat(pullThreadAlive()).isTrue();
            // The administrator sees the subscription on the sharing page; it has not run yet (first run after 10 s).
            org.kizashi.server.http.HttpClientSession admin = new org.kizashi.server.http.HttpClientSession(
                    platform.port());
            admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
            assertThat(admin.form("/lang", "lang=en&back=/sharing").status()).isEqualTo(302);
            assertThat(admin.get("/sharing").body()).contains("Scheduled pulls from other hubs",
                    "<tr data-pull=\"wired\">");
        }
        assertThat(pullThreadAlive()).isFalse();

        Files.writeString(file, Files.readString(file).replace("\"green\"", "\"greem\""));
        assertThatThrownBy(() -> TestPlatforms.h2(Map.of("intel.pulls", file.toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("intel.pulls (from command line): " + file + ": /pulls/0/level: "
                        + "unknown sharing level 'greem'");
    }
}

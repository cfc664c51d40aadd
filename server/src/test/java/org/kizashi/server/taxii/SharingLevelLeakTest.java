package org.kizashi.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.core.intel.StixObjectVersion;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;

/**
 * No read path of the TAXII server returns, counts or hints at an object above its reader's range: for a reader in
 * every position (each community role, an observer before and after agreeing, an organisation outside, the provider)
 * and an object at every level, each endpoint either shows the object or answers exactly as for an object that does
 * not exist; the same for the web pages (search, browse, feeds, an object's page and its correlations). The
 * expectation is the C4TAP table written out, not the code's rule.
 */
class SharingLevelLeakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "leak-test-password-1";

    private static Platform platform;
    private static Community community;
    /** The object at each level, all provided by the organisation "provider". */
    private static final Map<SharingLevel, String> OBJECTS = new EnumMap<>(SharingLevel.class);
    /** Reader name, to the levels it must see. */
    private static final Map<String, Set<SharingLevel>> SEES = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of());
        community = platform.database().communities().create("漏洩試験 CEPTOAR", Community.Kind.CEPTOAR,
                OptionalLong.empty());
        Set<SharingLevel> all = Set.of(SharingLevel.values());
        reader("provider", Optional.of(CommunityRole.PROVIDER), Optional.empty(), all);
        reader("secretariat", Optional.of(CommunityRole.SECRETARIAT), Optional.empty(), all);
        reader("analyst", Optional.of(CommunityRole.ANALYST), Optional.empty(), all);
        reader("participant", Optional.of(CommunityRole.PARTICIPANT), Optional.empty(),
                Set.of(SharingLevel.AMBER, SharingLevel.YELLOW, SharingLevel.GREEN, SharingLevel.WHITE));
        reader("other-provider", Optional.of(CommunityRole.PROVIDER), Optional.empty(),
                Set.of(SharingLevel.AMBER, SharingLevel.YELLOW, SharingLevel.GREEN, SharingLevel.WHITE));
        reader("observer", Optional.of(CommunityRole.OBSERVER), Optional.of(LocalDate.of(2026, 1, 1)),
                Set.of(SharingLevel.YELLOW, SharingLevel.GREEN, SharingLevel.WHITE));
        reader("new-observer", Optional.of(CommunityRole.OBSERVER), Optional.empty(),
                Set.of(SharingLevel.GREEN, SharingLevel.WHITE));
        reader("related", Optional.of(CommunityRole.RELATED), Optional.empty(),
                Set.of(SharingLevel.GREEN, SharingLevel.WHITE));
        reader("outsider", Optional.empty(), Optional.empty(), Set.of(SharingLevel.WHITE));
        long provider = platform.database().organisations().findByName("org provider").orElseThrow().id();
        for (SharingLevel level : SharingLevel.values()) {
            String id = "indicator--" + UUID.randomUUID();
            OBJECTS.put(level, id);
            String json = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":"
                    + "\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\",\"pattern\":"
                    + "\"[domain-name:value = '" + level.id() + ".example']\",\"pattern_type\":\"stix\","
                    + "\"valid_from\":\"2026-11-23T00:00:00Z\"}";
            platform.database().stixObjects().add(new SharingScope(community.id(), level, provider), false,
                    List.of(version(json)));
        }
        // A public object of another organisation that reports every level's domain: its page lists the objects it
        // correlates with, and must list only those its reader may read.
        long other = platform.database().organisations().create("org probe").id();
        StringBuilder pattern = new StringBuilder();
        for (SharingLevel level : SharingLevel.values()) {
            pattern.append(pattern.isEmpty() ? "" : " OR ").append("domain-name:value = '").append(level.id())
                    .append(".example'");
        }
        platform.database().stixObjects().add(new SharingScope(community.id(), SharingLevel.WHITE, other), false,
                List.of(version("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + PROBE
                        + "\",\"created\":\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\","
                        + "\"pattern\":\"[" + pattern + "]\",\"pattern_type\":\"stix\","
                        + "\"valid_from\":\"2026-11-23T00:00:00Z\"}")));
    }

    private static final String PROBE = "indicator--" + UUID.randomUUID();

    private static StixObjectVersion version(String json) {
        try {
            return StixObjects.version(JSON.readTree(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void reader(String name, Optional<CommunityRole> role, Optional<LocalDate> agreed,
                               Set<SharingLevel> sees) {
        Organisation org = platform.database().organisations().create("org " + name);
        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        HttpClientSession.Answer created = admin.post("/api/v1/users", "{\"username\":\"" + name
                + "\",\"displayName\":\"" + name + "\",\"organisationId\":" + org.id() + ",\"role\":\""
                + Role.ANALYST.id() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(created.status()).as(created.body()).isBetween(200, 201);
        role.ifPresent(r -> platform.database().communities().addMember(new Membership(community.id(), org.id(), r,
                agreed)));
        SEES.put(name, sees);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static Stream<Arguments> readersAndLevels() {
        List<Arguments> cases = new ArrayList<>();
        for (String reader : List.of("provider", "secretariat", "analyst", "participant", "other-provider",
                "observer", "new-observer", "related", "outsider")) {
            for (SharingLevel level : SharingLevel.values()) {
                cases.add(Arguments.of(reader, level));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} reading a {1} object")
    @MethodSource("readersAndLevels")
    void everyEndpointShowsTheObjectOrAnswersAsIfItDidNotExist(String reader, SharingLevel level) {
        boolean sees = SEES.get(reader).contains(level);
        String id = OBJECTS.get(level);
        String base = "/taxii2/kizashi/collections/" + community.collectionId();

        assertThat(get(reader, base + "/objects/?limit=1000").path("objects").findValuesAsText("id").contains(id))
                .as("objects list").isEqualTo(sees);
        assertThat(get(reader, base + "/manifest/?limit=1000").path("objects").findValuesAsText("id").contains(id))
                .as("manifest").isEqualTo(sees);
        assertThat(get(reader, base + "/objects/?match[id]=" + id).path("objects").findValuesAsText("id"))
                .as("match[id]").isEqualTo(sees ? List.of(id) : List.of());

        String unknown = "indicator--" + UUID.randomUUID();
        Answer object = send(reader, base + "/objects/" + id + "/");
        Answer versions = send(reader, base + "/objects/" + id + "/versions/");
        if (sees) {
            assertThat(object.status()).isEqualTo(200);
            assertThat(versions.status()).isEqualTo(200);
        } else {
            Answer absentObject = send(reader, base + "/objects/" + unknown + "/");
            Answer absentVersions = send(reader, base + "/objects/" + unknown + "/versions/");
            assertThat(object.status()).isEqualTo(404).isEqualTo(absentObject.status());
            assertThat(object.body().replace(id, "ID")).isEqualTo(absentObject.body().replace(unknown, "ID"));
            assertThat(versions.body().replace(id, "ID")).isEqualTo(absentVersions.body().replace(unknown, "ID"));
        }
        // The web pages: search (by the domain the object reports), the community's feed, the object's page, and the
        // correlations of a public object that reports the same domain.
        HttpClientSession web = session(reader);
        String page = ok(web.get("/sharing?q=" + level.id() + ".example"));
        assertThat(page.contains(id)).as("search by value").isEqualTo(sees);
        assertThat(ok(web.get("/sharing?community=" + community.id())).contains(id)).as("browse").isEqualTo(sees);
        assertThat(ok(web.get("/sharing/communities/" + community.id())).contains(id)).as("feed").isEqualTo(sees);
        assertThat(ok(web.get("/sharing/objects/" + community.id() + "/" + PROBE)).contains(id))
                .as("correlations").isEqualTo(sees);
        HttpClientSession.Answer objectPage = web.get("/sharing/objects/" + community.id() + "/" + id);
        if (sees) {
            assertThat(objectPage.status()).isEqualTo(200);
        } else {
            HttpClientSession.Answer absentPage = web.get("/sharing/objects/" + community.id() + "/" + unknown);
            assertThat(objectPage.status()).isEqualTo(404).isEqualTo(absentPage.status());
            assertThat(objectPage.body().replace(id, "ID")).isEqualTo(absentPage.body().replace(unknown, "ID"));
            HttpClientSession.Answer widen = web.form("/sharing/objects/" + community.id() + "/" + id + "/widen",
                    "level=white&reason=x");
            HttpClientSession.Answer widenAbsent = web.form("/sharing/objects/" + community.id() + "/" + unknown
                    + "/widen", "level=white&reason=x");
            assertThat(widen.status()).isEqualTo(404).isEqualTo(widenAbsent.status());
        }
        // The rule the code applies agrees with the table.
        long org = platform.database().organisations().findByName("org " + reader).orElseThrow().id();
        long provider = platform.database().organisations().findByName("org provider").orElseThrow().id();
        IntelReader rule = IntelReader.of(org, platform.database().communities().memberships(org),
                LocalDate.now());
        assertThat(rule.canRead(new SharingScope(community.id(), level, provider))).isEqualTo(sees);
    }

    record Answer(int status, String body) {
    }

    private static final Map<String, HttpClientSession> SESSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static HttpClientSession session(String reader) {
        return SESSIONS.computeIfAbsent(reader, name -> {
            HttpClientSession web = new HttpClientSession(platform.port());
            assertThat(web.login(name, PASSWORD).status()).isEqualTo(200);
            return web;
        });
    }

    private static String ok(HttpClientSession.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static JsonNode get(String reader, String path) {
        Answer a = send(reader, path);
        assertThat(a.status()).as(path).isEqualTo(200);
        try {
            return JSON.readTree(a.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Answer send(String reader, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((reader + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/taxii+json;version=2.1").GET().build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

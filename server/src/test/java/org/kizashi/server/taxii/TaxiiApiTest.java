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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.intel.marking.HubMarkings;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.demo.DemoData;

/** The TAXII 2.1 server as a plain TAXII client sees it, on a platform started on a random port. */
class TaxiiApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String TLP_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    private static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Platform platform;
    private static String council;

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of("demo", "true"));
        Community c = platform.database().communities().communities().stream()
                .filter(x -> x.kind() == Community.Kind.COUNCIL).findFirst().orElseThrow();
        council = c.collectionId();
        long analystOrg = platform.database().users().findByUsername("analyst").orElseThrow().organisationId();
        platform.database().communities().addMember(new Membership(c.id(), analystOrg, CommunityRole.PROVIDER,
                Optional.empty()));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final String ADMIN = basic("admin", TestPlatforms.ADMIN_PASSWORD);
    private static final String ANALYST = basic("analyst", DemoData.PASSWORD);
    private static final String VIEWER = basic("viewer", DemoData.PASSWORD);

    private static Answer send(String method, String path, String authorization, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.header("Accept", TAXII);
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Answer get(String path, String authorization) {
        return send("GET", path, authorization, null);
    }

    private static Answer post(String path, String authorization, String envelope) {
        return send("POST", path, authorization, envelope, "Content-Type", TAXII);
    }

    private static String objects() {
        return "/taxii2/kizashi/collections/" + council + "/objects/";
    }

    private static String indicator(String id, String ip, String... markings) {
        String marks = markings.length == 0 ? "" : ",\"object_marking_refs\":[\"" + String.join("\",\"", markings) + "\"]";
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":"
                + "\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\",\"pattern\":"
                + "\"[ipv4-addr:value = '" + ip + "']\",\"pattern_type\":\"stix\",\"valid_from\":"
                + "\"2026-11-23T00:00:00Z\"" + marks + "}";
    }

    private static String envelope(String... objects) {
        return "{\"objects\":[" + String.join(",", objects) + "]}";
    }

    @Test
    void discoveryAndTheApiRootNeedCredentialsAndAnswerTaxii() {
        Answer anonymous = get("/taxii2/", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).contains("Basic");
        assertThat(anonymous.header("Content-Type")).startsWith("application/taxii+json");
        assertThat(anonymous.json().path("http_status").asText()).isEqualTo("401");
        assertThat(get("/taxii2/", basic("admin", "wrong")).status()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/me", ADMIN, null, "Accept", "application/json").status())
                .as("Basic only for TAXII: browsers would send it along with cross-site requests").isEqualTo(401);

        Answer discovery = get("/taxii2/", ADMIN);
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.header("Content-Type")).isEqualTo(TAXII);
        assertThat(discovery.json().path("api_roots").get(0).asText()).endsWith("/taxii2/kizashi/");
        JsonNode root = get("/taxii2/kizashi/", ADMIN).json();
        assertThat(root.path("versions").get(0).asText()).isEqualTo(TAXII);
        assertThat(root.path("max_content_length").asInt()).isPositive();
        assertThat(send("GET", "/taxii2/", ADMIN, null, "Accept", "application/json").status()).isEqualTo(406);
    }

    @Test
    void theAdministratorWritesTheCouncilAndOthersReadWhatTheirRangeAllows() {
        JsonNode collections = get("/taxii2/kizashi/collections/", ADMIN).json().path("collections");
        assertThat(collections.findValuesAsText("id")).contains(council);
        assertThat(collections.get(0).path("can_write").asBoolean()).isTrue();
        assertThat(get("/taxii2/kizashi/collections/" + council + "/", VIEWER).json().path("can_write").asBoolean())
                .isFalse();

        String red = "indicator--" + UUID.randomUUID();
        String white = "indicator--" + UUID.randomUUID();
        Answer posted = post(objects(), ADMIN, envelope(indicator(red, "192.0.2.7"),
                indicator(white, "192.0.2.8", TLP_CLEAR),
                "{\"type\":\"indicator\",\"id\":\"indicator--not-a-uuid\"}"));
        assertThat(posted.status()).isEqualTo(202);
        JsonNode status = posted.json();
        assertThat(status.path("status").asText()).isEqualTo("complete");
        assertThat(status.path("total_count").asInt()).isEqualTo(3);
        assertThat(status.path("success_count").asInt()).isEqualTo(2);
        assertThat(status.path("failure_count").asInt()).isEqualTo(1);
        assertThat(status.path("failures").get(0).path("message").asText()).contains("/id");
        assertThat(get("/taxii2/kizashi/status/" + status.path("id").asText() + "/", ADMIN).json())
                .isEqualTo(status);
        assertThat(get("/taxii2/kizashi/status/" + status.path("id").asText() + "/", VIEWER).status())
                .as("another organisation's status is as unknown as a made-up one").isEqualTo(404);

        JsonNode served = get(objects() + red + "/", ADMIN).json().path("objects");
        assertThat(served.findValuesAsText("id")).containsExactly(red);
        assertThat(JSON.convertValue(served.get(0).path("object_marking_refs"), String[].class))
                .as("served with its level, so that no client stores it wider").containsExactly(
                        HubMarkings.markingId(SharingLevel.RED), HubMarkings.tlpMarkingId(SharingLevel.RED));
        Answer hidden = get(objects() + red + "/", VIEWER);
        Answer unknown = get(objects() + "indicator--" + UUID.randomUUID() + "/", VIEWER);
        assertThat(hidden.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(hidden.json().path("title")).isEqualTo(unknown.json().path("title"));
        List<String> seenByViewer = get(objects() + "?limit=1000", VIEWER).json().path("objects")
                .findValuesAsText("id");
        assertThat(seenByViewer).contains(white).doesNotContain(red);
        assertThat(get("/taxii2/kizashi/collections/" + council + "/manifest/?limit=1000", VIEWER).json()
                .path("objects").findValuesAsText("id")).contains(white).doesNotContain(red);
        assertThat(post(objects(), VIEWER, envelope(indicator("indicator--" + UUID.randomUUID(), "192.0.2.9")))
                .status()).isEqualTo(403);
    }

    @Test
    void pagesFollowAnOpaqueCursorThatBelongsToItsQuery() {
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, "198.51.100." + i, TLP_GREEN));
        }
        Answer posted = post(objects(), ANALYST, envelope(objects.toArray(String[]::new)));
        assertThat(posted.json().path("success_count").asInt()).as(posted.body()).isEqualTo(5);
        String after = posted.json().path("request_timestamp").asText();

        List<String> seen = new ArrayList<>();
        String query = objects() + "?limit=2&match[type]=indicator&added_after=" + after;
        Answer page = get(query, ANALYST);
        assertThat(page.header("X-TAXII-Date-Added-First")).isNotNull();
        assertThat(page.header("X-TAXII-Date-Added-Last")).isNotNull();
        while (true) {
            seen.addAll(page.json().path("objects").findValuesAsText("id"));
            if (!page.json().path("more").asBoolean()) {
                break;
            }
            String next = page.json().path("next").asText();
            assertThat(get(objects() + "?limit=2&match[type]=malware&next=" + next, ANALYST).status())
                    .as("a cursor from another query").isEqualTo(400);
            page = get(query + "&next=" + next, ANALYST);
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(get(objects() + "?next=garbage", ANALYST).status()).isEqualTo(400);
        assertThat(get(objects() + "?added_after=yesterday", ANALYST).status()).isEqualTo(400);
    }

    @Test
    void versionsAreListedAndDeletedOnlyByTheProviderOrTheSecretariat() {
        String id = "indicator--" + UUID.randomUUID();
        String v1 = indicator(id, "203.0.113.1", TLP_GREEN);
        String v2 = v1.replace("\"modified\":\"2026-11-23T00:00:00.000Z\"", "\"modified\":\"2026-11-23T01:00:00.000Z\"");
        post(objects(), ANALYST, envelope(v1, v2));
        JsonNode versions = get(objects() + id + "/versions/", ANALYST).json().path("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).asText()).isEqualTo("2026-11-23T00:00:00.000000Z");
        assertThat(get(objects() + id + "/?match[version]=all", ANALYST).json().path("objects")).hasSize(2);
        assertThat(get(objects() + id + "/?match[version]=first", ANALYST).json().path("objects").get(0)
                .path("modified").asText()).isEqualTo("2026-11-23T00:00:00.000Z");

        assertThat(send("DELETE", objects() + id + "/", VIEWER, null).status()).as("a viewer writes nothing")
                .isEqualTo(403).isEqualTo(send("DELETE", objects() + "indicator--" + UUID.randomUUID() + "/", VIEWER,
                        null).status());
        assertThat(send("DELETE", objects() + id + "/?match[version]=first", ADMIN, null).status()).isEqualTo(200);
        assertThat(get(objects() + id + "/versions/", ANALYST).json().path("versions")).hasSize(1);
        assertThat(send("DELETE", objects() + id + "/", ANALYST, null).status()).isEqualTo(200);
        assertThat(get(objects() + id + "/", ANALYST).status()).isEqualTo(404);
    }

    @Test
    void badRequestsGetTheStatusTheSpecificationPutsThere() {
        assertThat(send("POST", objects(), ADMIN, envelope(), "Content-Type", "application/json").status())
                .isEqualTo(415);
        assertThat(post(objects(), ADMIN, "{\"objects\": [").status()).isEqualTo(400);
        assertThat(post(objects(), ADMIN, "[]").status()).isEqualTo(400);
        assertThat(get("/taxii2/kizashi/collections/" + UUID.randomUUID() + "/objects/", ADMIN).status())
                .isEqualTo(404);
        assertThat(get(objects() + "?limit=0", ADMIN).status()).isEqualTo(400);
        String huge = envelope("\"" + "x".repeat(TaxiiApi.MAX_CONTENT_LENGTH) + "\"");
        Answer tooLarge = post(objects(), ADMIN, huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.header("Content-Type")).startsWith("application/taxii+json");
    }
}

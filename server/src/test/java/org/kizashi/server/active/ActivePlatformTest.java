package org.kizashi.server.active;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.active.dns.ResolverProcess;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The platform end to end: indicators shared in the hub and a list file become the policy zone, Unbound transfers it
 * from the platform's DNS port, an indicator added later is enforced within seconds (NOTIFY, IXFR), proxies ask the
 * check API, and a browser sent to the walled garden gets the warning page, which counts the hit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ActivePlatformTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Platform platform;
    ResolverProcess unbound;
    Community council;

    @BeforeEach
    void start() throws Exception {
        int unboundPort = ResolverProcess.freePort();
        Path list = dir.resolve("feed.txt");
        Files.writeString(list, "evil.example.test\n*.evil.example.test\nhttp://phish.example.test/login/\n"
                + "not a domain\n");
        Files.writeString(dir.resolve("feed.json"), """
                {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
                 {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                  "created":"2026-11-20T00:00:00Z","modified":"2026-11-21T00:00:00Z","name":"Phishing kit host",
                  "pattern":"[domain-name:value = 'stix.example.test']","pattern_type":"stix",
                  "valid_from":"2026-11-20T00:00:00Z"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                  "created":"2026-11-01T00:00:00Z","modified":"2026-11-01T00:00:00Z","name":"expired",
                  "pattern":"[domain-name:value = 'old.example.test']","pattern_type":"stix",
                  "valid_from":"2026-11-01T00:00:00Z","valid_until":"2026-11-02T00:00:00Z"}]}
                """);
        Path isps = ActiveFixtures.ispTable(dir);
        Path radius = ActiveFixtures.carolsSession(dir);
        platform = TestPlatforms.h2(Map.of("active.refresh-seconds", "1", "active.warning-host",
                "warning.example.test", "active.lists", list + "," + dir.resolve("feed.json"), "active.secondaries",
                "127.0.0.1:" + unboundPort, "active.isp-table", isps.toString(), "active.leases",
                "radius:" + radius));
        council = platform.database().communities().communities().get(0);
        share("cnc.example.test", SharingLevel.GREEN);
        share("amber-only.example.test", SharingLevel.AMBER); // narrower than active.hub-level: never blocked
        platform.active().refresh();
        int dnsPort = platform.active().dnsAddress().orElseThrow().getPort();
        unbound = ResolverProcess.unbound(dir, unboundPort, dnsPort, List.of("optout.rpz.kizashi.", "rpz.kizashi."));
    }

    @AfterEach
    void stop() throws Exception {
        if (unbound != null) {
            unbound.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private void share(String domain, SharingLevel level) throws Exception {
        String json = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID()
                + "\",\"created\":\"2026-11-20T01:02:03.000Z\",\"modified\":\"2026-11-20T01:02:03.000Z\","
                + "\"name\":\"C&C of a test campaign\",\"pattern\":\"[domain-name:value = '" + domain + "']\","
                + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-11-20T00:00:00Z\"}";
        long provider = platform.database().organisations().findByName("電力会社A")
                .orElseGet(() -> platform.database().organisations().create("電力会社A")).id();
        platform.database().stixObjects().add(new SharingScope(council.id(), level, provider), false,
                List.of(StixObjects.version(JSON.readTree(json))));
    }

    private Message awaitAnswer(String name, java.util.function.Predicate<Message> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Message last = null;
        while (System.nanoTime() < deadline) {
            last = unbound.query(name, Type.A, "127.0.0.1");
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + ": last answer\n" + last + "\n" + unbound.logText());
    }

    private static boolean sentToWarningHost(Message m) {
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList()
                .containsAll(List.of("warning.example.test.", "127.0.0.80"));
    }

    @Test
    void hubIndicatorsAndListsAreEnforcedByUnboundAndNewOnesWithinSeconds() throws Exception {
        awaitAnswer("cnc.example.test.", ActivePlatformTest::sentToWarningHost);
        awaitAnswer("www.evil.example.test.", ActivePlatformTest::sentToWarningHost);
        Message amber = unbound.query("amber-only.example.test.", Type.A, "127.0.0.1");
        assertThat(amber.getRcode()).isEqualTo(Rcode.NXDOMAIN); // not in example.test at all: not blocked, just absent
        assertThat(amber.getSection(Section.ANSWER)).isEmpty();
        assertThat(platform.active().checkName("amber-only.example.test").blocked()).isFalse();
        Message fine = unbound.query("later.example.test.", Type.A, "127.0.0.1");
        assertThat(fine.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.11");

        long started = System.nanoTime();
        share("later.example.test", SharingLevel.WHITE);
        awaitAnswer("later.example.test.", ActivePlatformTest::sentToWarningHost);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        assertThat(platform.active().status().peerEvents()).extracting(e -> e.kind().name())
                .contains("NOTIFY_ACKNOWLEDGED", "IXFR_SERVED");

        // Unbound's own rpz-log lines, imported, become the day's blocks per list and ISP
        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        String log = unbound.logText() + "this line is not from unbound\n";
        var imported = admin.post("/api/v1/active/logs?format=unbound&name=unbound.log", log);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("blocks").asLong()).isGreaterThanOrEqualTo(3);
        ActiveService.Counts counts = platform.active().counts();
        assertThat(counts.perList()).containsKeys("hub:セプター協議会 / CEPTOAR Council", "list:feed.txt");
        assertThat(counts.perIsp()).containsOnlyKeys("kizashi-isp");
        assertThat(counts.total()).isEqualTo(imported.json().get("blocks").asLong());
        assertThat(admin.post("/api/v1/active/logs?format=squid", "").status()).isEqualTo(400);
    }

    @Test
    void theCheckApiAnswersForUrlsAndNames() {
        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        var url = admin.get("/api/v1/active/check?url=http://PHISH.example.test/login/form.php?x=1");
        assertThat(url.status()).isEqualTo(200);
        assertThat(url.json().get("blocked").asBoolean()).isTrue();
        assertThat(url.json().get("kind").asText()).isEqualTo("url");
        var name = admin.get("/api/v1/active/check?name=cnc.example.test");
        assertThat(name.json().get("blocked").asBoolean()).isTrue();
        assertThat(name.json().get("reason").asText()).isEqualTo("C&C of a test campaign");
        assertThat(name.json().get("source").asText()).startsWith("hub:");
        assertThat(admin.get("/api/v1/active/check?url=http://fine.example.test/").json().get("blocked").asBoolean())
                .isFalse();
        assertThat(admin.get("/api/v1/active/check?url=mailto:x").status()).isEqualTo(400);
        assertThat(new HttpClientSession(platform.port()).get("/api/v1/active/check?name=x.example").status())
                .isEqualTo(401);
    }

    @Test
    void stixBundleFeedsCountAndABrokenFeedKeepsItsLastGoodEntries() throws Exception {
        assertThat(platform.active().checkName("stix.example.test").reason()).isEqualTo("Phishing kit host");
        assertThat(platform.active().checkName("old.example.test").blocked()).as("past valid_until").isFalse();
        Files.writeString(dir.resolve("feed.json"), "{\"type\":\"bundle\", broken");
        platform.active().refresh();
        assertThat(platform.active().checkName("stix.example.test").blocked()).isTrue();
        assertThat(platform.active().status().lists()).anySatisfy(l -> {
            assertThat(l.file()).endsWith("feed.json");
            assertThat(l.failure()).contains("last good entries stay published");
        });
    }

    @Test
    void aBrowserSentToTheWalledGardenGetsTheWarningInBothLanguagesAndTheHitIsCounted() throws Exception {
        String page = rawGet("cnc.example.test", "/some/page");
        assertThat(page).startsWith("HTTP/1.1 200");
        assertThat(page).contains("このサイトへの接続は遮断されました", "Access to this site was blocked",
                "cnc.example.test", "C&amp;C of a test campaign");
        assertThat(page).doesNotContain("type=\"password\"");
        assertThat(rawGet("fine.example.test", "/")).doesNotContain("このサイトへの接続は遮断されました");
        assertThat(platform.active().status().counts().total()).isEqualTo(1);
        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        var response = admin.get("/response", "Accept-Language", "ja");
        assertThat(response.body()).contains("対処（ACTIVE）", "cnc.example.test", "list:feed.txt",
                "feed.txt:4: expected one entry per line");
    }

    @Test
    void aSubscriberWhoOptsOutOnTheirPageIsNoLongerBlockedFromThatMomentOthersStillAre() throws Exception {
        awaitAnswer("evil.example.test.", ActivePlatformTest::sentToWarningHost);
        assertThat(sentToWarningHost(unbound.query("evil.example.test.", Type.A, "127.0.0.3"))).isTrue();
        String path = platform.active().optOutPath("kizashi-isp", "carol@example.ne.jp");
        HttpClientSession carol = new HttpClientSession(platform.port());
        var page = carol.get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("carol@example.ne.jp", "現在: 遮断とお知らせを受ける",
                "Now: blocking and notices on").doesNotContain("type=\"password\"");

        var changed = carol.form(path, "status=opted-out");
        assertThat(changed.body()).contains("オプトアウトしました", "You have opted out", "data-status=\"opted-out\"");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Message passed = unbound.query("evil.example.test.", Type.A, "127.0.0.3");
        while (sentToWarningHost(passed) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            passed = unbound.query("evil.example.test.", Type.A, "127.0.0.3");
        }
        assertThat(passed.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.10");
        assertThat(sentToWarningHost(unbound.query("evil.example.test.", Type.A, "127.0.0.1")))
                .as("another subscriber is still protected").isTrue();

        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        assertThat(admin.get("/response").body()).contains("carol@example.ne.jp", "subscriber");
        var forged = carol.get(path.substring(0, path.length() - 2) + "xx");
        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.body()).contains("このリンクは無効です");
    }

    private String rawGet(String host, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", platform.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package org.kizashi.server.active;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.active.dns.ResolverProcess;
import org.kizashi.core.active.ConsentChannel;
import org.kizashi.core.active.ConsentStatus;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;

/**
 * Infected hosts from a sinkhole report become notices over a real SMTP server (GreenMail): the ISP's day batch and
 * the subscriber's notice with the opt-out link; a report imported twice sends nothing twice; an opted-out subscriber
 * gets no notice and is left out of the ISP's batch; hosts that cannot be attributed are listed with the reason.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotificationsPlatformTest {
    private static final String HEADER = "timestamp,protocol,src_ip,src_port,src_asn,src_geo,src_region,src_city,"
            + "src_hostname,src_naics,src_sector,device_vendor,device_type,device_model,severity,dst_ip,dst_port,"
            + "dst_asn,dst_geo,dst_region,dst_city,dst_hostname,dst_naics,dst_sector,public_source,infection,family,"
            + "tag,application,version,event_id\n";

    @TempDir
    Path dir;

    GreenMail smtp;
    Platform platform;
    com.sun.net.httpserver.HttpServer rdap;

    @BeforeEach
    void start() throws Exception {
        int smtpPort = ResolverProcess.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Path isps = ActiveFixtures.ispTable(dir);
        Path radius = ActiveFixtures.carolsSession(dir);
        Path ispContacts = dir.resolve("isp-contacts.csv");
        Files.writeString(ispContacts, "isp,email,format\nkizashi-isp,abuse@isp.example,daily+xarf\n");
        Path subscriberContacts = dir.resolve("subscriber-contacts.csv");
        Files.writeString(subscriberContacts,
                "isp,subscriber,email\nkizashi-isp,carol@example.ne.jp,carol@mail.example\n");
        // An RDAP server that knows the registered domain (not the host) and its registrar's abuse desk.
        rdap = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        rdap.createContext("/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/domain/malware.example");
            byte[] body = (known ? """
                    {"objectClassName":"domain","ldhName":"malware.example","entities":[{"objectClassName":"entity",
                     "roles":["registrar"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Reg"]]],
                     "entities":[{"objectClassName":"entity","roles":["abuse"],"vcardArray":["vcard",[["version",{},
                     "text","4.0"],["fn",{},"text","Abuse desk"],["email",{},"text","abuse@registrar.example"]]]}]}]}
                    """ : "{\"errorCode\":404,\"title\":\"not found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rdap+json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        rdap.start();
        Path feed = dir.resolve("malware-urls.txt");
        Files.writeString(feed, "http://dl.malware.example/wp/payload.exe\n");
        platform = TestPlatforms.h2(Map.ofEntries(Map.entry("active.isp-table", isps.toString()),
                Map.entry("active.leases", "radius:" + radius), Map.entry("active.smtp", "127.0.0.1:" + smtpPort),
                Map.entry("active.smtp-from", "active@isp.example"),
                Map.entry("active.isp-contacts", ispContacts.toString()),
                Map.entry("active.subscriber-contacts", subscriberContacts.toString()),
                Map.entry("active.public-url", "https://active.isp.example/"), Map.entry("active.lists",
                        feed.toString()), Map.entry("active.rdap", "http://127.0.0.1:" + rdap.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (rdap != null) {
            rdap.stop(0);
        }
    }

    private static String row(String time, String ip, int port, String family) {
        return time + ",tcp," + ip + "," + port + ",64500,JP,TOKYO,TOKYO,,,,,,,high,192.0.2.250,80,64511,US,,,"
                + "cnc.example.test,,,sinkhole-test,," + family + ",,http,,\n";
    }

    private HttpClientSession admin() {
        HttpClientSession admin = new HttpClientSession(platform.port());
        admin.login("admin", TestPlatforms.ADMIN_PASSWORD);
        return admin;
    }

    @Test
    void theAdministratorOfAMalwareDistributionSiteIsToldAtTheRdapAbuseContactOnce() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (platform.active().recentNotifications(10).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        platform.active().refresh();
        platform.active().deliverNotifications();
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).extracting(NotificationsPlatformTest::recipient).containsExactly("abuse@registrar.example");
        assertThat(mails[0].getSubject()).contains("dl.malware.example");
        assertThat(decoded(mails[0])).contains("http://dl.malware.example/wp/payload.exe");
    }

    private long siteMails() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equals("abuse@registrar.example"))
                .count();
    }

    @Test
    void infectedHostsBecomeTheIspsBatchAndTheSubscribersNoticeOnce() throws Exception {
        String report = HEADER + row("2026-11-23 03:00:00Z", "127.0.0.3", 51000, "mirai")
                + row("2026-11-23 04:00:00Z", "127.0.0.9", 52000, "emotet")
                + row("2026-11-23 05:00:00Z", "198.51.100.1", 53000, "emotet")
                + "not,a,row\n";
        var imported = admin().post("/api/v1/active/logs?format=sinkhole&name=2026-11-23-event4_sinkhole.csv",
                report);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("problemCount").asInt()).isEqualTo(1);
        platform.active().deliverNotifications();
        MimeMessage[] mails = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> !recipient(m).equals("abuse@registrar.example")).toArray(MimeMessage[]::new);
        assertThat(mails).hasSize(4); // the ISP's daily CSV, an X-ARF report per host, carol's notice
        MimeMessage toIsp = Arrays.stream(mails).filter(m -> recipient(m).equals("abuse@isp.example"))
                .filter(m -> !xarf(m)).findFirst().orElseThrow();
        String ispMail = GreenMailUtil.getWholeMessage(toIsp);
        assertThat(ispMail).contains("127.0.0.3", "127.0.0.9").doesNotContain("198.51.100.1");
        assertThat(Arrays.stream(mails).filter(NotificationsPlatformTest::xarf).map(GreenMailUtil::getWholeMessage))
                .hasSize(2).anySatisfy(m -> assertThat(m).contains("127.0.0.3"))
                .anySatisfy(m -> assertThat(m).contains("127.0.0.9"));
        MimeMessage toCarol = Arrays.stream(mails).filter(m -> recipient(m).equals("carol@mail.example"))
                .findFirst().orElseThrow();
        assertThat(toCarol.getSubject()).contains("マルウェアに感染している可能性があります");
        assertThat(decoded(toCarol)).contains("carol@example.ne.jp", "127.0.0.3", "mirai",
                "https://active.isp.example" + platform.active().optOutPath("kizashi-isp", "carol@example.ne.jp"));
        assertThat(platform.active().notNotified()).extracting(Notifications.NotNotified::address, n -> n.reason()
                .contains("no ISP") || n.reason().toLowerCase().contains("lease"))
                .contains(org.assertj.core.groups.Tuple.tuple("127.0.0.9", true),
                        org.assertj.core.groups.Tuple.tuple("198.51.100.1", true));

        admin().post("/api/v1/active/logs?format=sinkhole&name=2026-11-23-event4_sinkhole.csv", report);
        platform.active().deliverNotifications();
        assertThat(smtp.getReceivedMessages().length - siteMails()).as("the same report again sends nothing again")
                .isEqualTo(4);
        assertThat(admin().get("/response").body()).contains("abuse@isp.example", "data-state=\"SENT\"");
    }

    @Test
    void anOptedOutSubscriberIsNeitherNotifiedNorInTheIspsBatch() throws Exception {
        platform.active().changeConsent("kizashi-isp", "carol@example.ne.jp", ConsentStatus.OPTED_OUT,
                ConsentChannel.ISP, "support-desk", "asked by phone");
        String report = HEADER + row("2026-11-23 03:00:00Z", "127.0.0.3", 51000, "mirai")
                + row("2026-11-23 04:00:00Z", "127.0.0.9", 52000, "emotet");
        admin().post("/api/v1/active/logs?format=sinkhole&name=day.csv", report);
        platform.active().deliverNotifications();
        MimeMessage[] mails = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> !recipient(m).equals("abuse@registrar.example")).toArray(MimeMessage[]::new);
        assertThat(mails).extracting(NotificationsPlatformTest::recipient)
                .containsExactly("abuse@isp.example", "abuse@isp.example"); // the day's CSV, one X-ARF report
        assertThat(mails).allSatisfy(m -> assertThat(GreenMailUtil.getWholeMessage(m)).contains("127.0.0.9")
                .doesNotContain("127.0.0.3"));
        assertThat(platform.active().notNotified()).anySatisfy(n -> assertThat(n.reason()).contains("opted out"));
    }

    @Test
    void theAttributionApiNamesTheSubscriberOrSaysWhyItCannot() {
        HttpClientSession admin = admin();
        var carol = admin.get("/api/v1/active/attribution?ip=127.0.0.3&time=2026-11-23T03:00:00Z");
        assertThat(carol.status()).as(carol.body()).isEqualTo(200);
        assertThat(carol.json().get("found").asBoolean()).isTrue();
        assertThat(carol.json().get("subscriber").asText()).isEqualTo("carol@example.ne.jp");
        assertThat(carol.json().get("evidence").get(0).asText()).contains("detail-20261123");
        var noLease = admin.get("/api/v1/active/attribution?ip=127.0.0.9&time=2026-11-23T03:00:00Z").json();
        assertThat(noLease.get("refusal").asText()).isEqualTo("NO_LEASE");
        assertThat(noLease.get("isp").asText()).isEqualTo("kizashi-isp");
        var noIsp = admin.get("/api/v1/active/attribution?ip=198.51.100.1&time=2026-11-23T03:00:00Z").json();
        assertThat(noIsp.get("refusal").asText()).isEqualTo("NO_ISP");
        var before = admin.get("/api/v1/active/attribution?ip=127.0.0.3&time=2026-11-22T14:59:59Z").json();
        assertThat(before.get("found").asBoolean()).as("before carol's session started (JST midnight)").isFalse();
        assertThat(admin.get("/api/v1/active/attribution?ip=127.0.0.3&time=yesterday").status()).isEqualTo(400);
    }

    @Test
    void openResolversOfAScanReportGiveTheIspItsInboundDnsRules() {
        HttpClientSession admin = admin();
        String report = "timestamp,severity,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,hostname_source,"
                + "sector,dns_version,min_amplification\n"
                + "2026-11-23 01:00:00Z,medium,127.0.0.53,udp,53,,openresolver,64500,JP,TOKYO,TOKYO,,,,,2.5\n"
                + "2026-11-23 01:00:00Z,medium,198.51.100.53,udp,53,,openresolver,64501,JP,OSAKA,OSAKA,,,,,2.5\n";
        var imported = admin.post("/api/v1/active/logs?format=scan_dns&name=2026-11-23-scan_dns.csv", report);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("blocks").asInt()).as("addresses kept").isEqualTo(1);
        assertThat(imported.json().get("problems").get(0).asText()).contains("198.51.100.53", "no ISP");
        assertThat(platform.active().openResolverCounts()).containsEntry("kizashi-isp", 1L);
        var answering = admin.get("/api/v1/active/ip53b?isp=kizashi-isp&scope=answering");
        assertThat(answering.status()).isEqualTo(200);
        assertThat(answering.body()).contains("kizashi_ip53b", "127.0.0.53").doesNotContain("198.51.100.53");
        var ranges = admin.get("/api/v1/active/ip53b?isp=kizashi-isp");
        assertThat(ranges.body()).contains("127.0.0.0/8");
        assertThat(admin.get("/api/v1/active/ip53b?isp=nobody").status()).isEqualTo(400);
    }

    private static boolean xarf(MimeMessage message) {
        try {
            return "Yes".equals(message.getHeader("X-ARF", null));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decoded(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String text) {
            return text;
        }
        StringBuilder all = new StringBuilder();
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            Object part = parts.getBodyPart(i).getContent();
            all.append(part instanceof String s ? s : "");
        }
        return all.toString();
    }
}

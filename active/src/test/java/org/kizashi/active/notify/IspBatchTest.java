package org.kizashi.active.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.kizashi.active.hits.BlockEvent;
import org.kizashi.active.LineProblem;
import org.kizashi.active.hits.SinkholeCsvParser;
import org.kizashi.active.hits.SinkholeDetail;
import org.kizashi.core.net.IpAddress;

class IspBatchTest {
    /** The event4_sinkhole columns as /work/shared/data/shadowserver/README.md lists them. */
    static final String EVENT4_SINKHOLE_HEADER = "timestamp,protocol,src_ip,src_port,src_asn,src_geo,src_region,"
            + "src_city,src_hostname,src_naics,src_sector,device_vendor,device_type,device_model,severity,dst_ip,"
            + "dst_port,dst_asn,dst_geo,dst_region,dst_city,dst_hostname,dst_naics,dst_sector,public_source,"
            + "infection,family,tag,application,version,event_id,ssl_cipher,ssl_servername,machine_name";
    static final LocalDate DAY = LocalDate.parse("2026-11-23");
    static final InternetAddress FROM = address("active-reports@kizashi.example");
    static final InternetAddress TO = address("abuse@hikari.example.jp");

    static InternetAddress address(String text) {
        try {
            return new InternetAddress(text, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static BlockEvent sinkhole(String time, String client, String family, String tag, String query) {
        return new BlockEvent(Instant.parse(time), IpAddress.parse(client), query, "event4_sinkhole_http",
                "sinkhole", BlockEvent.Origin.SINKHOLE, "", Optional.of(new SinkholeDetail(family, family, tag,
                "tcp", 49152, 64500, Optional.of(IpAddress.parse("203.0.113.80")), 80, 1)));
    }

    static List<BlockEvent> events() {
        return List.of(
                sinkhole("2026-11-23T04:05:06Z", "198.51.100.7", "necurs \"dga\"", "", ""),
                sinkhole("2026-11-23T01:02:03Z", "198.51.100.7", "andromeda", "botnet,c2", "c2.evil-example.jp"),
                BlockEvent.resolver(Instant.parse("2026-11-23T10:00:00Z"), IpAddress.parse("198.51.100.9"),
                        "dga-1.example.com", "cc-rpz", "nxdomain", BlockEvent.Origin.UNBOUND,
                        "qname dga-1.example.com"),
                // An allow-listed hit and an event of the next day are no part of the batch.
                BlockEvent.resolver(Instant.parse("2026-11-23T11:00:00Z"), IpAddress.parse("198.51.100.10"),
                        "ok.example.com", "allow", "passthru", BlockEvent.Origin.UNBOUND, ""),
                sinkhole("2026-11-24T00:00:00Z", "198.51.100.11", "mirai", "", ""),
                sinkhole("2026-11-23T23:59:59Z", "2001:db8:1::5", "mirai", "", ""));
    }

    static IspBatch batch() {
        return IspBatch.of("Example Hikari Co., Ltd.", DAY, events());
    }

    @Test
    void keepsTheInfectionsOfTheUtcDayInTimeOrder() {
        IspBatch batch = batch();

        assertThat(batch.events()).extracting(e -> e.time().toString()).containsExactly("2026-11-23T01:02:03Z",
                "2026-11-23T04:05:06Z", "2026-11-23T10:00:00Z", "2026-11-23T23:59:59Z");
        assertThat(batch.hosts()).extracting(IpAddress::toString)
                .containsExactly("198.51.100.7", "198.51.100.9", "2001:db8:1::5");
    }

    @Test
    void writesShadowserverEvent4SinkholeFilesWithTheReadmeColumnsAndRfc4180Quoting() {
        List<CsvFile> files = batch().csvFiles();

        assertThat(files).extracting(CsvFile::name).containsExactly(
                "2026-11-23-event4_sinkhole-example-hikari-co-ltd.csv",
                "2026-11-23-event6_sinkhole-example-hikari-co-ltd.csv");
        String[] lines = files.get(0).text().split("\r\n", -1);
        assertThat(lines[0]).isEqualTo(EVENT4_SINKHOLE_HEADER);
        assertThat(String.join(",", IspBatch.COLUMNS)).isEqualTo(EVENT4_SINKHOLE_HEADER);
        assertThat(lines).hasSize(5); // header, three rows, and the empty string after the last CRLF
        assertThat(lines[1]).isEqualTo("2026-11-23 01:02:03Z,tcp,198.51.100.7,49152,64500,,,,,,,,,,high,"
                + "203.0.113.80,80,,,,,c2.evil-example.jp,,,event4_sinkhole_http,andromeda,andromeda,\"botnet,c2\""
                + ",,,,,,");
        assertThat(lines[2]).startsWith("2026-11-23 04:05:06Z,tcp,198.51.100.7,")
                .contains(",\"necurs \"\"dga\"\"\",\"necurs \"\"dga\"\"\",");
        assertThat(lines[3]).isEqualTo("2026-11-23 10:00:00Z,,198.51.100.9,,,,,,,,,,,,high,,,,,,,"
                + "dga-1.example.com,,,cc-rpz,,,nxdomain,dns,,,,,");
        assertThat(lines[4]).isEmpty();
        assertThat(files.get(1).text()).startsWith(EVENT4_SINKHOLE_HEADER + "\r\n2026-11-23 23:59:59Z,tcp,"
                + "2001:db8:1::5,");
        for (CsvFile file : files) {
            for (String line : file.text().split("\r\n")) {
                assertThat(fields(line)).hasSize(IspBatch.COLUMNS.size());
            }
        }
    }

    /** Splits one CSV line without quoted line breaks (as written here) into its fields. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    @Test
    void theSinkholeParserReadsTheFilesBack() throws IOException {
        List<BlockEvent> read = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        for (CsvFile file : batch().csvFiles()) {
            new SinkholeCsvParser().parse(new StringReader(file.text()), file.name(), read::add, problems::add);
        }

        assertThat(problems).isEmpty();
        assertThat(read).extracting(BlockEvent::time).containsExactlyElementsOf(
                batch().events().stream().map(BlockEvent::time).toList());
        assertThat(read).extracting(e -> e.client().toString())
                .containsExactly("198.51.100.7", "198.51.100.7", "198.51.100.9", "2001:db8:1::5");
        assertThat(read).extracting(BlockEvent::list)
                .containsExactly("event4_sinkhole", "event4_sinkhole", "event4_sinkhole", "event6_sinkhole");
        SinkholeDetail first = read.get(0).sinkhole().orElseThrow();
        assertThat(first.family()).isEqualTo("andromeda");
        assertThat(first.tag()).isEqualTo("botnet,c2");
        assertThat(first.sourcePort()).isEqualTo(49152);
        assertThat(first.destination()).contains(IpAddress.parse("203.0.113.80"));
        assertThat(read.get(1).sinkhole().orElseThrow().family()).isEqualTo("necurs \"dga\"");
    }

    @Test
    void aDayWithoutEventsStillHasItsHeaderOnlyFile() {
        IspBatch empty = IspBatch.of("example-net", DAY, List.of());

        assertThat(empty.csvFiles()).containsExactly(new CsvFile("2026-11-23-event4_sinkhole-example-net.csv",
                EVENT4_SINKHOLE_HEADER + "\r\n"));
    }

    @Test
    void anIspNameWithoutAsciiLettersCannotNameAFile() {
        assertThatThrownBy(() -> IspBatch.of("株式会社ひかり", DAY, events()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("株式会社ひかり").hasMessageContaining("ASCII");
    }

    @Test
    void theDailyReportCarriesABilingualSummaryAndTheCsvFiles() throws Exception {
        IspBatch batch = batch();
        MimeMessage mail = reparsed(batch.dailyReport(FROM, TO));

        assertThat(mail.getSubject()).isEqualTo("[ACTIVE] マルウェア感染の疑いがある端末のお知らせ / Infected hosts in"
                + " your network: Example Hikari Co., Ltd. 2026-11-23 (3 addresses)");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(mail.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(new ContentType(parts.getContentType()).getBaseType()).isEqualTo("multipart/mixed");
        assertThat(parts.getCount()).isEqualTo(3);
        String text = (String) parts.getBodyPart(0).getContent();
        assertThat(new ContentType(parts.getBodyPart(0).getContentType()).getParameter("charset"))
                .isEqualToIgnoringCase("UTF-8");
        assertThat(text).contains("Example Hikari Co., Ltd. ご担当者様", "3 件の IP アドレス",
                "To the abuse team of Example Hikari Co., Ltd.", "from 3 addresses in your network",
                "198.51.100.7  2  andromeda, necurs \"dga\"", "198.51.100.9  1  不明 / unknown");
        for (int i = 0; i < 2; i++) {
            BodyPart csv = parts.getBodyPart(i + 1);
            CsvFile file = batch.csvFiles().get(i);
            assertThat(csv.getFileName()).isEqualTo(file.name());
            assertThat(csv.getDisposition()).isEqualTo(Part.ATTACHMENT);
            assertThat(new ContentType(csv.getContentType()).getBaseType()).isEqualTo("text/csv");
            assertThat(bytes(csv)).isEqualTo(file.bytes());
        }
    }

    @Test
    void xarfReportsOnePerAddressWithTheMachineReadableYamlAndTheEvidence() throws Exception {
        SortedMap<IpAddress, MimeMessage> reports = batch().xarfReports(FROM, TO);

        assertThat(reports.keySet()).extracting(IpAddress::toString)
                .containsExactly("198.51.100.7", "198.51.100.9", "2001:db8:1::5");
        MimeMessage mail = reparsed(reports.get(IpAddress.parse("198.51.100.7")));
        assertThat(mail.getHeader("X-ARF")).containsExactly("Yes");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(mail.getSubject()).isEqualTo("abuse report about 198.51.100.7 - 2026-11-23 / マルウェア感染の疑い"
                + " (ACTIVE)");
        assertThat(mail.getFrom()).containsExactly(FROM);
        assertThat(mail.getAllRecipients()).containsExactly(TO);
        Multipart parts = (Multipart) mail.getContent();
        assertThat(new ContentType(parts.getContentType()).getBaseType()).isEqualTo("multipart/mixed");
        assertThat(parts.getCount()).isEqualTo(3);

        BodyPart human = parts.getBodyPart(0);
        assertThat(human.isMimeType("text/plain")).isTrue();
        assertThat((String) human.getContent()).contains("IP アドレス 198.51.100.7 から", "通信 2 件",
                "マルウェア: andromeda, necurs \"dga\"", "通信先: 203.0.113.80, c2.evil-example.jp",
                "2 communications with malware command-and-control servers were seen from 198.51.100.7",
                "Seen: 2026-11-23 01:02:03Z - 2026-11-23 04:05:06Z");

        BodyPart report = parts.getBodyPart(1);
        assertThat(report.isMimeType("text/plain")).isTrue();
        assertThat(new ContentType(report.getContentType()).getParameter("name")).isEqualTo("report.txt");
        Map<String, String> yaml = yaml(new String(bytes(report), StandardCharsets.UTF_8));
        assertThat(yaml).containsExactly(
                Map.entry("Reported-From", "active-reports@kizashi.example"),
                Map.entry("Category", "abuse"),
                Map.entry("Report-Type", "malware-attack"),
                Map.entry("Report-ID", "2026-11-23-example-hikari-co-ltd-198.51.100.7@kizashi.example"),
                Map.entry("Date", "Mon, 23 Nov 2026 01:02:03 +0000"),
                Map.entry("Source", "198.51.100.7"),
                Map.entry("Source-Type", "ipv4"),
                Map.entry("Attachment", "text/plain"),
                Map.entry("User-Agent", "Kizashi ACTIVE notify"),
                Map.entry("Schema-URL", "http://www.x-arf.org/schema/abuse_malware-attack_0.1.4.json"),
                Map.entry("Occurrences", "2"),
                Map.entry("Version", "0.2"));

        BodyPart evidence = parts.getBodyPart(2);
        assertThat(evidence.isMimeType(yaml.get("Attachment"))).isTrue();
        assertThat(evidence.getFileName()).isEqualTo("2026-11-23-event4_sinkhole-example-hikari-co-ltd.csv");
        String csv = new String(bytes(evidence), StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(3).startsWith(EVENT4_SINKHOLE_HEADER);

        MimeMessage v6 = reparsed(reports.get(IpAddress.parse("2001:db8:1::5")));
        Map<String, String> v6yaml = yaml(new String(bytes(((Multipart) v6.getContent()).getBodyPart(1)),
                StandardCharsets.UTF_8));
        assertThat(v6yaml).containsEntry("Source", "2001:db8:1::5").containsEntry("Source-Type", "ipv6");
        assertThat(((Multipart) v6.getContent()).getBodyPart(2).getFileName())
                .isEqualTo("2026-11-23-event6_sinkhole-example-hikari-co-ltd.csv");
    }

    /** The flat "Name: value" YAML of report.txt; values plain, or single-quoted with '' for a quote. */
    static Map<String, String> yaml(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(": ");
            String value = line.substring(colon + 2);
            if (value.startsWith("'")) {
                value = value.substring(1, value.length() - 1).replace("''", "'");
            }
            fields.put(line.substring(0, colon), value);
        }
        return fields;
    }

    @Test
    void arfReportsAreMultipartReportsWithAFeedbackReportPart() throws Exception {
        MimeMessage mail = reparsed(batch().arfReports(FROM, TO).get(IpAddress.parse("198.51.100.7")));

        ContentType type = new ContentType(mail.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("feedback-report");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("ご担当者様", "To the abuse team");

        BodyPart feedback = parts.getBodyPart(1);
        assertThat(feedback.isMimeType("message/feedback-report")).isTrue();
        String fields = new String(bytes(feedback), StandardCharsets.US_ASCII);
        assertThat(fields.split("\r\n")).containsExactly(
                "Feedback-Type: other",
                "User-Agent: Kizashi ACTIVE notify",
                "Version: 1",
                "Source-IP: 198.51.100.7",
                "Arrival-Date: Mon, 23 Nov 2026 01:02:03 +0000",
                "Incidents: 2",
                "Reported-Domain: c2.evil-example.jp");

        BodyPart evidence = parts.getBodyPart(2);
        assertThat(evidence.isMimeType("text/csv")).isTrue();
        assertThat(new String(bytes(evidence), StandardCharsets.UTF_8)).startsWith(EVENT4_SINKHOLE_HEADER);
    }

    @Test
    void yamlValuesAreQuotedOnlyWhereAReaderWouldNotGetTheTextBack() {
        assertThat(Yaml.scalar("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(Yaml.scalar("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(Yaml.scalar("Mon, 23 Nov 2026 01:02:03 +0000")).isEqualTo("Mon, 23 Nov 2026 01:02:03 +0000");
        assertThat(Yaml.scalar("1234567")).isEqualTo("'1234567'");
        assertThat(Yaml.scalar("yes")).isEqualTo("'yes'");
        assertThat(Yaml.scalar("2026-11-23T01:02:03Z")).isEqualTo("'2026-11-23T01:02:03Z'");
        assertThat(Yaml.scalar("::1")).isEqualTo("'::1'");
        assertThat(Yaml.scalar("a: b")).isEqualTo("'a: b'");
        assertThat(Yaml.scalar("it's")).isEqualTo("it's");
        assertThat(Yaml.scalar("'quoted'")).isEqualTo("'''quoted'''");
    }

    /** The message as a receiver sees it: written out and parsed again. */
    static MimeMessage reparsed(MimeMessage message) throws MessagingException, IOException {
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(out.toByteArray()));
    }

    static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}

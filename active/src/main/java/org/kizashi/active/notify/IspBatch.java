package org.kizashi.active.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.kizashi.active.hits.BlockEvent;
import org.kizashi.core.net.IpAddress;

/**
 * One ISP's infected hosts of one day (UTC, as Shadowserver dates its files), in the forms ISPs already process:
 * Shadowserver's sinkhole CSV ({@link #csvFiles()}), a daily mail carrying it ({@link #dailyReport}), and one X-ARF
 * ({@link #xarfReports}) or ARF ({@link #arfReports}) mail per infected address for abuse desks that open a ticket
 * per source. Immutable.
 * <p>
 * An event belongs to the batch when it happened on the day and is evidence of an infection: every sinkhole event,
 * and resolver events that really blocked (an allow-listed or log-only hit is not something to act on).
 */
public final class IspBatch {
    /** The columns of the CSV files, in order: Shadowserver's event4_sinkhole report (event6_sinkhole for IPv6). */
    public static final List<String> COLUMNS = SinkholeCsvWriter.COLUMNS;

    static final String USER_AGENT = "Kizashi ACTIVE notify";
    static final String XARF_SCHEMA = "http://www.x-arf.org/schema/abuse_malware-attack_0.1.4.json";
    private static final int HOSTS_LISTED_IN_TEXT = 50;
    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM uuuu HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String isp;
    private final String fileLabel;
    private final LocalDate day;
    private final List<BlockEvent> events;

    private IspBatch(String isp, String fileLabel, LocalDate day, List<BlockEvent> events) {
        this.isp = isp;
        this.fileLabel = fileLabel;
        this.day = day;
        this.events = events;
    }

    /**
     * The batch of {@code isp} for {@code day}: the events among {@code events} that happened on that UTC day and
     * show an infection, ordered by time. The caller has already picked the ISP's events (see the ISP table).
     *
     * @param isp the ISP as in the ISP table; its letters and digits name the files
     * @throws IllegalArgumentException when the ISP's name has no ASCII letter or digit to name a file with
     */
    public static IspBatch of(String isp, LocalDate day, Collection<BlockEvent> events) {
        Objects.requireNonNull(isp, "isp");
        Objects.requireNonNull(day, "day");
        String label = fileLabel(isp);
        List<BlockEvent> kept = events.stream()
                .filter(e -> e.time().atZone(ZoneOffset.UTC).toLocalDate().equals(day))
                .filter(e -> e.origin() == BlockEvent.Origin.SINKHOLE || e.isBlock())
                .sorted(Comparator.comparing(BlockEvent::time).thenComparing(BlockEvent::client))
                .toList();
        return new IspBatch(isp.strip(), label, day, kept);
    }

    /**
     * The ISP's name as file names carry it: lower-case ASCII letters and digits, a dash for each run of anything
     * else ("Example Hikari Co., Ltd." gives "example-hikari-co-ltd"), so the name is safe on any file system.
     */
    static String fileLabel(String isp) {
        String label = isp.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (label.isEmpty()) {
            throw new IllegalArgumentException("the ISP name '" + isp + "' has no ASCII letter or digit to name its"
                    + " report files with; use the ISP table's ASCII name");
        }
        return label;
    }

    public String isp() {
        return isp;
    }

    public LocalDate day() {
        return day;
    }

    /** The events of the batch, by time. */
    public List<BlockEvent> events() {
        return events;
    }

    /** The infected addresses, in address order. */
    public SortedSet<IpAddress> hosts() {
        return events.stream().map(BlockEvent::client).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The day's CSV files, named {@code YYYY-MM-DD-event4_sinkhole-<isp>.csv}: the event4 file for IPv4 hosts and,
     * when there are IPv6 hosts, the event6 file Shadowserver uses for them. A day without events still has the event4
     * file, header only, so "nothing found" can be told apart from "nothing sent".
     */
    public List<CsvFile> csvFiles() {
        List<BlockEvent> v4 = events.stream().filter(e -> e.client().isV4()).toList();
        List<BlockEvent> v6 = events.stream().filter(e -> !e.client().isV4()).toList();
        List<CsvFile> files = new ArrayList<>(2);
        if (!v4.isEmpty() || v6.isEmpty()) {
            files.add(new CsvFile(fileName("event4_sinkhole"), SinkholeCsvWriter.write(v4)));
        }
        if (!v6.isEmpty()) {
            files.add(new CsvFile(fileName("event6_sinkhole"), SinkholeCsvWriter.write(v6)));
        }
        return files;
    }

    private String fileName(String reportType) {
        return day + "-" + reportType + "-" + fileLabel + ".csv";
    }

    /**
     * The daily mail to the ISP: a summary in Japanese and English and the CSV files attached (text/csv, UTF-8).
     * Marked Auto-Submitted so that no vacation reply comes back.
     */
    public MimeMessage dailyReport(InternetAddress from, InternetAddress to) throws MessagingException {
        SortedSet<IpAddress> hosts = hosts();
        MimeMessage message = MailParts.message(from, to, "[ACTIVE] マルウェア感染の疑いがある端末のお知らせ"
                + " / Infected hosts in your network: " + isp + " " + day + " (" + hosts.size() + " "
                + plural(hosts.size(), "address", "addresses") + ")");
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart parts = MailParts.multipart("mixed", Map.of());
        parts.addBodyPart(MailParts.text(dailyText(hosts)));
        for (CsvFile file : csvFiles()) {
            parts.addBodyPart(MailParts.attachment(file.bytes(), "text/csv; charset=UTF-8", file.name()));
        }
        message.setContent(parts);
        return message;
    }

    /**
     * One X-ARF (v0.2) report per infected address, by address: header {@code X-ARF: Yes}, multipart/mixed of a text
     * in Japanese and English, the machine-readable {@code report.txt} (YAML) and the address's CSV rows.
     */
    public SortedMap<IpAddress, MimeMessage> xarfReports(InternetAddress from, InternetAddress to)
            throws MessagingException {
        SortedMap<IpAddress, MimeMessage> reports = new TreeMap<>();
        for (Map.Entry<IpAddress, List<BlockEvent>> host : byHost().entrySet()) {
            reports.put(host.getKey(), xarf(from, to, host.getKey(), host.getValue()));
        }
        return reports;
    }

    /**
     * One ARF (RFC 5965) report per infected address, by address: multipart/report; report-type=feedback-report of
     * a text in Japanese and English, the message/feedback-report fields (Feedback-Type: other) and the address's CSV
     * rows. RFC 5965 wants the reported mail as third part; a sinkhole event has none, so the evidence takes its
     * place.
     */
    public SortedMap<IpAddress, MimeMessage> arfReports(InternetAddress from, InternetAddress to)
            throws MessagingException {
        SortedMap<IpAddress, MimeMessage> reports = new TreeMap<>();
        for (Map.Entry<IpAddress, List<BlockEvent>> host : byHost().entrySet()) {
            reports.put(host.getKey(), arf(from, to, host.getKey(), host.getValue()));
        }
        return reports;
    }

    private SortedMap<IpAddress, List<BlockEvent>> byHost() {
        return events.stream().collect(Collectors.groupingBy(BlockEvent::client, TreeMap::new, Collectors.toList()));
    }

    private MimeMessage xarf(InternetAddress from, InternetAddress to, IpAddress host, List<BlockEvent> hostEvents)
            throws MessagingException {
        MimeMessage message = MailParts.message(from, to, "abuse report about " + host + " - " + day
                + " / マルウェア感染の疑い (ACTIVE)");
        message.setHeader("X-ARF", "Yes");
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart parts = MailParts.multipart("mixed", Map.of());
        parts.addBodyPart(MailParts.text(hostText(host, hostEvents)));
        parts.addBodyPart(MailParts.attachment(xarfYaml(from, host, hostEvents).getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=UTF-8", "report.txt"));
        CsvFile evidence = evidence(host, hostEvents);
        // The report's "Attachment: text/plain" names this part's type.
        parts.addBodyPart(MailParts.attachment(evidence.bytes(), "text/plain; charset=UTF-8", evidence.name()));
        message.setContent(parts);
        return message;
    }

    private String xarfYaml(InternetAddress from, IpAddress host, List<BlockEvent> hostEvents) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Reported-From", from.getAddress());
        text.put("Category", "abuse");
        text.put("Report-Type", "malware-attack");
        text.put("Report-ID", reportId(from, host));
        // RFC 5322 form as in the X-ARF examples; an RFC 3339 time would be read as a YAML timestamp, not text.
        text.put("Date", RFC_5322.format(hostEvents.get(0).time()));
        text.put("Source", host.toString());
        text.put("Source-Type", host.isV4() ? "ipv4" : "ipv6");
        text.put("Attachment", "text/plain");
        text.put("User-Agent", USER_AGENT);
        text.put("Schema-URL", XARF_SCHEMA);
        StringBuilder yaml = new StringBuilder();
        text.forEach((name, value) -> yaml.append(name).append(": ").append(Yaml.scalar(value)).append('\n'));
        yaml.append("Occurrences: ").append(hostEvents.size()).append('\n');
        yaml.append("Version: 0.2\n");
        return yaml.toString();
    }

    private MimeMessage arf(InternetAddress from, InternetAddress to, IpAddress host, List<BlockEvent> hostEvents)
            throws MessagingException {
        MimeMessage message = MailParts.message(from, to, "[ACTIVE] マルウェア感染の疑い / Infected host "
                + host + " - " + day);
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart parts = MailParts.multipart("report", Map.of("report-type", "feedback-report"));
        parts.addBodyPart(MailParts.text(hostText(host, hostEvents)));
        parts.addBodyPart(MailParts.fields(feedbackReport(host, hostEvents), "message/feedback-report"));
        CsvFile evidence = evidence(host, hostEvents);
        parts.addBodyPart(MailParts.attachment(evidence.bytes(), "text/csv; charset=UTF-8", evidence.name()));
        message.setContent(parts);
        return message;
    }

    /** The RFC 5965 fields; ASCII only, as the part is 7bit. */
    private static String feedbackReport(IpAddress host, List<BlockEvent> hostEvents) {
        StringBuilder fields = new StringBuilder()
                .append("Feedback-Type: other\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Version: 1\r\n")
                .append("Source-IP: ").append(host).append("\r\n")
                .append("Arrival-Date: ").append(RFC_5322.format(hostEvents.get(0).time())).append("\r\n")
                .append("Incidents: ").append(hostEvents.size()).append("\r\n");
        hostEvents.stream().map(BlockEvent::queryName).filter(name -> !name.isEmpty()).distinct()
                .forEach(name -> fields.append("Reported-Domain: ").append(name).append("\r\n"));
        return fields.toString();
    }

    private String reportId(InternetAddress from, IpAddress host) {
        return day + "-" + fileLabel + "-" + host + "@" + MailParts.domainOf(from);
    }

    private CsvFile evidence(IpAddress host, List<BlockEvent> hostEvents) {
        return new CsvFile(fileName(host.isV4() ? "event4_sinkhole" : "event6_sinkhole"),
                SinkholeCsvWriter.write(hostEvents));
    }

    private String dailyText(SortedSet<IpAddress> hosts) {
        StringBuilder ja = new StringBuilder()
                .append(isp).append(" ご担当者様\n\n")
                .append("ACTIVE (Advanced Cyber Threats response InitiatiVE) の取り組みとして、").append(day)
                .append(" (UTC) に貴社ネットワーク内の ").append(hosts.size()).append(" 件の IP アドレスから、")
                .append("マルウェアの指令サーバ (C&C) への通信 ").append(events.size()).append(" 件を観測しました。\n")
                .append("各通信の詳細は添付の CSV ファイル (Shadowserver の event4_sinkhole 形式、時刻は UTC) に")
                .append("あります。\n")
                .append("当該時刻にこれらのアドレスを利用していた契約者への注意喚起をお願いいたします。\n\n");
        StringBuilder en = new StringBuilder()
                .append("To the abuse team of ").append(isp).append(",\n\n")
                .append("Under the ACTIVE programme (Advanced Cyber Threats response InitiatiVE), ")
                .append(events.size()).append(" ").append(plural(events.size(), "communication", "communications"))
                .append(" with malware command-and-control servers were seen on ").append(day)
                .append(" (UTC) from ").append(hosts.size()).append(" ")
                .append(plural(hosts.size(), "address", "addresses")).append(" in your network.\n")
                .append("The attached CSV files (Shadowserver event4_sinkhole columns, times in UTC) give the")
                .append(" details of each.\n")
                .append("Please alert the subscribers who used these addresses at those times.\n\n");
        StringBuilder list = new StringBuilder();
        Map<IpAddress, List<BlockEvent>> byHost = byHost();
        int listed = 0;
        for (Map.Entry<IpAddress, List<BlockEvent>> host : byHost.entrySet()) {
            if (listed++ == HOSTS_LISTED_IN_TEXT) {
                list.append("  ... 他 ").append(byHost.size() - HOSTS_LISTED_IN_TEXT).append(" 件 / and ")
                        .append(byHost.size() - HOSTS_LISTED_IN_TEXT).append(" more\n");
                break;
            }
            list.append("  ").append(host.getKey()).append("  ").append(host.getValue().size()).append("  ")
                    .append(families(host.getValue())).append('\n');
        }
        return ja + "----\n" + en + "IP アドレス / address, 件数 / events, マルウェア / malware:\n" + list;
    }

    private String hostText(IpAddress host, List<BlockEvent> hostEvents) {
        Instant first = hostEvents.get(0).time();
        Instant last = hostEvents.get(hostEvents.size() - 1).time();
        String families = families(hostEvents);
        String destinations = destinations(hostEvents);
        String period = SinkholeCsvWriter.TIMESTAMP.format(first) + " - " + SinkholeCsvWriter.TIMESTAMP.format(last);
        return isp + " ご担当者様\n\n"
                + "ACTIVE の取り組みとして、貴社ネットワーク内の IP アドレス " + host + " から、" + day
                + " (UTC) にマルウェアの指令サーバ (C&C) への通信 " + hostEvents.size() + " 件を観測しました。\n"
                + "マルウェア: " + families + "\n"
                + "通信先: " + destinations + "\n"
                + "観測時刻: " + period + "\n"
                + "当該時刻にこのアドレスを利用していた契約者への注意喚起をお願いいたします。"
                + "詳細は添付の CSV ファイルにあります。\n\n"
                + "----\n"
                + "To the abuse team of " + isp + ",\n\n"
                + "Under the ACTIVE programme, " + hostEvents.size() + " "
                + plural(hostEvents.size(), "communication", "communications")
                + " with malware command-and-control servers were seen from " + host + " in your network on " + day
                + " (UTC).\n"
                + "Malware: " + families + "\n"
                + "Destinations: " + destinations + "\n"
                + "Seen: " + period + "\n"
                + "Please alert the subscriber who used this address at those times. The attached CSV file has the"
                + " details.\n";
    }

    /** The malware families the events name, or "unknown" in both languages. */
    private static String families(List<BlockEvent> hostEvents) {
        String names = hostEvents.stream()
                .map(e -> e.sinkhole().map(d -> d.family().isEmpty() ? d.infection() : d.family()).orElse(""))
                .filter(name -> !name.isEmpty()).distinct().sorted().collect(Collectors.joining(", "));
        return names.isEmpty() ? "不明 / unknown" : names;
    }

    /** The names asked for or the sinkhole addresses reached, so the ISP can check its own logs. */
    private static String destinations(List<BlockEvent> hostEvents) {
        String names = hostEvents.stream()
                .map(e -> !e.queryName().isEmpty() ? e.queryName()
                        : e.sinkhole().flatMap(d -> d.destination()).map(Object::toString).orElse(""))
                .filter(name -> !name.isEmpty()).distinct().sorted().collect(Collectors.joining(", "));
        return names.isEmpty() ? "不明 / unknown" : names;
    }

    private static String plural(long n, String one, String many) {
        return n == 1 ? one : many;
    }

    @Override
    public String toString() {
        return "IspBatch[" + isp + " " + day + ", " + events.size() + " events]";
    }
}

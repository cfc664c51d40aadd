package org.kizashi.server.active;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import org.kizashi.active.hits.BlockEvent;
import org.kizashi.active.LineProblem;
import org.kizashi.active.hits.ShadowserverCsv;
import org.kizashi.active.notify.IspBatch;
import org.kizashi.active.notify.NoticeFacts;
import org.kizashi.active.notify.NotificationKey;
import org.kizashi.active.notify.Outbox;
import org.kizashi.active.notify.RdapClient;
import org.kizashi.active.notify.RdapServers;
import org.kizashi.active.notify.RetryPolicy;
import org.kizashi.active.notify.SmtpSettings;
import org.kizashi.active.notify.SubscriberNotice;
import org.kizashi.active.subscriber.Attribution;
import org.kizashi.core.active.ConsentStatus;
import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACTIVE's notices for infected hosts seen in a sinkhole report: to each ISP the day's batch of its hosts (the
 * Shadowserver-compatible CSV in an X-ARF-style mail), and to each subscriber the attribution finds, through the ISP's
 * template, unless the subscriber opted out. One notice per recipient, kind, day and subject, ever: a report
 * imported twice sends nothing twice. Hosts that cannot be attributed are listed with the reason instead.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final int KEPT_UNATTRIBUTED = 200;

    /** A host no notice went to, and why (no ISP, no lease, opted out, no contact ...). */
    public record NotNotified(String address, String time, String reason) {
    }

    private final Outbox outbox;
    private final InternetAddress from;
    private final SubscriberNotice template;
    private final Map<String, IspContact> ispContacts;
    private final Map<String, String> subscriberContacts; // "isp\nsubscriber" -> e-mail
    private final String publicUrl;
    private final RdapClient rdap; // null: site administrators are not told
    private final java.util.Set<String> sitesDone = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Deque<NotNotified> notNotified = new ArrayDeque<>();
    private AutoCloseable schedule;

    /**
     * Where an ISP's reports go and in which forms: {@code daily} (the day's CSV in one mail), {@code xarf} and
     * {@code arf} (one report per infected address), joined with '+'; the default is daily.
     */
    record IspContact(String email, java.util.Set<String> formats) {
        static final java.util.Set<String> KNOWN = java.util.Set.of("daily", "xarf", "arf");
    }

    Notifications(Outbox outbox, InternetAddress from, SubscriberNotice template, Map<String, IspContact> ispContacts,
                  Map<String, String> subscriberContacts, String publicUrl, RdapClient rdap) {
        this.rdap = rdap;
        this.outbox = outbox;
        this.from = from;
        this.template = template;
        this.ispContacts = Map.copyOf(ispContacts);
        this.subscriberContacts = Map.copyOf(subscriberContacts);
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** From the settings, or null when no SMTP server is configured (no notifications). */
    static Notifications from(NotificationSettings settings, OutboxStore store, Clock clock) {
        if (settings.smtp().isEmpty()) {
            return null;
        }
        try {
            InternetAddress from = new InternetAddress(settings.from(), true);
            int colon = settings.smtp().lastIndexOf(':');
            String host = colon > 0 ? settings.smtp().substring(0, colon) : settings.smtp();
            int port = colon > 0 ? Integer.parseInt(settings.smtp().substring(colon + 1)) : 25;
            SmtpSettings smtp = SmtpSettings.of(host, port, from);
            if (settings.startTls()) {
                smtp = smtp.withStartTls();
            }
            if (!settings.user().isEmpty()) {
                smtp = smtp.withLogin(settings.user(), settings.password());
            }
            SubscriberNotice template = settings.template() == null
                    ? SubscriberNotice.parse("built-in notice", builtInTemplate())
                    : SubscriberNotice.load(settings.template());
            return new Notifications(new Outbox(smtp, RetryPolicy.defaults(), store, clock), from, template,
                    readIspContacts(settings.ispContacts()), readSubscriberContacts(settings.subscriberContacts()),
                    settings.publicUrl(), settings.rdap() == null ? null
                    : new RdapClient(RdapServers.single(settings.rdap()), Duration.ofSeconds(10)));
        } catch (AddressException e) {
            throw new IllegalArgumentException("active.smtp-from: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("active.smtp: expected host:port, got '" + settings.smtp() + "'", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("active notifications: " + e.getMessage(), e);
        }
    }

    /** What {@link #from} needs, read from the configuration by {@link ActiveSettings}. */
    record NotificationSettings(String smtp, String from, boolean startTls, String user, String password,
                                Path ispContacts, Path subscriberContacts, Path template, String publicUrl,
                                java.net.URI rdap) {
    }

    private static String builtInTemplate() throws IOException {
        try (var in = Notifications.class.getResourceAsStream("/active/subscriber-notice.txt")) {
            if (in == null) {
                throw new IOException("the built-in notice template is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    void schedule(ScheduledExecutorService scheduler) {
        schedule = outbox.schedule(scheduler, Duration.ofSeconds(30));
    }

    /** Sends what is due now (the schedule does this every 30 s). */
    List<OutboxEntry> deliverDue() {
        return outbox.deliverDue();
    }

    List<OutboxEntry> recent(int limit) {
        return outbox.recent(limit);
    }

    List<NotNotified> notNotified() {
        synchronized (notNotified) {
            return List.copyOf(notNotified);
        }
    }

    /**
     * Queues the notices for the infected hosts of one sinkhole report.
     *
     * @param ispOf       the ISP of an address (the ISP table)
     * @param attribution the subscriber of an address at a time and port
     * @param consentOf   the subscriber's consent
     * @param optOutPath  the path of the subscriber's opt-out page
     */
    void infections(List<BlockEvent> events, String source, java.util.function.Function<org.kizashi.core.net.IpAddress,
                    java.util.Optional<String>> ispOf,
                    AttributionLookup attribution, java.util.function.BiFunction<String, String, ConsentStatus> consentOf,
                    java.util.function.BiFunction<String, String, String> optOutPath) {
        Map<String, Map<LocalDate, List<BlockEvent>>> byIsp = new LinkedHashMap<>();
        for (BlockEvent event : events) {
            java.util.Optional<String> isp = ispOf.apply(event.client());
            if (isp.isEmpty()) {
                skip(event, "no ISP holds this address (active.isp-table)");
                continue;
            }
            if (notifySubscriber(event, attribution, consentOf, optOutPath)) {
                // An opted-out subscriber is not reported to the ISP either: the ISP would alert them.
                byIsp.computeIfAbsent(isp.get(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(event.time().atZone(ZoneOffset.UTC).toLocalDate(), k -> new ArrayList<>())
                        .add(event);
            }
        }
        byIsp.forEach((isp, days) -> days.forEach((day, dayEvents) -> batch(isp, day, dayEvents, source)));
    }

    /** The subscriber behind an address, as {@link org.kizashi.active.subscriber.SubscriberResolver} decides. */
    interface AttributionLookup {
        Attribution resolve(org.kizashi.core.net.IpAddress address, java.time.Instant time, OptionalInt port);
    }

    private void batch(String isp, LocalDate day, List<BlockEvent> events, String source) {
        IspContact contact = ispContacts.get(isp);
        if (contact == null) {
            events.forEach(e -> skip(e, "no contact for ISP " + isp + " (active.isp-contacts)"));
            return;
        }
        try {
            IspBatch batch = IspBatch.of(isp, day, events);
            InternetAddress to = new InternetAddress(contact.email(), true);
            if (contact.formats().contains("daily")) {
                outbox.enqueue(new NotificationKey(contact.email(), "isp-batch", day, source),
                        batch.dailyReport(from, to));
            }
            if (contact.formats().contains("xarf")) {
                for (var report : batch.xarfReports(from, to).entrySet()) {
                    outbox.enqueue(new NotificationKey(contact.email(), "isp-xarf", day, report.getKey().toString()),
                            report.getValue());
                }
            }
            if (contact.formats().contains("arf")) {
                for (var report : batch.arfReports(from, to).entrySet()) {
                    outbox.enqueue(new NotificationKey(contact.email(), "isp-arf", day, report.getKey().toString()),
                            report.getValue());
                }
            }
        } catch (MessagingException | IllegalArgumentException e) {
            LOG.warn("ACTIVE: the batch for {} of {} was not queued: {}", isp, day, e.getMessage());
            events.forEach(ev -> skip(ev, "the ISP batch could not be made: " + e.getMessage()));
        }
    }

    /** Queues the subscriber's notice when the host can be attributed; false when the subscriber opted out. */
    private boolean notifySubscriber(BlockEvent event, AttributionLookup attribution,
                                  java.util.function.BiFunction<String, String, ConsentStatus> consentOf,
                                  java.util.function.BiFunction<String, String, String> optOutPath) {
        OptionalInt port = event.sinkhole().map(s -> s.sourcePort() > 0 ? OptionalInt.of(s.sourcePort())
                : OptionalInt.empty()).orElse(OptionalInt.empty());
        Attribution found = attribution.resolve(event.client(), event.time(), port);
        if (!(found instanceof Attribution.Found subscriber)) {
            skip(event, found.explanation());
            return true;
        }
        String isp = subscriber.isp().isp();
        if (consentOf.apply(isp, subscriber.subscriber()) == ConsentStatus.OPTED_OUT) {
            skip(event, subscriber.subscriber() + " opted out: no notice, not in the ISP's batch");
            return false;
        }
        String contact = subscriberContacts.get(isp + "\n" + subscriber.subscriber());
        if (contact == null) {
            skip(event, "no e-mail address for " + subscriber.subscriber() + " (active.subscriber-contacts)");
            return true;
        }
        String family = event.sinkhole().map(s -> s.family().isEmpty() ? s.infection() : s.family()).orElse("");
        NoticeFacts facts = new NoticeFacts(subscriber.subscriber(), event.client(), event.time(),
                family.isEmpty() ? "?" : family, isp, publicUrl + optOutPath.apply(isp, subscriber.subscriber()));
        try {
            outbox.enqueue(new NotificationKey(contact, "subscriber",
                    event.time().atZone(SubscriberNotice.DEFAULT_ZONE).toLocalDate(), isp + "/"
                    + subscriber.subscriber()), template.render(facts, from, new InternetAddress(contact, true)));
        } catch (MessagingException | IllegalArgumentException e) {
            skip(event, "the notice could not be made: " + e.getMessage());
        }
        return true;
    }

    /**
     * Tells the administrators of malware-distribution sites (URL entries) at their abuse contact, found through
     * RDAP: the host's domain and its parents, or the address. One notice per host and first-seen day, ever.
     */
    void malwareSites(List<org.kizashi.core.active.ListEntry> urlEntries) {
        if (rdap == null) {
            return;
        }
        Map<String, List<org.kizashi.core.active.ListEntry>> byHost = new LinkedHashMap<>();
        for (org.kizashi.core.active.ListEntry entry : urlEntries) {
            String expression = entry.trigger().value();
            int slash = expression.indexOf('/');
            String host = slash < 0 ? expression : expression.substring(0, slash);
            if (!sitesDone.contains(host)) {
                byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(entry);
            }
        }
        byHost.forEach((host, entries) -> {
            org.kizashi.active.notify.AbuseLookup lookup = abuseContact(host);
            sitesDone.add(host);
            if (!lookup.found()) {
                LOG.info("ACTIVE: no abuse contact for {}: {}", host, lookup.explanation());
                synchronized (notNotified) {
                    notNotified.addFirst(new NotNotified(host, "", lookup.explanation()));
                }
                return;
            }
            String contact = lookup.contact().orElseThrow().email();
            org.kizashi.core.active.ListEntry first = entries.get(0);
            try {
                outbox.enqueue(new NotificationKey(contact, "site", first.firstSeen().atZone(ZoneOffset.UTC)
                        .toLocalDate(), host), siteNotice(host, entries, contact));
            } catch (MessagingException | IllegalArgumentException e) {
                LOG.warn("ACTIVE: the notice to {} for {} was not queued: {}", contact, host, e.getMessage());
            }
        });
    }

    private org.kizashi.active.notify.AbuseLookup abuseContact(String host) {
        if (host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            try {
                return rdap.forAddress(org.kizashi.core.net.IpAddress.parse(host));
            } catch (IllegalArgumentException e) {
                return rdap.forDomain(host);
            }
        }
        // The host's own name first, then its parents down to two labels: RDAP knows registered domains.
        String name = host;
        org.kizashi.active.notify.AbuseLookup lookup = rdap.forDomain(name);
        while (!lookup.found() && name.indexOf('.') != name.lastIndexOf('.')) {
            name = name.substring(name.indexOf('.') + 1);
            lookup = rdap.forDomain(name);
        }
        return lookup;
    }

    private jakarta.mail.internet.MimeMessage siteNotice(String host, List<org.kizashi.core.active.ListEntry> entries,
                                                         String contact) throws MessagingException {
        StringBuilder urls = new StringBuilder();
        for (org.kizashi.core.active.ListEntry e : entries) {
            urls.append("  http://").append(e.trigger().value()).append("  (").append(e.reason().isBlank()
                    ? e.source() : e.reason()).append(", first seen ").append(e.firstSeen()).append(")\n");
        }
        jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(
                (jakarta.mail.Session) null);
        message.setFrom(from);
        message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(contact, true));
        message.setSubject("【ACTIVE】マルウェア配布の可能性がある URL のお知らせ / Malware distribution at " + host,
                "UTF-8");
        message.setText("""
                ご担当者さま

                貴組織が管理する %1$s で、マルウェアの配布に使われているとして共有された URL があります。
                内容を確認し、改ざんの有無の調査とファイルの削除などの対応をお願いします。

                To the administrator of %1$s,

                The URLs below on %1$s were shared as distributing malware. Please check the site for a compromise
                and remove the files.

                %2$s
                -- ACTIVE (Kizashi)
                """.formatted(host, urls), "UTF-8");
        message.setSentDate(new java.util.Date());
        return message;
    }

    private void skip(BlockEvent event, String reason) {
        synchronized (notNotified) {
            notNotified.addFirst(new NotNotified(event.client().toString(), event.time().toString(), reason));
            while (notNotified.size() > KEPT_UNATTRIBUTED) {
                notNotified.removeLast();
            }
        }
    }

    /** CSV {@code isp,email[,format]}; format: daily, xarf or arf, joined with '+' (default daily). */
    private static Map<String, IspContact> readIspContacts(Path file) throws IOException {
        Map<String, IspContact> contacts = new HashMap<>();
        if (file != null) {
            read(file, List.of("isp", "email"), row -> {
                java.util.Set<String> formats = new java.util.TreeSet<>(List.of(
                        (row.text("format").isEmpty() ? "daily" : row.text("format").toLowerCase(java.util.Locale.ROOT))
                                .split("\\+")));
                if (!IspContact.KNOWN.containsAll(formats)) {
                    throw new IllegalArgumentException("format '" + row.text("format")
                            + "': expected daily, xarf or arf, joined with '+'");
                }
                contacts.put(row.text("isp"), new IspContact(row.text("email"), formats));
                return row;
            });
        }
        return contacts;
    }

    private static Map<String, String> readSubscriberContacts(Path file) throws IOException {
        Map<String, String> contacts = new HashMap<>();
        if (file != null) {
            read(file, List.of("isp", "subscriber", "email"), row -> {
                contacts.put(row.text("isp") + "\n" + row.text("subscriber"), row.text("email"));
                return row;
            });
        }
        return contacts;
    }

    /** Reads a contacts CSV; a row {@code rows} rejects (IllegalArgumentException) is a problem with its line. */
    private static void read(Path file, List<String> columns,
                             java.util.function.Function<ShadowserverCsv.Row, ShadowserverCsv.Row> rows)
            throws IOException {
        List<LineProblem> problems = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ShadowserverCsv.read(in, file.toString(), columns, rows, row -> { }, problems::add);
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.get(0).toString() + (problems.size() > 1 ? " (and "
                    + (problems.size() - 1) + " more)" : ""));
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            try {
                schedule.close();
            } catch (Exception e) {
                LOG.debug("closing the outbox schedule: {}", e.getMessage());
            }
        }
    }
}

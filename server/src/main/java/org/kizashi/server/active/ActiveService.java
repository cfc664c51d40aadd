package org.kizashi.server.active;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kizashi.active.dns.DnsPrimary;
import org.kizashi.active.dns.PeerEvent;
import org.kizashi.active.dns.ZoneHistory;
import org.kizashi.active.hits.BlockEvent;
import org.kizashi.active.LineProblem;
import org.kizashi.active.list.ListFileReader;
import org.kizashi.active.list.ListImport;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.active.url.UrlList;
import org.kizashi.core.active.BlockTally;
import org.kizashi.core.active.BlockTallyRepository;
import org.kizashi.core.active.ConsentChange;
import org.kizashi.core.active.ConsentChannel;
import org.kizashi.core.active.ConsentRepository;
import org.kizashi.core.active.ConsentStatus;
import org.kizashi.core.active.ListEntry;
import org.kizashi.core.active.OpenResolverRepository;
import org.kizashi.core.active.OpenResolverSighting;
import org.kizashi.core.active.OutboxEntry;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.active.Trigger;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response capability at run time: gathers the block entries (sharing-hub indicators, list files), publishes
 * them as the policy zone that resolvers transfer from the DNS primary, answers URL and name checks in process, and
 * counts the blocks the warning page sees. A source that fails to load keeps its last good entries: a broken feed
 * never empties the published zone.
 */
public final class ActiveService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveService.class);
    private static final int KEPT_HITS = 200;
    private static final int KEPT_PROBLEMS = 200;

    private final ActiveSettings settings;
    private final Clock clock;
    private final HubIndicators hub;
    private final ObjectMapper json;
    private final ConsentRepository consent;
    private final Subscribers subscribers;
    private final OptOutLinks links;
    private final Notifications notifications; // null without active.smtp
    // RDAP lookups can take seconds each: never on the thread that publishes the zones.
    private final java.util.concurrent.ExecutorService siteNotices = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kizashi-active-site-notices");
        t.setDaemon(true);
        return t;
    });
    private List<Long> optOutIds = List.of();
    private final ZoneHistory blocks;
    private final ZoneHistory optOuts;
    private final DnsPrimary primary; // null when DNS is not served
    private static final java.time.ZoneId JAPAN = java.time.ZoneId.of("Asia/Tokyo");
    private static final String UNKNOWN_ISP = "(unknown)";
    private final BlockTallyRepository tallies;
    private final OpenResolverRepository openResolvers;
    private final Deque<BlockEvent> recentHits = new ArrayDeque<>();
    private final Map<Path, ListState> lists = new LinkedHashMap<>();
    private final ScheduledExecutorService refresher;
    private long hubFingerprint = Long.MIN_VALUE;
    private List<ListEntry> hubEntries = List.of();
    private volatile Lookup lookup = new Lookup(PolicySet.empty(), UrlList.builder().build(), List.of());
    private volatile Instant lastRefresh;

    /** What a list file gave the last time it was read successfully, and its problems. */
    private static final class ListState {
        long modified = Long.MIN_VALUE;
        long size = -1;
        List<ListEntry> entries = List.of();
        List<LineProblem> problems = List.of();
        String failure = "";
    }

    /** The in-process view of the published entries: names and addresses, URLs (with their entries). */
    private record Lookup(PolicySet policies, UrlList urls, List<ListEntry> urlEntries) {
    }

    /** How a URL or name stands: blocked or not, and by which entry. */
    public record Verdict(boolean blocked, String matched, String kind, String action, String source, String reason) {
        static Verdict clear() {
            return new Verdict(false, "", "", "", "", "");
        }
    }

    public ActiveService(ActiveSettings settings, Database database, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.hub = new HubIndicators(database, settings.hubLevel(), json);
        this.json = json;
        this.consent = database.consent();
        this.tallies = database.blockTallies();
        this.openResolvers = database.openResolvers();
        this.subscribers = new Subscribers(settings);
        this.links = new OptOutLinks(settings.optOutSecret());
        try {
            this.notifications = Notifications.from(settings.notifications(), database.outbox(), clock);
        } catch (IllegalArgumentException e) {
            throw new org.kizashi.server.config.ConfigurationException(e.getMessage());
        }
        for (Path list : settings.lists()) {
            lists.put(list, new ListState());
        }
        this.blocks = new ZoneHistory(RpzZone.Settings.of(settings.zone(), settings.warningHost()), PolicySet.empty(),
                clock);
        this.optOuts = new ZoneHistory(RpzZone.Settings.of(settings.optOutZone(), null), PolicySet.empty(), clock);
        refresh();
        if (settings.serveDns()) {
            primary = new DnsPrimary(settings.dnsAddress(), settings.access(), settings.secondaries(), clock);
            primary.serve(blocks);
            primary.serve(optOuts);
            try {
                primary.start();
            } catch (IOException e) {
                throw new IllegalStateException("active.dns-port: " + e.getMessage(), e);
            }
        } else {
            primary = null;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kizashi-active-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = settings.refresh().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warn("ACTIVE: refresh failed, the published zone stays as it was: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        if (notifications != null) {
            notifications.schedule(refresher);
        }
    }

    public ActiveSettings settings() {
        return settings;
    }

    /** The action of entries from the hub and the list files: the walled garden when a warning host is set. */
    public PolicyAction defaultAction() {
        return settings.warningHost() == null ? PolicyAction.NXDOMAIN : PolicyAction.WALLED_GARDEN;
    }

    /** Re-reads what changed (hub, list files) and publishes a new zone version if the entries changed. */
    public synchronized void refresh() {
        Instant now = clock.instant();
        boolean changed = false;
        long fingerprint = hub.fingerprint();
        if (fingerprint != hubFingerprint) {
            hubEntries = hub.entries(defaultAction(), now);
            hubFingerprint = fingerprint;
            changed = true;
        }
        for (Map.Entry<Path, ListState> list : lists.entrySet()) {
            changed |= reread(list.getKey(), list.getValue(), now);
        }
        changed |= subscribers.refresh(now);
        List<Long> optedOut = consent.optedOut().stream().map(ConsentChange::id).toList();
        if (!optedOut.equals(optOutIds)) {
            optOutIds = optedOut;
            changed = true;
        }
        if (changed || lastRefresh == null) {
            publish(now);
        }
        lastRefresh = now;
    }

    private boolean reread(Path file, ListState state, Instant now) {
        long modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file).toMillis();
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return fail(file, state, "no such file; its last good entries stay published");
        } catch (IOException e) {
            return fail(file, state, e.getMessage() + "; its last good entries stay published");
        }
        if (modified == state.modified && size == state.size) {
            return false;
        }
        List<ListEntry> entries = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        String source = "list:" + file.getFileName();
        try {
            if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
                // A STIX 2.1 bundle: read whole; a bundle that is not JSON keeps the last good entries.
                entries.addAll(HubIndicators.ofBundle(json.readTree(file.toFile()), defaultAction(), source, now));
            } else {
                ListFileReader.read(file, new ListFileReader.Options(defaultAction(), source, "", now, null),
                        (entry, line) -> entries.add(entry), problem -> {
                            if (problems.size() < KEPT_PROBLEMS) {
                                problems.add(problem);
                            }
                        });
            }
        } catch (IOException e) {
            return fail(file, state, e.getMessage() + "; its last good entries stay published");
        }
        state.modified = modified;
        state.size = size;
        state.entries = List.copyOf(entries);
        state.problems = List.copyOf(problems);
        state.failure = "";
        if (!problems.isEmpty()) {
            LOG.warn("ACTIVE: {} has {} unusable line(s), first: {}", file, problems.size(), problems.get(0));
        }
        return true;
    }

    private static boolean fail(Path file, ListState state, String message) {
        if (!message.equals(state.failure)) {
            LOG.warn("ACTIVE: {}: {}", file, message);
        }
        state.failure = message;
        return false;
    }

    private void publish(Instant now) {
        ListImport imported = new ListImport(settings.zone());
        List<LineProblem> problems = new ArrayList<>();
        for (ListEntry entry : hubEntries) {
            imported.add("hub", 0, entry, problems::add);
        }
        for (Map.Entry<Path, ListState> list : lists.entrySet()) {
            for (ListEntry entry : list.getValue().entries) {
                imported.add(list.getKey().toString(), 0, entry, problems::add);
            }
        }
        PolicySet policies = imported.policies().build();
        UrlList.Builder urls = UrlList.builder();
        List<ListEntry> urlEntries = new ArrayList<>();
        for (ListImport.Located located : imported.urls()) {
            if (located.entry().activeAt(now)) {
                urls.add(located.entry().trigger().value(), urlEntries.size());
                urlEntries.add(located.entry());
            }
        }
        publishOptOuts(now);
        ZoneHistory.Publication publication = blocks.publish(policies);
        if (!publication.validation().valid()) {
            LOG.error("ACTIVE: the new zone failed validation and was not published: {}",
                    publication.validation().problems());
            return;
        }
        lookup = new Lookup(policies, urls.build(), List.copyOf(urlEntries));
        if (notifications != null && !urlEntries.isEmpty()) {
            List<ListEntry> sites = List.copyOf(urlEntries);
            siteNotices.submit(() -> notifications.malwareSites(sites));
        }
        if (publication.published()) {
            LOG.info("ACTIVE: published {} serial {} with {} entries (+{} -{})", settings.zone(), publication.serial(),
                    policies.size(), publication.added(), publication.removed());
            if (primary != null) {
                primary.notifySecondaries(settings.zone());
            }
        }
    }

    /**
     * The opt-out zone: a client-IP passthru for every address an opted-out subscriber holds now. Published before
     * the blocks, so that an opt-out never waits for a block list.
     */
    private void publishOptOuts(Instant now) {
        PolicySet.Builder passthru = PolicySet.builder();
        for (ConsentChange change : consent.optedOut()) {
            for (IpPrefix prefix : subscribers.addressesOf(change.isp(), change.subscriber(), now)) {
                passthru.add(Trigger.clientIp(prefix), PolicyAction.PASSTHRU, "consent:" + change.isp(),
                        "opted out: " + change.subscriber(), change.at(), now, null);
            }
        }
        ZoneHistory.Publication publication = optOuts.publish(passthru.build());
        if (publication.published()) {
            LOG.info("ACTIVE: published {} serial {} with {} opted-out address(es)", settings.optOutZone(),
                    publication.serial(), passthru.size());
            if (primary != null) {
                primary.notifySecondaries(settings.optOutZone());
            }
        }
    }

    /**
     * Records a change of a subscriber's consent and publishes the opt-out zone at once: from this moment the
     * subscriber is neither blocked nor notified.
     */
    public ConsentChange changeConsent(String isp, String subscriber, ConsentStatus status, ConsentChannel channel,
                                       String changedBy, String note) {
        ConsentChange change = consent.record(isp, subscriber, status, channel, changedBy, note);
        refresh();
        return change;
    }

    /** The subscriber's consent now: the latest change, or opted in by the contract terms when there is none. */
    public ConsentStatus consentOf(String isp, String subscriber) {
        return consent.current(isp, subscriber).map(ConsentChange::status).orElse(ConsentStatus.OPTED_IN);
    }

    public List<ConsentChange> optedOut() {
        return consent.optedOut();
    }

    /** The path of the subscriber's personal opt-out page (for notices): /optout/TOKEN. */
    public String optOutPath(String isp, String subscriber) {
        return "/optout/" + links.token(isp, subscriber);
    }

    /** The subscriber a personal opt-out token stands for, or empty when it was not made here. */
    public Optional<OptOutLinks.Holder> optOutHolder(String token) {
        return links.holder(token);
    }

    /** The addresses the subscriber holds now, as the lease records say. */
    public List<IpPrefix> addressesOf(String isp, String subscriber) {
        return subscribers.addressesOf(isp, subscriber, clock.instant());
    }

    /** The verdict on a URL for a proxy: a listed URL expression, else its host's name entry. */
    public Verdict checkUrl(String url) {
        Lookup current = lookup;
        Optional<UrlList.Match> match = current.urls().match(url);
        if (match.isPresent()) {
            ListEntry entry = current.urlEntries().get(match.get().entryId());
            return verdict(match.get().expression(), entry);
        }
        String host = org.kizashi.active.url.SafeBrowsingUrls.canonicalHost(url);
        return checkName(host);
    }

    /** The verdict on a host name, as the policy zone decides it. */
    public Verdict checkName(String name) {
        PolicySet policies = lookup.policies();
        int id = policies.lookupName(name);
        if (id == PolicySet.NO_MATCH) {
            return Verdict.clear();
        }
        return verdict(policies.trigger(id).toString(), policies.entry(id));
    }

    private static Verdict verdict(String matched, ListEntry entry) {
        return new Verdict(true, matched, entry.trigger().kind().name().toLowerCase(java.util.Locale.ROOT),
                entry.action().label(), entry.source(), entry.reason());
    }

    /** Records that the warning page was shown to {@code client} for {@code host}; returns the verdict shown. */
    public Verdict warningShown(IpAddress client, String host) {
        Verdict verdict = checkName(host);
        BlockEvent event = BlockEvent.resolver(clock.instant(), client, host, verdict.blocked() ? verdict.source() : "",
                "walled-garden", BlockEvent.Origin.WARNING_PAGE, verdict.matched());
        tally(List.of(event));
        synchronized (recentHits) {
            recentHits.addFirst(event);
            while (recentHits.size() > KEPT_HITS) {
                recentHits.removeLast();
            }
        }
        return verdict;
    }

    /** A resolver log or sinkhole report format that {@link #importLog} reads. */
    public enum LogFormat {
        UNBOUND, BIND, SINKHOLE, SCAN_DNS;

        public static LogFormat parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown format '" + text
                        + "' (expected unbound, bind, sinkhole or scan_dns)");
            }
        }
    }

    /** What an import gave: lines read, events, the blocks counted, and the unusable lines (file:line: why). */
    public record ImportSummary(String source, long lines, long events, long blocks, long problemCount,
                                List<String> problems) {
    }

    /**
     * Counts the blocks of a resolver log (Unbound {@code rpz: applied}, BIND {@code rpz ... rewrite}) or a
     * Shadowserver sinkhole report. Unusable lines are listed and skipped; the blocks of the others are kept.
     */
    public ImportSummary importLog(LogFormat format, String source, java.io.Reader in) throws IOException {
        if (format == LogFormat.SCAN_DNS) {
            return importOpenResolvers(source, in);
        }
        List<BlockEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long[] problemCount = {0};
        java.util.function.Consumer<org.kizashi.active.LineProblem> problem = p -> {
            problemCount[0]++;
            if (problems.size() < KEPT_PROBLEMS) {
                problems.add(p.toString());
            }
        };
        org.kizashi.active.hits.ParseSummary parsed = switch (format) {
            case UNBOUND -> new org.kizashi.active.hits.UnboundRpzLogParser(settings.zone().toString(true))
                    .parse(in, source, events::add, problem);
            case BIND -> new org.kizashi.active.hits.BindRpzLogParser(List.of(settings.zone().toString(true),
                    settings.optOutZone().toString(true))).parse(in, source, events::add, problem);
            case SINKHOLE -> new org.kizashi.active.hits.SinkholeCsvParser().parse(in, source, events::add, problem);
            case SCAN_DNS -> throw new IllegalStateException("scan_dns reports are read by importOpenResolvers");
        };
        long blocks = tally(events);
        if (format == LogFormat.SINKHOLE && notifications != null) {
            notifications.infections(events, source, subscribers::ispOf,
                    (address, time, port) -> subscribers.resolver().resolve(address, time, port), this::consentOf,
                    this::optOutPath);
        }
        return new ImportSummary(source, parsed.lines(), events.size(), blocks, problemCount[0],
                List.copyOf(problems));
    }

    /**
     * Keeps the subscribers' addresses a Shadowserver scan_dns report saw answering DNS (IP53B). Addresses in no ISP's
     * ranges are listed as problems: they are no subscriber's.
     */
    private synchronized ImportSummary importOpenResolvers(String source, java.io.Reader in) throws IOException {
        List<OpenResolverSighting> sightings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long[] problemCount = {0};
        java.util.function.Consumer<String> problem = p -> {
            problemCount[0]++;
            if (problems.size() < KEPT_PROBLEMS) {
                problems.add(p);
            }
        };
        long[] seen = {0};
        org.kizashi.active.hits.ParseSummary parsed = new org.kizashi.active.ip53b.OpenResolverReportParser().parse(in,
                source, resolver -> {
                    seen[0]++;
                    Optional<String> isp = subscribers.ispOf(resolver.ip());
                    if (isp.isEmpty()) {
                        problem.accept(source + ": " + resolver.ip() + " is in no ISP's ranges (active.isp-table)");
                        return;
                    }
                    sightings.add(new OpenResolverSighting(resolver.ip(), isp.get(), resolver.time(),
                            resolver.time()));
                }, p -> problem.accept(p.toString()));
        openResolvers.add(sightings);
        return new ImportSummary(source, parsed.lines(), seen[0], sightings.size(), problemCount[0],
                List.copyOf(problems));
    }

    /** Open resolvers per ISP (IP53B). */
    public Map<String, Long> openResolverCounts() {
        return openResolvers.countsByIsp();
    }

    /**
     * The nftables rules that block inbound DNS to an ISP's subscribers: to all its ranges, or only to the addresses
     * seen answering (IP53B).
     */
    public String ip53bRules(String isp, org.kizashi.active.ip53b.Ip53bRules.Scope scope) {
        List<IpPrefix> ranges = subscribers.prefixesOf(isp);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no ranges of ISP '" + isp + "' in the ISP table (active.isp-table)");
        }
        java.util.Set<IpAddress> answering = new java.util.TreeSet<>();
        openResolvers.ofIsp(isp).forEach(s -> answering.add(s.address()));
        return org.kizashi.active.ip53b.Ip53bRules.nftables(List.of(new org.kizashi.active.ip53b.IspNetworks(isp,
                ranges, answering)), scope, clock.instant());
    }

    /** The ISPs of the ISP table. */
    public java.util.SortedSet<String> isps() {
        return subscribers.ispNames();
    }

    /**
     * Adds the blocks among {@code events} to the counts, per day (Japan time), list, ISP and origin. The list of a
     * resolver's block is the source of the entry that matched (hub:..., list:...) when it is still listed.
     */
    private synchronized long tally(List<BlockEvent> events) {
        Map<BlockTally, Long> sums = new LinkedHashMap<>();
        long blocks = 0;
        for (BlockEvent event : events) {
            if (!event.isBlock()) {
                continue;
            }
            String list = event.list();
            if (event.origin() != BlockEvent.Origin.SINKHOLE && !event.queryName().isEmpty()) {
                Verdict verdict = checkName(event.queryName());
                if (verdict.blocked()) {
                    list = verdict.source();
                }
            }
            String isp = subscribers.ispOf(event.client()).orElse(UNKNOWN_ISP);
            BlockTally key = new BlockTally(event.time().atZone(JAPAN).toLocalDate(), list.isEmpty() ? "?" : list,
                    isp, event.origin().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), 0);
            sums.merge(key, event.count(), Long::sum);
            blocks += event.count();
        }
        List<BlockTally> rows = new ArrayList<>();
        sums.forEach((key, count) -> rows.add(new BlockTally(key.day(), key.list(), key.isp(), key.origin(), count)));
        tallies.add(rows);
        return blocks;
    }

    /** The counts the response page shows: the total, the last 30 days, and the lists and ISPs of those days. */
    public record Counts(long total, java.util.SortedMap<java.time.LocalDate, Long> perDay, Map<String, Long> perList,
                         Map<String, Long> perIsp) {
    }

    public Counts counts() {
        java.time.LocalDate today = clock.instant().atZone(JAPAN).toLocalDate();
        java.util.SortedMap<java.time.LocalDate, Long> perDay = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        Map<String, Long> perList = new java.util.TreeMap<>();
        Map<String, Long> perIsp = new java.util.TreeMap<>();
        for (BlockTally t : tallies.between(today.minusDays(29), today)) {
            perDay.merge(t.day(), t.count(), Long::sum);
            perList.merge(t.list(), t.count(), Long::sum);
            perIsp.merge(t.isp(), t.count(), Long::sum);
        }
        return new Counts(tallies.total(), perDay, perList, perIsp);
    }

    /** Who held {@code address} at {@code time} (and source port, behind CGNAT), or why the records cannot say. */
    public org.kizashi.active.subscriber.Attribution attribute(IpAddress address, Instant time,
                                                               java.util.OptionalInt port) {
        return subscribers.resolver().resolve(address, time, port);
    }

    /** Sends the notifications that are due now (a schedule does it every 30 s); empty without SMTP. */
    public List<OutboxEntry> deliverNotifications() {
        return notifications == null ? List.of() : notifications.deliverDue();
    }

    /** The latest notifications and their delivery status, newest first. */
    public List<OutboxEntry> recentNotifications(int limit) {
        return notifications == null ? List.of() : notifications.recent(limit);
    }

    /** The infected hosts no notice went to, and why; newest first. */
    public List<Notifications.NotNotified> notNotified() {
        return notifications == null ? List.of() : notifications.notNotified();
    }

    public boolean notifies() {
        return notifications != null;
    }

    /** What the response page shows. */
    public record Status(String zone, long serial, int entries, Map<String, Long> entriesBySource, int urlEntries,
                         String optOutZone, long optOutSerial, int optOutAddresses, String dns,
                         List<PeerEvent> peerEvents, List<ListStatus> lists, Counts counts,
                         List<BlockEvent> recentHits, List<String> subscriberProblems, Instant lastRefresh) {
    }

    /** One list file: entries, unusable lines, and why it could not be read (empty when it could). */
    public record ListStatus(String file, int entries, List<LineProblem> problems, String failure) {
    }

    public Status status() {
        Lookup current = lookup;
        Map<String, Long> bySource = new java.util.TreeMap<>();
        PolicySet policies = current.policies();
        for (int id = 0; id < policies.size(); id++) {
            bySource.merge(policies.source(id), 1L, Long::sum);
        }
        List<ListStatus> listStatus = new ArrayList<>();
        synchronized (this) {
            lists.forEach((file, state) -> listStatus.add(new ListStatus(file.toString(), state.entries.size(),
                    state.problems, state.failure)));
        }
        List<BlockEvent> hits;
        synchronized (recentHits) {
            hits = List.copyOf(recentHits);
        }
        return new Status(settings.zone().toString(), blocks.current().serial(), policies.size(), bySource,
                current.urlEntries().size(), settings.optOutZone().toString(), optOuts.current().serial(),
                optOuts.current().policies().size(),
                primary == null ? "" : primary.address().getAddress().getHostAddress() + "#"
                        + primary.address().getPort(),
                primary == null ? List.of() : primary.events(), listStatus, counts(), hits, subscribers.problems(),
                lastRefresh);
    }

    /** Where DNS is served (empty when it is not). */
    public Optional<java.net.InetSocketAddress> dnsAddress() {
        return primary == null ? Optional.empty() : Optional.of(primary.address());
    }

    @Override
    public void close() {
        if (notifications != null) {
            notifications.close();
        }
        siteNotices.shutdownNow();
        refresher.shutdownNow();
        if (primary != null) {
            primary.close();
        }
    }
}

package org.kizashi.server.telescope;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.aggregate.DarknetAggregatorConfig;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.aggregate.Resolution;
import org.kizashi.aggregate.SeriesKey;
import org.kizashi.core.Transactions;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.OrganisationRepository;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.NetworkRepository;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.Protocols;
import org.kizashi.core.telescope.TelescopeAggregateRepository;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.core.telescope.TelescopeAlertRepository;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.report.LiveSample;
import org.kizashi.telescope.report.SensorReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telescope inside the platform: receives sensors' reports, keeps the merged aggregates per sensor and UTC day
 * (in memory for the last {@code days-in-memory} days, in the database for good), stores alerts (DAEDALUS alerts
 * linked to the organisation that registered the host's range), feeds the live view, and answers the views.
 *
 * <p>A report's aggregate goes into the partition of its sensor and the UTC day its period starts in. The views never
 * rely on that choice: they select the partitions whose data overlaps the time asked for and read the buckets of that
 * time (a report across midnight is counted in the right hours). Partitions changed since the last write are written
 * back by {@link #flush()} (every {@code flush-seconds}, and at {@link #close()}).
 *
 * <p>Thread-safe: one lock guards the accumulators (which are not thread-safe); the views are computed under it and
 * cached until the data changes.
 */
public final class TelescopeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelescopeHub.class);

    /** The ports of IoT devices whose share the yearly summary gives (NICTER's Mirai-family ports). */
    public static final List<ProtocolPort> IOT_PORTS = List.of(new ProtocolPort(Protocols.TCP, 23),
            new ProtocolPort(Protocols.TCP, 2323), new ProtocolPort(Protocols.TCP, 37215),
            new ProtocolPort(Protocols.TCP, 52869));
    /** Length of the top lists. */
    public static final int TOP = 10;
    /** Longest sensor name. */
    public static final int MAX_SENSOR_NAME = 200;
    /** Most buckets one series answer holds. */
    public static final int MAX_BUCKETS = 5_000;

    private record PartitionKey(String sensor, LocalDate day) {
    }

    /** Packets per calendar day of one partition: in total and to each of {@link #IOT_PORTS}. */
    private record DayFigures(long packets, long[] iot) {
    }

    /** What a partition contributed to each calendar day; kept for partitions no longer in memory too. */
    private record Digest(Instant first, Instant last, Map<LocalDate, DayFigures> days, Instant stored) {
    }

    /** The series of a partition, read from its summary (the per-source records are not kept). */
    private record PartitionView(long version, Instant first, Instant last,
                                 Map<Resolution, Map<SeriesKey, List<DarknetSummary.Bucket>>> series,
                                 DarknetAggregatorConfig config) {
    }

    private static final class Partition {
        final PartitionKey key;
        DarknetAccumulator accumulator;
        /** Bounds of the data, from the reports' periods or the summary: what windows it may overlap. */
        Instant first;
        Instant last;
        boolean dirty;
        long version;
        PartitionView view;

        Partition(PartitionKey key) {
            this.key = key;
        }
    }

    private record Snapshot(long version, Instant computed, TelescopeViews.Window window, TelescopeViews.Counts totals,
                            Map<String, TelescopeViews.Counts> byClass, Map<String, TelescopeViews.Counts> byTag,
                            List<TelescopeViews.TopPort> ports, List<TelescopeViews.TopCountry> countries) {
    }

    private final TelescopeAggregateRepository aggregates;
    private final TelescopeAlertRepository alerts;
    private final NetworkRepository networks;
    private final OrganisationRepository organisations;
    private final Transactions transactions;
    private final Clock clock;
    private volatile TelescopeSettings settings;
    private final LiveFeed live;
    private volatile String enrichment = "sensors";
    private volatile boolean demo;

    private final Object lock = new Object();
    private final Map<PartitionKey, Partition> partitions = new HashMap<>();
    private final Map<PartitionKey, Digest> digests = new HashMap<>();
    private final Map<String, TelescopeViews.Sensor> sensors = new TreeMap<>();
    private final Map<TelescopeViews.Window, Snapshot> snapshots = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TelescopeViews.Window, Snapshot> eldest) {
            return size() > 6;
        }
    };
    private long version;

    public TelescopeHub(TelescopeAggregateRepository aggregates, TelescopeAlertRepository alerts,
                        NetworkRepository networks, OrganisationRepository organisations, Transactions transactions,
                        TelescopeSettings settings, LiveFeed live, Clock clock) {
        this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.networks = Objects.requireNonNull(networks, "networks");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TelescopeSettings settings() {
        return settings;
    }

    /** The demo uses its own darknet when none is configured. */
    public void useDarknet(List<org.kizashi.core.net.IpPrefix> prefixes) {
        settings = settings.withDarknet(prefixes);
    }

    /**
     * Where the sources' countries come from, for the views: "sensors" (each sensor's geolocation database, the
     * default) or "demo" (the demo capture's own address blocks).
     */
    public void describeEnrichment(String text) {
        enrichment = text == null || text.isBlank() ? "sensors" : text;
    }

    /** The data shown is the demo's (start-dev --demo): the pages say so. */
    public void markDemo() {
        demo = true;
    }

    public boolean demo() {
        return demo;
    }

    public LiveFeed live() {
        return live;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private LocalDate firstDayInMemory() {
        return today().minusDays(settings.daysInMemory() - 1L);
    }

    // ------------------------------------------------------------------------------------------------------ loading

    /** Reads the aggregates of the days held in memory from the database. A corrupt one is logged and left out. */
    public void load() {
        LocalDate from = firstDayInMemory();
        Map<LocalDate, Map<String, byte[]>> stored = aggregates.load(from, today().plusDays(1));
        synchronized (lock) {
            stored.forEach((day, bySensor) -> bySensor.forEach((sensor, bytes) -> {
                PartitionKey key = new PartitionKey(sensor, day);
                Partition p = new Partition(key);
                try {
                    p.accumulator = DarknetAccumulator.fromBytes(bytes);
                } catch (IOException | RuntimeException e) {
                    LOG.error("Telescope aggregate of sensor {} on {} in the database is unreadable and is left out: {}",
                            sensor, day, e.getMessage());
                    return;
                }
                PartitionView view = view(p);
                p.first = view.first();
                p.last = view.last();
                partitions.put(key, p);
                sensors.putIfAbsent(sensor, new TelescopeViews.Sensor(sensor, null, view.last()));
            }));
            version++;
        }
        if (!stored.isEmpty()) {
            LOG.info("Telescope: read {} aggregates of {} days from the database", partitionCount(), stored.size());
        }
    }

    private int partitionCount() {
        synchronized (lock) {
            return partitions.size();
        }
    }

    // ----------------------------------------------------------------------------------------------------- ingesting

    /**
     * Takes in a sensor's report: merges its aggregate, stores its alerts (DAEDALUS alerts linked to the organisation
     * whose registered range holds the host), and, when {@code publishLive}, hands its samples to the live view.
     *
     * @throws IllegalArgumentException when the sensor name is unusable, or the aggregate cannot be merged with what is
     *                                  held for that sensor and day (configured differently)
     */
    public TelescopeViews.IngestResult ingest(SensorReport report, boolean publishLive) {
        String sensor = checkSensor(report.sensor());
        LocalDate day = LocalDate.ofInstant(report.from(), ZoneOffset.UTC);
        long packets = report.counts().darknet();
        if (packets > 0) {
            checkMergeable(sensor, day, report.aggregate());
        }
        // Alerts first: when storing them fails nothing was merged, so the sensor may send the report again.
        List<Long> ids = new ArrayList<>();
        if (!report.alerts().isEmpty()) {
            List<TelescopeAlert> linked = report.alerts().stream().map(this::link).toList();
            transactions.inTransaction(() -> {
                for (TelescopeAlert alert : linked) {
                    ids.add(alerts.save(alert));
                }
                return null;
            });
        }
        if (packets > 0) {
            merge(sensor, day, report.from(), report.to(), report.aggregate());
        }
        synchronized (lock) {
            TelescopeViews.Sensor before = sensors.get(sensor);
            Instant lastPacket = before == null || before.lastPacket() == null || report.to().isAfter(before.lastPacket())
                    ? report.to() : before.lastPacket();
            sensors.put(sensor, new TelescopeViews.Sensor(sensor, clock.instant(), packets > 0 ? lastPacket
                    : before == null ? null : before.lastPacket()));
        }
        if (publishLive) {
            publish(report.from(), report.to(), packets, false, report.samples());
        }
        return new TelescopeViews.IngestResult(sensor, day, packets, report.samples().size(), List.copyOf(ids));
    }

    /** Hands samples and the true packet count of [from, to] to the live view. */
    public void publish(Instant from, Instant to, long packets, boolean demo, List<LiveSample> samples) {
        List<LiveFeed.Sample> out = new ArrayList<>(samples.size());
        for (LiveSample s : samples) {
            out.add(toLive(s, Math.floorDiv(s.timestampMicros(), 1000)));
        }
        out.sort(Comparator.comparingLong(LiveFeed.Sample::t));
        live.publish(from.toEpochMilli(), to.toEpochMilli(), packets, demo, out);
    }

    /** A sample as the live view shows it, at time {@code millis}. */
    public static LiveFeed.Sample toLive(LiveSample s, long millis) {
        return new LiveFeed.Sample(millis, s.country(), Protocols.name(s.protocol()), s.port(),
                LiveFeed.category(s.protocol(), s.port(), s.packetClass(), s.tags()));
    }

    static String checkSensor(String sensor) {
        String s = sensor == null ? "" : sensor.strip();
        if (s.isEmpty() || s.length() > MAX_SENSOR_NAME || s.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a sensor name must be 1 to " + MAX_SENSOR_NAME
                    + " printable characters, got '" + sensor + "'");
        }
        return s;
    }

    private void checkMergeable(String sensor, LocalDate day, DarknetAccumulator aggregate) {
        synchronized (lock) {
            Partition p = find(new PartitionKey(sensor, day));
            if (p != null
                    && !p.accumulator.config().withTopN(0).equals(aggregate.config().withTopN(0))) {
                throw new IllegalArgumentException("the report's aggregate cannot be merged with what sensor '" + sensor
                        + "' reported for " + day + ": it is configured differently (" + aggregate.config()
                        + " instead of " + p.accumulator.config() + "); use the same aggregation settings on every"
                        + " sensor");
            }
        }
    }

    private void merge(String sensor, LocalDate day, Instant from, Instant to, DarknetAccumulator aggregate) {
        PartitionKey key = new PartitionKey(sensor, day);
        synchronized (lock) {
            Partition p = find(key);
            if (p == null) {
                p = new Partition(key);
                partitions.put(key, p);
            }
            if (p.accumulator == null) {
                p.accumulator = aggregate; // the report was decoded for us alone: take it over
            } else {
                try {
                    new DarknetAggregator(p.accumulator.config()).merge(p.accumulator, aggregate);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the report's aggregate cannot be merged with what sensor '"
                            + sensor + "' reported for " + day + " (configured differently: use the same"
                            + " aggregation settings on every sensor)", e);
                }
            }
            p.first = p.first == null || from.isBefore(p.first) ? from : p.first;
            p.last = p.last == null || to.isAfter(p.last) ? to : p.last;
            p.dirty = true;
            p.version++;
            version++;
        }
    }

    /** The partition of key: in memory, else read from the database (and then kept), else null. Under the lock. */
    private Partition find(PartitionKey key) {
        Partition p = partitions.get(key);
        if (p != null) {
            return p;
        }
        Optional<byte[]> stored = aggregates.get(key.sensor(), key.day()); // written back and evicted before
        if (stored.isEmpty()) {
            return null;
        }
        p = new Partition(key);
        try {
            p.accumulator = DarknetAccumulator.fromBytes(stored.get());
        } catch (IOException | RuntimeException e) {
            LOG.error("Telescope aggregate of sensor {} on {} in the database is unreadable; it is replaced by the"
                    + " new data: {}", key.sensor(), key.day(), e.getMessage());
            return null;
        }
        PartitionView view = view(p);
        p.first = view.first();
        p.last = view.last();
        partitions.put(key, p);
        return p;
    }

    /**
     * A DAEDALUS alert is linked to the organisation that registered the most specific range holding the host; when
     * none does, to no organisation (the sensor's own idea of organisations does not count here).
     */
    TelescopeAlert link(TelescopeAlert alert) {
        if (!(alert instanceof InfectedHost h)) {
            return alert;
        }
        List<OrganisationNetwork> owners = networks.containing(h.host());
        if (owners.isEmpty()) {
            return h.organisationId() == 0 ? h
                    : new InfectedHost(0, h.network(), h.host(), h.start(), h.end(), h.packets(), h.ports(), h.tags());
        }
        OrganisationNetwork owner = owners.getFirst();
        return new InfectedHost(owner.organisationId(), owner.prefix().toString(), h.host(), h.start(), h.end(),
                h.packets(), h.ports(), h.tags());
    }

    // ------------------------------------------------------------------------------------------------------ flushing

    /** Writes changed aggregates back and drops days that left the memory window. Returns how many were written. */
    public int flush() {
        Map<PartitionKey, byte[]> toWrite = new LinkedHashMap<>();
        synchronized (lock) {
            for (Partition p : partitions.values()) {
                if (p.dirty && p.accumulator != null) {
                    toWrite.put(p.key, p.accumulator.toBytes());
                    p.dirty = false;
                }
            }
        }
        int written = 0;
        for (Map.Entry<PartitionKey, byte[]> e : toWrite.entrySet()) {
            try {
                aggregates.put(e.getKey().sensor(), e.getKey().day(), e.getValue());
                written++;
            } catch (RuntimeException failure) {
                LOG.warn("Could not write the telescope aggregate of {} on {} (will retry): {}", e.getKey().sensor(),
                        e.getKey().day(), failure.getMessage());
                synchronized (lock) {
                    Partition p = partitions.get(e.getKey());
                    if (p != null) {
                        p.dirty = true;
                    }
                }
            }
        }
        synchronized (lock) {
            LocalDate oldest = firstDayInMemory();
            List<PartitionKey> old = partitions.values().stream()
                    .filter(p -> !p.dirty && p.key.day().isBefore(oldest)).map(p -> p.key).toList();
            for (PartitionKey key : old) {
                view(partitions.get(key)); // keeps its digest for the yearly summary
                partitions.remove(key);
            }
            if (!old.isEmpty()) {
                version++;
            }
        }
        return written;
    }

    @Override
    public void close() {
        live.close();
        flush();
    }

    // --------------------------------------------------------------------------------------------------------- views

    /** The summary-derived view of a partition, recomputed when it changed. Call under the lock. */
    private PartitionView view(Partition p) {
        if (p.view != null && p.view.version() == p.version) {
            return p.view;
        }
        DarknetSummary summary = new DarknetAggregator(p.accumulator.config()).result(p.accumulator);
        PartitionView v = new PartitionView(p.version, summary.firstPacket(), summary.lastPacket(), summary.series(),
                p.accumulator.config());
        p.view = v;
        digests.put(p.key, digest(v, null));
        return v;
    }

    private static Digest digest(PartitionView v, Instant stored) {
        Map<LocalDate, DayFigures> days = new TreeMap<>();
        Map<LocalDate, Long> total = packetsByDay(v.series(), v.config(), SeriesKey.total());
        for (Map.Entry<LocalDate, Long> e : total.entrySet()) {
            days.put(e.getKey(), new DayFigures(e.getValue(), new long[IOT_PORTS.size()]));
        }
        for (int i = 0; i < IOT_PORTS.size(); i++) {
            ProtocolPort port = IOT_PORTS.get(i);
            for (Map.Entry<LocalDate, Long> e : packetsByDay(v.series(), v.config(),
                    SeriesKey.port(port.protocol(), port.port())).entrySet()) {
                DayFigures f = days.get(e.getKey());
                if (f != null) {
                    f.iot()[i] += e.getValue();
                }
            }
        }
        return new Digest(v.first(), v.last(), days, stored);
    }

    /** Packets of a series per calendar day, from the coarsest resolution that keeps it. */
    private static Map<LocalDate, Long> packetsByDay(Map<Resolution, Map<SeriesKey, List<DarknetSummary.Bucket>>> series,
                                                     DarknetAggregatorConfig config, SeriesKey key) {
        Map<LocalDate, Long> out = new TreeMap<>();
        for (Resolution r : List.of(Resolution.DAY, Resolution.HOUR, Resolution.MINUTE)) {
            if (!keeps(config, key, r)) {
                continue;
            }
            for (DarknetSummary.Bucket b : series.getOrDefault(r, Map.of()).getOrDefault(key, List.of())) {
                out.merge(LocalDate.ofInstant(b.start(), ZoneOffset.UTC), b.packets(), Long::sum);
            }
            return out;
        }
        return out;
    }

    /** Whether the aggregation keeps the kind of {@code key} at resolution {@code r}. */
    private static boolean keeps(DarknetAggregatorConfig config, SeriesKey key, Resolution r) {
        return config.series(r).map(spec -> spec.kinds().contains(key.kind())).orElse(false);
    }

    /** The window of the overview: one UTC day, or the 24 hours up to the latest packet held (or now). */
    public TelescopeViews.Window window(Optional<LocalDate> day) {
        if (day.isPresent()) {
            Instant from = day.get().atStartOfDay(ZoneOffset.UTC).toInstant();
            return new TelescopeViews.Window("day", day.get(), from, from.plus(1, ChronoUnit.DAYS));
        }
        Instant latest = latestData().orElse(clock.instant());
        Instant end = latest.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        return new TelescopeViews.Window("last24h", null, end.minus(24, ChronoUnit.HOURS), end);
    }

    private Optional<Instant> latestData() {
        synchronized (lock) {
            return partitions.values().stream().map(p -> p.last).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder());
        }
    }

    /** Everything the overview shows, for one UTC day or (empty) the last 24 hours, and the year of that window. */
    public TelescopeViews.Overview overview(Optional<LocalDate> day) {
        TelescopeViews.Window window = window(day);
        Snapshot s = snapshot(window);
        int year = LocalDate.ofInstant(window.to().minusNanos(1), ZoneOffset.UTC).getYear();
        TelescopeViews.YearSummary yearly = year(year);
        Instant first;
        Instant last;
        List<TelescopeViews.Sensor> sensorList;
        synchronized (lock) {
            first = null;
            last = null;
            for (Partition p : partitions.values()) {
                PartitionView v = view(p);
                if (v.first() != null && (first == null || v.first().isBefore(first))) {
                    first = v.first();
                }
                if (v.last() != null && (last == null || v.last().isAfter(last))) {
                    last = v.last();
                }
            }
            sensorList = List.copyOf(sensors.values());
        }
        TelescopeSettings st = settings;
        TelescopeViews.Darknet darknet = new TelescopeViews.Darknet(
                st.darknet().stream().map(Object::toString).toList(),
                st.darknet().isEmpty() ? 0 : DarknetSpace.of(st.darknet()).ipv4AddressCount());
        return new TelescopeViews.Overview(darknet, first, last, window, s.totals(), s.byClass(), s.byTag(), s.ports(),
                s.countries(), yearly, days(), sensorList, live.packets(), demo || live.demo(), enrichment);
    }

    /** UTC days with data (held or stored), newest first. */
    public List<LocalDate> days() {
        TreeSet<LocalDate> days = new TreeSet<>(Comparator.reverseOrder());
        LocalDate today = today();
        for (TelescopeAggregateRepository.StoredAggregate a : aggregates.list(today.minusDays(400), today.plusDays(1))) {
            days.add(a.day());
        }
        synchronized (lock) {
            for (Partition p : partitions.values()) {
                view(p); // refreshes its digest
            }
            for (Digest d : digests.values()) { // partitions held now, and those read or evicted before
                d.days().forEach((day, f) -> {
                    if (f.packets() > 0 && !day.isBefore(today.minusDays(400))) {
                        days.add(day);
                    }
                });
            }
        }
        return List.copyOf(days);
    }

    private Snapshot snapshot(TelescopeViews.Window window) {
        synchronized (lock) {
            Instant now = clock.instant();
            Snapshot cached = snapshots.get(window);
            if (cached != null && cached.version() == version) {
                return cached;
            }
            List<DarknetAccumulator> parts = new ArrayList<>();
            Set<PartitionKey> used = new HashSet<>();
            for (Partition p : partitions.values()) {
                if (overlaps(p.first, p.last, window)) {
                    parts.add(p.accumulator);
                    used.add(p.key);
                }
            }
            LocalDate firstDay = LocalDate.ofInstant(window.from(), ZoneOffset.UTC);
            if (firstDay.isBefore(firstDayInMemory())) {
                // An older day: read what the database holds for it (and the day before, for reports across midnight).
                LocalDate lastDay = LocalDate.ofInstant(window.to().minusNanos(1), ZoneOffset.UTC);
                aggregates.load(firstDay.minusDays(1), lastDay).forEach((d, bySensor) -> bySensor.forEach((sensor, b) -> {
                    if (used.contains(new PartitionKey(sensor, d))) {
                        return;
                    }
                    try {
                        parts.add(DarknetAccumulator.fromBytes(b));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Telescope aggregate of {} on {} is unreadable: {}", sensor, d, e.getMessage());
                    }
                }));
            }
            Snapshot s = compute(window, parts, now);
            snapshots.put(window, s);
            return s;
        }
    }

    private static boolean overlaps(Instant first, Instant last, TelescopeViews.Window window) {
        return (first == null || first.isBefore(window.to())) && (last == null || !last.isBefore(window.from()));
    }

    private Snapshot compute(TelescopeViews.Window window, List<DarknetAccumulator> parts, Instant now) {
        DarknetAccumulator merged = mergedCopy(parts);
        if (merged == null) {
            Map<String, TelescopeViews.Counts> classes = new LinkedHashMap<>();
            for (PacketClass c : PacketClass.values()) {
                classes.put(c.id(), zero(window));
            }
            Map<String, TelescopeViews.Counts> tags = new LinkedHashMap<>();
            for (PacketTag t : PacketTag.values()) {
                tags.put(t.id(), zero(window));
            }
            return new Snapshot(version, now, window, zero(window), classes, tags, List.of(), List.of());
        }
        DarknetSummary summary = new DarknetAggregator(merged.config()).result(merged);
        Map<Resolution, Map<SeriesKey, List<DarknetSummary.Bucket>>> series = summary.series();
        TelescopeViews.Counts totals = counts(series, merged.config(), SeriesKey.total(), window);
        Map<String, TelescopeViews.Counts> classes = new LinkedHashMap<>();
        for (PacketClass c : PacketClass.values()) {
            classes.put(c.id(), counts(series, merged.config(), SeriesKey.of(c), window));
        }
        Map<String, TelescopeViews.Counts> tags = new LinkedHashMap<>();
        for (PacketTag t : PacketTag.values()) {
            tags.put(t.id(), counts(series, merged.config(), SeriesKey.of(t), window));
        }
        DarknetSummary.TopLists top = merged.top(window.from(), window.to(), TOP);
        List<TelescopeViews.TopPort> ports = top.ports().stream()
                .map(e -> new TelescopeViews.TopPort(e.key().protocolPort().toString(), Protocols.name(e.key().protocol()),
                        e.key().port(), e.sources(), e.packets()))
                .toList();
        List<TelescopeViews.TopCountry> countries = top.countries().stream()
                .map(e -> new TelescopeViews.TopCountry(e.key().code(), e.sources(), e.packets()))
                .toList();
        return new Snapshot(version, now, window, totals, classes, tags, ports, countries);
    }

    private static TelescopeViews.Counts zero(TelescopeViews.Window window) {
        boolean day = window.kind().equals("day");
        return new TelescopeViews.Counts(0, 0, day ? 0L : null, day ? 0L : null);
    }

    /** One accumulator holding all of {@code parts} (the single one itself; otherwise a new one), or null. */
    private static DarknetAccumulator mergedCopy(List<DarknetAccumulator> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        DarknetAggregator aggregator = new DarknetAggregator(parts.getFirst().config());
        DarknetAccumulator merged = aggregator.create();
        for (DarknetAccumulator part : parts) {
            try {
                aggregator.merge(merged, part);
            } catch (IllegalArgumentException e) {
                LOG.warn("Telescope: an aggregate configured differently is left out of a view: {}", e.getMessage());
            }
        }
        return merged;
    }

    /**
     * Counts of one key in the window: for a UTC day its day bucket (distinct counts exact up to the sketches), for 24
     * hours the sum of its hour (else minute) buckets, without distinct counts.
     */
    private static TelescopeViews.Counts counts(Map<Resolution, Map<SeriesKey, List<DarknetSummary.Bucket>>> series,
                                                DarknetAggregatorConfig config, SeriesKey key,
                                                TelescopeViews.Window window) {
        if (window.kind().equals("day") && keeps(config, key, Resolution.DAY)) {
            for (DarknetSummary.Bucket b : series.getOrDefault(Resolution.DAY, Map.of()).getOrDefault(key, List.of())) {
                if (b.start().equals(window.from())) {
                    return new TelescopeViews.Counts(b.packets(), b.bytes(), b.sources(), b.destinations());
                }
            }
            return new TelescopeViews.Counts(0, 0, 0L, 0L);
        }
        for (Resolution r : List.of(Resolution.HOUR, Resolution.MINUTE)) {
            if (!keeps(config, key, r)) {
                continue;
            }
            long packets = 0;
            long bytes = 0;
            for (DarknetSummary.Bucket b : series.getOrDefault(r, Map.of()).getOrDefault(key, List.of())) {
                if (!b.start().isBefore(window.from()) && b.start().isBefore(window.to())) {
                    packets += b.packets();
                    bytes += b.bytes();
                }
            }
            return new TelescopeViews.Counts(packets, bytes, null, null);
        }
        return new TelescopeViews.Counts(0, 0, null, null);
    }

    /**
     * A time series over the partitions held in memory: all packets ({@code port} empty) or those to one port, in
     * [from, to) aligned to the resolution, zero-filled. A bucket that two partitions share (a report across
     * midnight) adds their counts; its distinct sources are then an upper bound.
     *
     * @throws IllegalArgumentException when the range would hold more than {@link #MAX_BUCKETS} buckets
     */
    public TelescopeViews.Series series(Optional<ProtocolPort> port, Resolution resolution, Optional<Instant> from,
                                        Optional<Instant> to) {
        SeriesKey key = port.<SeriesKey>map(p -> SeriesKey.port(p.protocol(), p.port())).orElse(SeriesKey.total());
        long step = resolution.length().toSeconds();
        // Up to the end of the bucket holding the latest packet (or now), unless told otherwise.
        Instant end = to.map(t -> Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond() + step - 1, step) * step))
                .orElseGet(() -> resolution.bucketStart(latestData().orElse(clock.instant())).plusSeconds(step));
        Instant start = from.orElse(end.minus(defaultSpan(resolution)));
        start = resolution.bucketStart(start);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("'from' must lie before 'to'");
        }
        long buckets = (end.getEpochSecond() - start.getEpochSecond()) / step;
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("that range holds " + buckets + " " + resolution.name().toLowerCase()
                    + " buckets; at most " + MAX_BUCKETS + " are answered (narrow 'from'/'to' or use a coarser"
                    + " resolution)");
        }
        TreeMap<Instant, long[]> sums = new TreeMap<>();
        boolean kept = true;
        boolean anyPartition = false;
        synchronized (lock) {
            for (Partition p : partitions.values()) {
                if (!overlaps(p.first, p.last, new TelescopeViews.Window("range", null, start, end))) {
                    continue;
                }
                PartitionView v = view(p);
                anyPartition = true;
                Optional<DarknetAggregatorConfig.SeriesSpec> spec = v.config().series(resolution);
                if (spec.isEmpty() || !spec.get().kinds().contains(key.kind())) {
                    kept = false;
                    continue;
                }
                Map<SeriesKey, List<DarknetSummary.Bucket>> byKey = v.series().getOrDefault(resolution, Map.of());
                for (DarknetSummary.Bucket b : byKey.getOrDefault(key, List.of())) {
                    if (!b.start().isBefore(start) && b.start().isBefore(end)) {
                        long[] sum = sums.computeIfAbsent(b.start(), s -> new long[2]);
                        sum[0] += b.packets();
                        sum[1] += b.sources();
                    }
                }
            }
        }
        if (!anyPartition) {
            Optional<DarknetAggregatorConfig.SeriesSpec> spec = DarknetAggregatorConfig.defaults().series(resolution);
            kept = spec.isPresent() && spec.get().kinds().contains(key.kind());
        }
        List<TelescopeViews.Bucket> out = new ArrayList<>((int) buckets);
        if (kept) {
            for (Instant t = start; t.isBefore(end); t = t.plusSeconds(step)) {
                long[] sum = sums.get(t);
                out.add(new TelescopeViews.Bucket(t, sum == null ? 0 : sum[0], sum == null ? 0 : sum[1]));
            }
        }
        return new TelescopeViews.Series(port.map(ProtocolPort::toString).orElse("total"),
                resolution.name().toLowerCase(java.util.Locale.ROOT), start, end, kept, out);
    }

    static Duration defaultSpan(Resolution resolution) {
        return switch (resolution) {
            case MINUTE -> Duration.ofHours(6);
            case HOUR -> Duration.ofHours(48);
            case DAY -> Duration.ofDays(30);
        };
    }

    /**
     * The figures of one calendar year (UTC): from the partitions in memory and, for the other days, from the
     * database (each stored aggregate read once and remembered as a small digest).
     */
    public TelescopeViews.YearSummary year(int year) {
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        LocalDate dec31 = LocalDate.of(year, 12, 31);
        List<TelescopeAggregateRepository.StoredAggregate> stored = aggregates.list(jan1.minusDays(1), dec31);
        Map<LocalDate, long[]> perDay = new TreeMap<>(); // [packets, iot...]
        synchronized (lock) {
            Set<PartitionKey> inMemory = new HashSet<>();
            for (Partition p : partitions.values()) {
                if (!p.key.day().isBefore(jan1.minusDays(1)) && !p.key.day().isAfter(dec31)) {
                    view(p);
                    inMemory.add(p.key);
                    add(perDay, digests.get(p.key), year);
                }
            }
            for (TelescopeAggregateRepository.StoredAggregate a : stored) {
                PartitionKey key = new PartitionKey(a.sensor(), a.day());
                if (inMemory.contains(key)) {
                    continue;
                }
                Digest d = digests.get(key);
                if (d == null || (d.stored() != null && !d.stored().equals(a.updated()))) {
                    d = readDigest(key, a.updated());
                    if (d == null) {
                        continue;
                    }
                    digests.put(key, d);
                }
                add(perDay, d, year);
            }
        }
        long packets = 0;
        long[] iot = new long[IOT_PORTS.size()];
        int days = 0;
        for (long[] f : perDay.values()) {
            packets += f[0];
            if (f[0] > 0) {
                days++;
            }
            for (int i = 0; i < iot.length; i++) {
                iot[i] += f[1 + i];
            }
        }
        long iotPackets = 0;
        List<TelescopeViews.PortPackets> ports = new ArrayList<>();
        for (int i = 0; i < iot.length; i++) {
            ports.add(new TelescopeViews.PortPackets(IOT_PORTS.get(i).toString(), iot[i],
                    packets > 0 ? (double) iot[i] / packets : null));
            iotPackets += iot[i];
        }
        TelescopeSettings st = settings;
        long addresses = st.darknet().isEmpty() ? 0 : DarknetSpace.of(st.darknet()).ipv4AddressCount();
        return new TelescopeViews.YearSummary(year, packets, days, addresses,
                addresses > 0 ? (double) packets / addresses : null, ports, iotPackets,
                packets > 0 ? (double) iotPackets / packets : null);
    }

    private static void add(Map<LocalDate, long[]> perDay, Digest digest, int year) {
        if (digest == null) {
            return;
        }
        digest.days().forEach((day, f) -> {
            if (day.getYear() != year) {
                return;
            }
            long[] sum = perDay.computeIfAbsent(day, d -> new long[1 + IOT_PORTS.size()]);
            sum[0] += f.packets();
            for (int i = 0; i < f.iot().length; i++) {
                sum[1 + i] += f.iot()[i];
            }
        });
    }

    private Digest readDigest(PartitionKey key, Instant updated) {
        Optional<byte[]> bytes = aggregates.get(key.sensor(), key.day());
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            DarknetAccumulator a = DarknetAccumulator.fromBytes(bytes.get());
            DarknetSummary s = new DarknetAggregator(a.config()).result(a);
            return digest(new PartitionView(0, s.firstPacket(), s.lastPacket(), s.series(), a.config()), updated);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Telescope aggregate of {} on {} is unreadable: {}", key.sensor(), key.day(), e.getMessage());
            return null;
        }
    }

    // -------------------------------------------------------------------------------------------------------- alerts

    /**
     * The newest alerts that a reader may see: {@code organisation} empty means all of them (administrators);
     * otherwise DoS and surge alerts, and the DAEDALUS alerts of that organisation only.
     */
    public List<TelescopeViews.Alert> alerts(OptionalLong organisation, int limit) {
        int n = Math.max(1, Math.min(limit, 1000));
        List<TelescopeAlertRepository.StoredAlert> found;
        if (organisation.isEmpty()) {
            found = alerts.recent(n);
        } else {
            List<TelescopeAlertRepository.StoredAlert> all = new ArrayList<>(alerts.recent(Math.min(1000, n * 4)).stream()
                    .filter(a -> !(a.alert() instanceof InfectedHost)).toList());
            all.addAll(alerts.forOrganisation(organisation.getAsLong(), n));
            all.sort(Comparator.comparing((TelescopeAlertRepository.StoredAlert a) -> a.alert().start()).reversed()
                    .thenComparing(Comparator.comparingLong(TelescopeAlertRepository.StoredAlert::id).reversed()));
            found = all.subList(0, Math.min(n, all.size()));
        }
        return views(found);
    }

    /** The DAEDALUS alerts of one organisation, newest first. */
    public List<TelescopeViews.Alert> organisationAlerts(long organisation, int limit) {
        return views(alerts.forOrganisation(organisation, Math.max(1, Math.min(limit, 1000))));
    }

    private List<TelescopeViews.Alert> views(List<TelescopeAlertRepository.StoredAlert> stored) {
        Map<Long, String> names = new HashMap<>();
        List<TelescopeViews.Alert> out = new ArrayList<>();
        for (TelescopeAlertRepository.StoredAlert s : stored) {
            Long org = s.alert() instanceof InfectedHost h && h.organisationId() > 0 ? h.organisationId() : null;
            String name = org == null ? null : names.computeIfAbsent(org,
                    id -> organisations.find(id).map(Organisation::name).orElse(null));
            out.add(new TelescopeViews.Alert(s.id(), s.alert().kind(), s.alert().start(), s.alert().end(), org, name,
                    evidence(s.alert())));
        }
        return Collections.unmodifiableList(out);
    }

    static Map<String, Object> evidence(TelescopeAlert alert) {
        Map<String, Object> e = new LinkedHashMap<>();
        switch (alert) {
            case DosAttack d -> {
                e.put("victim", d.victim().toString());
                e.put("protocol", d.protocolName());
                e.put("ports", d.ports());
                e.put("packets", d.packets());
                e.put("bytes", d.bytes());
                e.put("peakPerMinute", d.peakPerMinute());
                e.put("country", d.country());
                e.put("asn", d.asn());
            }
            case PortSurge s -> {
                e.put("port", s.port().toString());
                e.put("metric", s.metric());
                e.put("observed", s.observed());
                e.put("baseline", s.baseline());
                e.put("factor", s.factor());
                e.put("topCountries", s.topCountries());
                e.put("sampleSources", s.sampleSources().stream().map(IpAddress::toString).toList());
            }
            case InfectedHost h -> {
                e.put("host", h.host().toString());
                e.put("network", h.network());
                e.put("packets", h.packets());
                e.put("ports", h.ports().stream().map(ProtocolPort::toString).toList());
                e.put("tags", h.tags().stream().sorted().map(PacketTag::id).toList());
            }
        }
        return Collections.unmodifiableMap(e);
    }
}

package org.kizashi.server.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.server.telescope.LiveFeed;
import org.kizashi.server.telescope.TelescopeHub;
import org.kizashi.store.Database;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.demo.DemoCapture;
import org.kizashi.telescope.enrich.SourceEnricher;
import org.kizashi.telescope.report.LiveSample;
import org.kizashi.telescope.report.LiveSampler;
import org.kizashi.telescope.report.SensorReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo telescope: at start, a generated capture of 48 hours ending now ({@link DemoCapture}) runs through the
 * telescope's analysis into the hub, as a sensor named {@value #SENSOR} would report it; the demo organisation's range
 * is registered so that its infected host raises a DAEDALUS alert. Afterwards the live view is kept alive by replaying
 * the samples of the capture's last hours, faster than they happened, over and over; the replay is marked as demo in
 * every batch, and the page says so.
 */
public final class DemoTelescope implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTelescope.class);

    public static final String SENSOR = "demo";
    /** Packets in the generated capture. */
    public static final int PACKETS = 100_000;
    /** The stretch at the end of the capture that the live view replays. */
    static final Duration REPLAY_SPAN = Duration.ofHours(6);
    /** Samples per second of capture time kept for the replay. */
    static final int SAMPLES_PER_SECOND = 2;
    /** About this many samples are drawn per second of replay. */
    static final int REPLAY_SAMPLES_PER_SECOND = 40;

    private final TelescopeHub hub;
    private final Clock clock;
    private final List<LiveFeed.Sample> samples; // capture time, in time order
    private final long[] packetsPerSecond; // darknet packets per second of the replayed span
    private final long spanStartMillis;
    private final int speed;
    private final ScheduledExecutorService replay;
    private long cursor; // seconds into the replayed span

    private DemoTelescope(TelescopeHub hub, Clock clock, List<LiveFeed.Sample> samples, long[] packetsPerSecond,
                          long spanStartMillis) {
        this.hub = hub;
        this.clock = clock;
        this.samples = samples;
        this.packetsPerSecond = packetsPerSecond;
        this.spanStartMillis = spanStartMillis;
        double perSecond = samples.size() / (double) Math.max(1, packetsPerSecond.length);
        this.speed = (int) Math.max(1, Math.min(600, Math.round(REPLAY_SAMPLES_PER_SECOND / Math.max(perSecond, 0.01))));
        this.replay = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kizashi-demo-replay");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Generates and analyses the demo capture (unless this database already holds the demo sensor's data of the last
     * days, from an earlier start), then starts the replay.
     */
    public static DemoTelescope start(TelescopeHub hub, Database database, Clock clock) {
        Organisation owner = ensureOrganisationNetwork(database);
        if (hub.settings().darknet().isEmpty()) {
            hub.useDarknet(DemoCapture.DARKNET);
        }
        hub.markDemo();
        hub.describeEnrichment("demo");
        Instant end = clock.instant();
        LocalDate today = LocalDate.ofInstant(end, ZoneOffset.UTC);
        boolean loaded = database.telescopeAggregates().list(today.minusDays(2), today.plusDays(1)).stream()
                .anyMatch(a -> a.sensor().equals(SENSOR));

        List<OrganisationNetwork> networks = database.networks().listAll();
        AnalysisSettings settings = AnalysisSettings.defaults()
                .withDarknet(DarknetSpace.of(DemoCapture.DARKNET))
                .withEnricher(new DemoEnricher())
                .withOrganisationNetworks(networks);
        List<TelescopeAlert> alerts = new ArrayList<>();
        TelescopeAnalysis analysis = new TelescopeAnalysis(settings, alerts::add);
        long endMicros = end.getEpochSecond() * 1_000_000L + end.getNano() / 1000;
        long replayStartMicros = endMicros - REPLAY_SPAN.toNanos() / 1000;
        long[] perSecond = new long[(int) REPLAY_SPAN.toSeconds()];
        LiveSampler sampler = new LiveSampler(SAMPLES_PER_SECOND, DemoCapture.DEFAULT_SEED);
        long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE};
        analysis.tap((DarknetPacket p) -> {
            long t = p.timestampMicros();
            bounds[0] = Math.min(bounds[0], t);
            bounds[1] = Math.max(bounds[1], t);
            if (t >= replayStartMicros) {
                int second = (int) ((t - replayStartMicros) / 1_000_000L);
                if (second >= 0 && second < perSecond.length) {
                    perSecond[second]++;
                }
                sampler.offer(p);
            }
        });

        Path file = null;
        try {
            file = Files.createTempFile("kizashi-demo-", ".pcap");
            DemoCapture.write(file, end, PACKETS);
            try (CaptureReader reader = CaptureReader.open(file)) {
                reader.read(analysis);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the demo capture", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", file, e.toString());
                }
            }
        }
        analysis.finish();

        if (loaded) {
            LOG.info("Demo telescope: the data of an earlier start is kept; only the live replay starts");
        } else if (bounds[0] <= bounds[1]) {
            Instant from = Instant.ofEpochSecond(0, bounds[0] * 1000);
            Instant to = Instant.ofEpochSecond(0, (bounds[1] + 1) * 1000);
            // The report's own samples are not published live: the replay below does that, paced.
            SensorReport report = new SensorReport(SENSOR, from, to, analysis.counts(), analysis.takeAccumulator(),
                    alerts, List.of());
            hub.ingest(report, false);
            LOG.info("Demo telescope: {} darknet packets of {} frames, {} alerts, linked to {}",
                    analysis.counts().darknet(), analysis.counts().total(), alerts.size(), owner.name());
        }

        List<LiveFeed.Sample> replayed = new ArrayList<>();
        for (LiveSample s : sampler.drain()) {
            replayed.add(TelescopeHub.toLive(s, Math.floorDiv(s.timestampMicros(), 1000)));
        }
        DemoTelescope demo = new DemoTelescope(hub, clock, List.copyOf(replayed), perSecond, replayStartMicros / 1000);
        demo.replay.scheduleAtFixedRate(demo::tick, 0, 1, TimeUnit.SECONDS);
        LOG.info("Demo telescope: replaying the last {} hours of the capture at {}x ({} samples)",
                REPLAY_SPAN.toHours(), demo.speed, replayed.size());
        return demo;
    }

    /** The demo organisation that owns DemoCapture's infected host: registered for it unless some range holds it. */
    private static Organisation ensureOrganisationNetwork(Database database) {
        IpPrefix network = DemoCapture.INFECTED_ORGANISATION_NETWORK;
        List<OrganisationNetwork> owners = database.networks().containing(DemoCapture.INFECTED_HOST);
        if (!owners.isEmpty()) {
            return database.organisations().find(owners.getFirst().organisationId()).orElseThrow();
        }
        Organisation org = database.organisations().findByName(DemoData.TELESCOPE_ORGANISATION).orElseThrow();
        database.inTransaction(() -> database.networks().add(org.id(), network, "demo telescope / デモ観測"));
        return org;
    }

    /** One second of replay: the next {@link #speed} seconds of the capture's last hours, shifted to now. */
    private void tick() {
        try {
            int length = packetsPerSecond.length;
            long sliceStart = cursor;
            long sliceEnd = Math.min(length, cursor + speed);
            long packets = 0;
            for (long s = sliceStart; s < sliceEnd; s++) {
                packets += packetsPerSecond[(int) s];
            }
            long fromCapture = spanStartMillis + sliceStart * 1000;
            long toCapture = spanStartMillis + sliceEnd * 1000;
            long now = clock.millis();
            List<LiveFeed.Sample> out = new ArrayList<>();
            int i = firstAtOrAfter(fromCapture);
            for (; i < samples.size() && samples.get(i).t() < toCapture; i++) {
                LiveFeed.Sample s = samples.get(i);
                long shifted = now + (s.t() - fromCapture) / speed;
                out.add(new LiveFeed.Sample(shifted, s.country(), s.proto(), s.port(), s.category()));
            }
            hub.live().publish(now, now + 1000, packets, true, out);
            cursor = sliceEnd >= length ? 0 : sliceEnd;
        } catch (RuntimeException e) {
            LOG.warn("Demo replay: {}", e.toString());
        }
    }

    private int firstAtOrAfter(long millis) {
        int lo = 0;
        int hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).t() < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many times faster than it happened the capture is replayed. */
    public int speed() {
        return speed;
    }

    @Override
    public void close() {
        replay.shutdownNow();
    }

    /**
     * Countries of the demo capture's sources, from the blocks it draws them from ({@link DemoCapture#SOURCE_BLOCKS});
     * everything else is unknown. Only for the demo: real sensors enrich with a geolocation database.
     */
    static final class DemoEnricher implements SourceEnricher {
        private final long[] first;
        private final long[] last;
        private final String[] country;

        DemoEnricher() {
            List<DemoCapture.SourceBlock> blocks = DemoCapture.SOURCE_BLOCKS;
            first = new long[blocks.size()];
            last = new long[blocks.size()];
            country = new String[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                first[i] = blocks.get(i).prefix().first().low();
                last[i] = blocks.get(i).prefix().last().low();
                country[i] = blocks.get(i).country();
            }
        }

        @Override
        public String country(long high, long low) {
            if (high != 0) {
                return "";
            }
            for (int i = 0; i < first.length; i++) {
                if (Long.compareUnsigned(low, first[i]) >= 0 && Long.compareUnsigned(low, last[i]) <= 0) {
                    return country[i];
                }
            }
            return "";
        }

        @Override
        public long asn(long high, long low) {
            return 0;
        }
    }
}

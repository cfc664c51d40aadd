package org.kizashi.server.telescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kizashi.aggregate.DarknetAggregatorConfig;
import org.kizashi.aggregate.Resolution;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.server.Platform;
import org.kizashi.store.Database;
import org.kizashi.store.TestDatabases;
import org.kizashi.telescope.report.SensorReport;

/** The hub against a real (H2) store: merging, views, alerts linked to organisations, and surviving a restart. */
class TelescopeHubTest {
    private Database database;
    private Organisation owner;
    private final Clock clock = Clock.systemUTC();
    /** Three hours ago on the hour: the report's 20 minutes lie in one UTC day and in the memory window. */
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    private final LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);

    @BeforeEach
    void open() {
        database = TestDatabases.h2();
        owner = database.organisations().create("観測先 ISP");
        database.networks().add(owner.id(), TestReports.ORGANISATION_RANGE, "customers");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private TelescopeHub hub() {
        TelescopeHub hub = new TelescopeHub(database.telescopeAggregates(), database.telescopeAlerts(),
                database.networks(), database.organisations(), database,
                TelescopeSettings.of(List.of(TestReports.DARKNET)), new LiveFeed(clock, Platform.objectMapper()), clock);
        hub.load();
        return hub;
    }

    @Test
    void aReportShowsInTheViewsAndSurvivesARestart() {
        TelescopeHub hub = hub();
        SensorReport report = TestReports.report("sensor-1", start);
        assertThat(report.counts().darknet()).isEqualTo(TestReports.DARKNET_PACKETS);
        TelescopeViews.IngestResult result = hub.ingest(report, true);
        assertThat(result.day()).isEqualTo(day);
        assertThat(result.packets()).isEqualTo(TestReports.DARKNET_PACKETS);

        TelescopeViews.Overview dayView = hub.overview(Optional.of(day));
        assertThat(dayView.window().kind()).isEqualTo("day");
        assertThat(dayView.totals().packets()).isEqualTo(TestReports.DARKNET_PACKETS);
        assertThat(dayView.totals().sources()).isEqualTo(TestReports.MIRAI_SOURCES + 5 + 1 + 1 + 1);
        assertThat(dayView.byClass().get(PacketClass.BACKSCATTER.id()).packets()).isEqualTo(TestReports.DOS_PACKETS);
        assertThat(dayView.byTag().get("mirai").packets()).isEqualTo(TestReports.MIRAI_SOURCES);
        assertThat(dayView.topPorts()).first().satisfies(p -> {
            assertThat(p.port()).isEqualTo("23/tcp");
            assertThat(p.sources()).isEqualTo(TestReports.MIRAI_SOURCES);
        });
        assertThat(dayView.topCountries()).extracting(TelescopeViews.TopCountry::country).containsExactly("CN", "BR");
        assertThat(dayView.darknet().ipv4Addresses()).isEqualTo(256);
        assertThat(dayView.year().packets()).isEqualTo(TestReports.DARKNET_PACKETS);
        assertThat(dayView.year().iotPorts().get(0).packets()).isEqualTo(TestReports.MIRAI_SOURCES);
        assertThat(dayView.year().iotPackets()).isEqualTo(TestReports.MIRAI_SOURCES + TestReports.INFECTED_PACKETS);
        assertThat(dayView.year().packetsPerAddress()).isEqualTo(TestReports.DARKNET_PACKETS / 256.0);

        TelescopeViews.Overview recent = hub.overview(Optional.empty());
        assertThat(recent.window().kind()).isEqualTo("last24h");
        assertThat(recent.totals().packets()).isEqualTo(TestReports.DARKNET_PACKETS);
        assertThat(recent.totals().sources()).as("distinct counts are per UTC day only").isNull();
        assertThat(recent.topPorts().get(0).port()).isEqualTo("23/tcp");

        TelescopeViews.Series series = hub.series(Optional.of(ProtocolPort.parse("23/tcp")), Resolution.HOUR,
                Optional.of(start.minus(1, ChronoUnit.HOURS)), Optional.of(start.plus(2, ChronoUnit.HOURS)));
        assertThat(series.kept()).isTrue();
        assertThat(series.buckets()).hasSize(3);
        assertThat(series.buckets().get(1)).isEqualTo(new TelescopeViews.Bucket(start, TestReports.MIRAI_SOURCES,
                TestReports.MIRAI_SOURCES));
        assertThat(series.buckets().get(0).packets()).isZero();
        assertThat(hub.series(Optional.of(ProtocolPort.parse("23/tcp")), Resolution.MINUTE, Optional.empty(),
                Optional.empty()).kept()).as("ports are not kept per minute by default").isFalse();
        List<TelescopeViews.Bucket> minutes = hub.series(Optional.empty(), Resolution.MINUTE, Optional.of(start),
                Optional.of(start.plusSeconds(600))).buckets();
        assertThat(minutes).hasSize(10);
        assertThat(minutes.stream().mapToLong(TelescopeViews.Bucket::packets).sum())
                .as("all but the infected host's packets, which start at minute 10")
                .isEqualTo(TestReports.DARKNET_PACKETS - TestReports.INFECTED_PACKETS);

        // The DAEDALUS alert belongs to the organisation that registered the range here, not to the sensor's idea.
        List<TelescopeViews.Alert> all = hub.alerts(OptionalLong.empty(), 10);
        assertThat(all).extracting(TelescopeViews.Alert::kind).contains("dos", "infected_host");
        TelescopeViews.Alert infected = all.stream().filter(a -> a.kind().equals("infected_host")).findFirst()
                .orElseThrow();
        assertThat(infected.organisationId()).isEqualTo(owner.id());
        assertThat(infected.organisation()).isEqualTo("観測先 ISP");
        assertThat(infected.evidence()).containsEntry("host", TestReports.INFECTED_HOST)
                .containsEntry("network", "198.51.100.0/24").containsEntry("ports", List.of("2323/tcp"));
        TelescopeViews.Alert dos = all.stream().filter(a -> a.kind().equals("dos")).findFirst().orElseThrow();
        assertThat(dos.evidence()).containsEntry("victim", TestReports.DOS_VICTIM).containsEntry("ports", List.of(80));
        assertThat(hub.alerts(OptionalLong.of(owner.id() + 1000), 10)).extracting(TelescopeViews.Alert::kind)
                .doesNotContain("infected_host").contains("dos");
        assertThat(hub.organisationAlerts(owner.id(), 10)).hasSize(1);

        // A second report of the same sensor adds up; then a restart reads the same back.
        hub.ingest(TestReports.report("sensor-1", start.plusSeconds(1800)), false);
        TelescopeViews.Overview twice = hub.overview(Optional.of(day));
        assertThat(twice.totals().packets()).isEqualTo(2L * TestReports.DARKNET_PACKETS);
        assertThat(twice.totals().sources()).as("the same sources again").isEqualTo(dayView.totals().sources());
        assertThat(hub.flush()).isEqualTo(1);
        assertThat(hub.flush()).as("nothing changed since").isZero();

        TelescopeHub restarted = hub();
        TelescopeViews.Overview after = restarted.overview(Optional.of(day));
        assertThat(after.totals()).isEqualTo(twice.totals());
        assertThat(after.topPorts()).isEqualTo(twice.topPorts());
        assertThat(after.year().packets()).isEqualTo(2L * TestReports.DARKNET_PACKETS);
        assertThat(after.days()).contains(day);
        assertThat(after.sensors()).extracting(TelescopeViews.Sensor::name).containsExactly("sensor-1");
    }

    @Test
    void sensorsAreKeptApartAndMergedInTheViews() {
        TelescopeHub hub = hub();
        hub.ingest(TestReports.report("east", start), false);
        hub.ingest(TestReports.report("west", start), false);
        TelescopeViews.Overview view = hub.overview(Optional.of(day));
        assertThat(view.totals().packets()).isEqualTo(2L * TestReports.DARKNET_PACKETS);
        assertThat(view.topPorts().get(0).sources()).as("the same sources seen by both count once")
                .isEqualTo(TestReports.MIRAI_SOURCES);
        hub.flush();
        assertThat(database.telescopeAggregates().list(day, day))
                .extracting(a -> a.sensor()).containsExactlyInAnyOrder("east", "west");
    }

    @Test
    void anAggregateConfiguredDifferentlyIsRefusedBeforeAnythingIsStored() {
        TelescopeHub hub = hub();
        hub.ingest(TestReports.report("sensor-1", start), false);
        int alertsBefore = hub.alerts(OptionalLong.empty(), 100).size();
        SensorReport other = TestReports.report("sensor-1", start.plusSeconds(60),
                DarknetAggregatorConfig.defaults().withMaxSources(10));
        assertThatThrownBy(() -> hub.ingest(other, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("configured differently").hasMessageContaining("sensor-1");
        assertThat(hub.alerts(OptionalLong.empty(), 100)).hasSize(alertsBefore);
        assertThat(hub.overview(Optional.of(day)).totals().packets()).isEqualTo(TestReports.DARKNET_PACKETS);
        assertThatThrownBy(() -> hub.ingest(new SensorReport(" ", start, start, other.counts(), other.aggregate(),
                List.of(), List.of()), false)).hasMessageContaining("sensor name");
    }

    @Test
    void theLiveFeedSplitsLargeBatchesAndKeepsTheTrueCount() throws Exception {
        LiveFeed feed = new LiveFeed(clock, new ObjectMapper());
        List<LiveFeed.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            samples.add(new LiveFeed.Sample(1000L + i, "JP", "tcp", 23, "iot"));
        }
        feed.publish(1000, 2000, 1_000_001, false, samples);
        List<LiveFeed.Batch> batches = feed.await(0, 10);
        assertThat(batches).hasSize(3);
        assertThat(batches.stream().mapToLong(LiveFeed.Batch::packets).sum()).isEqualTo(1_000_001);
        assertThat(batches.stream().mapToInt(b -> b.samples().size()).sum()).isEqualTo(600);
        assertThat(batches.getFirst().from()).isEqualTo(1000);
        assertThat(batches.getLast().to()).isEqualTo(2000);
        assertThat(batches.getFirst().json()).contains("\"class\":\"iot\"").contains("\"packets\":");
        assertThat(feed.await(batches.getLast().seq(), 50)).as("nothing new: waits, then empty").isEmpty();
        feed.close();
        assertThat(feed.await(0, 1000)).isEmpty();
        assertThat(LiveFeed.category(6, 2323, PacketClass.SCAN, 0)).isEqualTo("iot");
        assertThat(LiveFeed.category(6, 80, PacketClass.BACKSCATTER, 0)).isEqualTo("backscatter");
        assertThat(LiveFeed.category(6, 445, PacketClass.SCAN, 0)).isEqualTo("scan");
        assertThat(LiveFeed.category(17, 53, PacketClass.UDP, 0)).isEqualTo("udp");
        assertThat(LiveFeed.category(1, 8, PacketClass.ICMP_REQUEST, 0)).isEqualTo("icmp");
        assertThat(LiveFeed.category(47, 0, PacketClass.OTHER, 0)).isEqualTo("other");
    }
}

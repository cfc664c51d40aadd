package org.kizashi.telescope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.DarknetSpace;
import org.kizashi.telescope.analyze.PacketCounts;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureReader;

/** The demo capture holds what the demo shows: attacks, a surge, an infected host, every kind of packet. */
class DemoCaptureTest {
    private static final Instant END = Instant.parse("2026-11-23T06:30:00Z");

    private static byte[] capture;
    private static long generationMillis;
    private static final List<TelescopeAlert> alerts = new ArrayList<>();
    private static final Map<PacketClass, Long> classes = new EnumMap<>(PacketClass.class);
    private static final Map<PacketTag, Long> tags = new EnumMap<>(PacketTag.class);
    private static final Set<IpAddress> sources = new HashSet<>();
    private static PacketCounts counts;
    private static long firstMicros = Long.MAX_VALUE;
    private static long lastMicros = Long.MIN_VALUE;

    @BeforeAll
    static void analyse() throws IOException {
        DemoCapture.write(new ByteArrayOutputStream(), END, 20_000, 1); // warm up the code paths
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long started = System.nanoTime();
        DemoCapture.write(out, END, DemoCapture.DEFAULT_PACKETS, DemoCapture.DEFAULT_SEED);
        generationMillis = (System.nanoTime() - started) / 1_000_000;
        capture = out.toByteArray();

        AnalysisSettings settings = AnalysisSettings.defaults()
                .withDarknet(DarknetSpace.of(DemoCapture.DARKNET))
                .withOrganisationNetworks(List.of(new OrganisationNetwork(1, 1,
                        DemoCapture.INFECTED_ORGANISATION_NETWORK, "demo")));
        TelescopeAnalysis analysis = new TelescopeAnalysis(settings, alerts::add);
        analysis.tap(p -> {
            classes.merge(p.packetClass(), 1L, Long::sum);
            for (PacketTag t : PacketTag.of(p.tags())) {
                tags.merge(t, 1L, Long::sum);
            }
            sources.add(p.source());
            firstMicros = Math.min(firstMicros, p.timestampMicros());
            lastMicros = Math.max(lastMicros, p.timestampMicros());
        });
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "demo")) {
            reader.read(analysis);
        }
        analysis.finish();
        counts = analysis.counts();
    }

    private static <T extends TelescopeAlert> List<T> alertsOf(Class<T> kind) {
        return alerts.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void twoDaysOfPacketsEndingAtTheInstantGiven() {
        assertThat(counts.total()).isEqualTo(DemoCapture.DEFAULT_PACKETS);
        assertThat(counts.malformed()).isZero();
        assertThat(counts.notDarknet()).isPositive().isLessThan(counts.total() / 50);
        Instant first = Instant.ofEpochSecond(0, firstMicros * 1000);
        Instant last = Instant.ofEpochSecond(0, lastMicros * 1000);
        assertThat(first).isBetween(END.minus(Duration.ofHours(48)), END.minus(Duration.ofHours(47)));
        assertThat(last).isBetween(END.minus(Duration.ofMinutes(5)), END.minusNanos(1));
        assertThat(sources).hasSizeGreaterThan(2_000);
    }

    @Test
    void theDosVictimsAreFoundAndNothingElse() {
        List<DosAttack> attacks = alertsOf(DosAttack.class);
        assertThat(attacks).extracting(DosAttack::victim)
                .containsExactlyInAnyOrderElementsOf(DemoCapture.DOS_VICTIMS);
        for (DosAttack a : attacks) {
            assertThat(a.protocolName()).isEqualTo("tcp");
            assertThat(a.ports()).containsAnyOf(80, 443);
            assertThat(Duration.between(a.start(), a.end())).isGreaterThan(Duration.ofMinutes(5));
            assertThat(a.peakPerMinute()).isGreaterThan(30);
        }
    }

    @Test
    void theSurgeOn2323IsFlaggedInItsLastHoursAndNoOtherPortSurges() {
        List<PortSurge> surges = alertsOf(PortSurge.class);
        assertThat(surges).isNotEmpty();
        assertThat(surges).extracting(PortSurge::port).containsOnly(ProtocolPort.parse("2323/tcp"));
        assertThat(surges).allSatisfy(s -> {
            assertThat(s.start()).isAfterOrEqualTo(END.minus(DemoCapture.SURGE_DURATION).minus(Duration.ofHours(1)));
            assertThat(s.factor()).isGreaterThanOrEqualTo(5);
        });
        assertThat(surges.stream().mapToLong(PortSurge::observed).max().orElse(0)).isGreaterThan(300);
    }

    @Test
    void theOrganisationsInfectedHostIsReportedWithMiraiEvidence() {
        List<InfectedHost> infected = alertsOf(InfectedHost.class);
        assertThat(infected).hasSize(1);
        InfectedHost host = infected.get(0);
        assertThat(host.host()).isEqualTo(DemoCapture.INFECTED_HOST);
        assertThat(host.network()).isEqualTo("198.51.100.0/24");
        assertThat(host.ports()).containsExactly(ProtocolPort.parse("23/tcp"), ProtocolPort.parse("2323/tcp"));
        assertThat(host.tags()).contains(PacketTag.MIRAI);
        assertThat(host.start()).isAfter(END.minus(Duration.ofHours(4)));
        assertThat(host.packets()).isGreaterThan(100);
    }

    @Test
    void everyClassAndFingerprintIsPresent() {
        assertThat(classes.keySet()).containsExactlyInAnyOrder(PacketClass.values());
        assertThat(classes.get(PacketClass.SCAN)).isGreaterThan(counts.darknet() / 2);
        assertThat(tags.keySet()).containsExactlyInAnyOrder(PacketTag.values());
        assertThat(tags.get(PacketTag.MIRAI)).isGreaterThan(counts.darknet() / 10);
    }

    @Test
    void theSameArgumentsWriteTheSameBytesAndTheSeedChangesThem() throws IOException {
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        DemoCapture.write(again, END, DemoCapture.DEFAULT_PACKETS, DemoCapture.DEFAULT_SEED);
        assertThat(again.toByteArray()).isEqualTo(capture);
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        DemoCapture.write(other, END, DemoCapture.DEFAULT_PACKETS, 2);
        assertThat(other.toByteArray()).isNotEqualTo(capture);
    }

    @Test
    void fastEnoughForStartDev() {
        // start-dev --demo writes it at start-up; a loaded CI machine gets some slack.
        assertThat(generationMillis).as("milliseconds to generate %d packets", DemoCapture.DEFAULT_PACKETS)
                .isLessThan(2_000);
    }

    @Test
    void aSmallCaptureStillHoldsTheFindings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("demo.pcap");
        DemoCapture.write(file, END, DemoCapture.MINIMUM_PACKETS);
        List<TelescopeAlert> found = new ArrayList<>();
        TelescopeAnalysis analysis = new TelescopeAnalysis(AnalysisSettings.defaults()
                .withDarknet(DarknetSpace.of(DemoCapture.DARKNET))
                .withOrganisationNetworks(List.of(new OrganisationNetwork(1, 1,
                        DemoCapture.INFECTED_ORGANISATION_NETWORK, "demo"))), found::add);
        try (CaptureReader reader = CaptureReader.open(file)) {
            reader.read(analysis);
        }
        analysis.finish();
        assertThat(analysis.counts().total()).isEqualTo(DemoCapture.MINIMUM_PACKETS);
        assertThat(Files.size(file)).isGreaterThan(24 + 16L * DemoCapture.MINIMUM_PACKETS);
        assertThat(found).filteredOn(DosAttack.class::isInstance).hasSize(3);
        assertThat(found).filteredOn(PortSurge.class::isInstance).isNotEmpty()
                .allMatch(s -> ((PortSurge) s).port().equals(DemoCapture.SURGE_PORT));
        assertThat(found).filteredOn(InfectedHost.class::isInstance).hasSize(1);
    }

    @Test
    void sourcesComeFromManyCountriesBlocks() {
        Set<String> countries = new HashSet<>();
        for (IpAddress source : sources) {
            for (DemoCapture.SourceBlock block : DemoCapture.SOURCE_BLOCKS) {
                if (block.prefix().contains(source)) {
                    countries.add(block.country());
                }
            }
        }
        assertThat(countries).hasSizeGreaterThanOrEqualTo(15);
    }
}

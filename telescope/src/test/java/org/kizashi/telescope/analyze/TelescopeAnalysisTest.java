package org.kizashi.telescope.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.aggregate.DarknetSummary;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.junit.jupiter.api.Test;

class TelescopeAnalysisTest {
    private static final long START = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    private final List<TelescopeAlert> alerts = new ArrayList<>();

    private static void feed(TelescopeAnalysis analysis, long timestampNanos, byte[] frame) {
        analysis.frame(timestampNanos, LinkType.ETHERNET, frame, 0, frame.length, frame.length);
    }

    private static AnalysisSettings darknet(String... prefixes) {
        return AnalysisSettings.defaults().withDarknet(DarknetSpace.of(
                java.util.Arrays.stream(prefixes).map(IpPrefix::parse).toList()));
    }

    @Test
    void everyFrameIsCountedOnceAndOnlyDarknetPacketsAreClassified() {
        TelescopeAnalysis analysis = new TelescopeAnalysis(darknet("192.0.2.0/24"), alerts::add);
        feed(analysis, START, PacketBuilder.tcp().src("203.0.113.5", 40000).dst("192.0.2.10", 23).syn().ethernet());
        feed(analysis, START + 1, PacketBuilder.udp().src("203.0.113.6", 5353).dst("192.0.2.11", 53).ethernet());
        feed(analysis, START + 2, PacketBuilder.tcp().src("203.0.113.7", 40000).dst("198.51.100.1", 23).syn().ethernet());
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0, 0x45};
        feed(analysis, START + 3, garbage);

        assertThat(analysis.counts()).isEqualTo(new PacketCounts(4, 2, 1, 1));
        DarknetSummary summary = new DarknetAggregator().result(analysis.accumulator());
        assertThat(summary.byClass().get(PacketClass.SCAN).packets()).isEqualTo(1);
        assertThat(summary.byClass().get(PacketClass.UDP).packets()).isEqualTo(1);
        assertThat(summary.totals().sources()).as("the not-darknet source is not counted").isEqualTo(2);
    }

    @Test
    void miraiScansFromAnOrganisationsRangeRaiseOneInfectedHostAlert() {
        OrganisationNetwork network = new OrganisationNetwork(7, 3, IpPrefix.parse("198.51.100.0/24"), "example");
        TelescopeAnalysis analysis = new TelescopeAnalysis(darknet("192.0.2.0/24")
                .withOrganisationNetworks(List.of(network)), alerts::add);
        for (int i = 0; i < 30; i++) {
            String destination = "192.0.2." + (i + 1);
            long mirai = (192L << 24) | (2 << 8) | (i + 1); // sequence number = destination address
            feed(analysis, START + i * 1_000_000_000L, PacketBuilder.tcp().src("198.51.100.23", 50000)
                    .dst(destination, i % 2 == 0 ? 23 : 2323).syn().seq(mirai).ethernet());
        }
        feed(analysis, START, PacketBuilder.tcp().src("203.0.113.9", 50000).dst("192.0.2.1", 23).syn().ethernet());
        analysis.finish();

        List<InfectedHost> hosts = alerts.stream().filter(InfectedHost.class::isInstance)
                .map(InfectedHost.class::cast).toList();
        assertThat(hosts).hasSize(1);
        InfectedHost host = hosts.get(0);
        assertThat(host.host().toString()).isEqualTo("198.51.100.23");
        assertThat(host.organisationId()).isEqualTo(3);
        assertThat(host.network()).isEqualTo("198.51.100.0/24");
        assertThat(host.packets()).isEqualTo(30);
        assertThat(host.ports()).containsExactly(ProtocolPort.parse("23/tcp"), ProtocolPort.parse("2323/tcp"));
        assertThat(host.tags()).contains(PacketTag.MIRAI);
        assertThat(Duration.between(host.start(), host.end())).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void backscatterFromAVictimBecomesADosAttack() {
        TelescopeAnalysis analysis = new TelescopeAnalysis(AnalysisSettings.defaults(), alerts::add);
        for (int i = 0; i < 240; i++) { // 2 minutes at 2 packets per second: 120 per minute
            feed(analysis, START + i * 500_000_000L, PacketBuilder.tcp().src("203.0.113.80", 443)
                    .dst("192.0.2." + (i % 250 + 1), 10000 + i).synAck().ethernet());
        }
        analysis.finish();
        assertThat(alerts).singleElement().isInstanceOfSatisfying(DosAttack.class, a -> {
            assertThat(a.victim().toString()).isEqualTo("203.0.113.80");
            assertThat(a.ports()).containsExactly(443);
            assertThat(a.packets()).isEqualTo(240);
            assertThat(a.peakPerMinute()).isGreaterThanOrEqualTo(110);
        });
    }

    @Test
    void partialAggregatesTakenAlongTheWayAddUpToTheWhole() throws Exception {
        TelescopeAnalysis whole = new TelescopeAnalysis(AnalysisSettings.defaults(), a -> { });
        TelescopeAnalysis sensor = new TelescopeAnalysis(AnalysisSettings.defaults(), a -> { });
        DarknetAggregator aggregator = new DarknetAggregator();
        var merged = aggregator.create();
        PacketCounts counted = PacketCounts.ZERO;
        for (int i = 0; i < 1000; i++) {
            byte[] frame = PacketBuilder.tcp().src("203.0.113." + (i % 97), 40000).dst("192.0.2." + (i % 13), 23 + i % 3)
                    .syn().ethernet();
            feed(whole, START + i * 1_000_000L, frame);
            feed(sensor, START + i * 1_000_000L, frame);
            if (i % 300 == 299) {
                aggregator.merge(merged, sensor.takeAccumulator());
                counted = counted.plus(sensor.takeCounts());
            }
        }
        aggregator.merge(merged, sensor.takeAccumulator());
        counted = counted.plus(sensor.takeCounts());

        assertThat(counted).isEqualTo(whole.counts());
        assertThat(merged.toBytes()).isEqualTo(whole.accumulator().toBytes());
    }
}

package org.kizashi.telescope.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.demo.DemoCapture;
import org.kizashi.telescope.enrich.SourceEnricher;

/** Shards of an analysis, each reading the whole capture, add up to one analysis of it. */
class ShardedAnalysisTest {
    private static final Instant END = Instant.parse("2026-11-23T06:30:00Z");
    private static final String[] COUNTRIES = {"JP", "US", "CN", "BR", "DE", "KR", "RU", "IN"};
    /** Made-up but fixed countries and ASes, so that the surge detector's countries and the DoS victims' matter. */
    private static final SourceEnricher ENRICHER = new SourceEnricher() {
        @Override
        public String country(long high, long low) {
            return COUNTRIES[(int) ((low >>> 24) & 0xff) % COUNTRIES.length];
        }

        @Override
        public long asn(long high, long low) {
            return 64_512 + ((low >>> 16) & 0xff);
        }
    };
    private static final AnalysisSettings SETTINGS = AnalysisSettings.defaults()
            .withDarknet(DarknetSpace.of(DemoCapture.DARKNET))
            .withEnricher(ENRICHER)
            .withOrganisationNetworks(List.of(new OrganisationNetwork(1, 1,
                    DemoCapture.INFECTED_ORGANISATION_NETWORK, "demo")));

    private static byte[] capture;
    private static Outcome whole;

    private record Outcome(PacketCounts counts, DarknetAccumulator accumulator, List<TelescopeAlert> alerts) {
    }

    @BeforeAll
    static void analyseInOne() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoCapture.write(out, END, DemoCapture.DEFAULT_PACKETS, DemoCapture.DEFAULT_SEED);
        capture = out.toByteArray();
        List<TelescopeAlert> alerts = new ArrayList<>();
        TelescopeAnalysis analysis = new TelescopeAnalysis(SETTINGS, alerts::add);
        read(analysis);
        alerts.sort(TelescopeAlert.REPORT_ORDER);
        whole = new Outcome(analysis.counts(), analysis.accumulator(), alerts);
    }

    private static void read(TelescopeAnalysis analysis) throws IOException {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(capture), "demo")) {
            reader.read(analysis);
        }
        analysis.finish();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void shardsMergedGiveTheAggregatesAndAlertsOfOneAnalysis(int shards) throws IOException {
        DarknetAggregator aggregator = new DarknetAggregator(SETTINGS.aggregation());
        DarknetAccumulator merged = aggregator.create();
        List<TelescopeAlert> alerts = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            TelescopeAnalysis analysis = TelescopeAnalysis.shard(SETTINGS, shard, shards, alerts::add);
            read(analysis);
            assertThat(analysis.counts()).as("every shard counts every frame").isEqualTo(whole.counts());
            long packets = aggregator.result(analysis.accumulator()).totals().packets();
            assertThat(packets).as("shard %d keeps a share of the packets", shard)
                    .isPositive().isLessThan(whole.counts().darknet());
            aggregator.merge(merged, analysis.accumulator());
        }
        alerts.sort(TelescopeAlert.REPORT_ORDER);

        assertThat(merged.toBytes()).isEqualTo(whole.accumulator().toBytes());
        assertThat(alerts).isEqualTo(whole.alerts());
        assertThat(alerts).hasAtLeastOneElementOfType(DosAttack.class)
                .hasAtLeastOneElementOfType(PortSurge.class)
                .hasAtLeastOneElementOfType(InfectedHost.class);
    }

    @Test
    void aShardOutsideTheCountIsRefused() {
        assertThatThrownBy(() -> TelescopeAnalysis.shard(SETTINGS, 2, 2, a -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard 2 of 2");
    }
}

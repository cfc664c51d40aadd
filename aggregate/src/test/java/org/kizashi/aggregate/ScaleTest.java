package org.kizashi.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

/**
 * The target, scaled down: many distinct sources in a day with a bounded per-source table, global counts exact
 * and uniques within the sketch error. Packets are generated on the fly (no I/O, no list of packets in memory).
 */
class ScaleTest {
    private static final String[] COUNTRIES = {"CN", "US", "RU", "BR", "IN", "JP", "NL", "DE", "KR", "VN"};

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void twoMillionDistinctSourcesWithAHundredThousandRecords() {
        int sources = 2_000_000;
        int bound = 100_000;
        DarknetAggregator aggregator = new DarknetAggregator(DarknetAggregatorConfig.defaults().withMaxSources(bound));
        DarknetAccumulator accumulator = aggregator.create();
        long day = Packets.micros("2024-03-10T00:00:00Z");
        long step = 86_400_000_000L / sources;
        long packets = 0;
        long bytes = 0;
        long started = System.nanoTime();
        for (int s = 0; s < sources; s++) {
            long time = day + s * step;
            long source = Packets.V4_MAPPED | (0x0100_0000L + s * 7L); // distinct, spread over 1.0.0.0/4
            int port = s % 10 == 0 ? 2_323 : 23;
            DarknetPacket packet = new DarknetPacket(time, 0, source, 0, Packets.v4(10, 20, (s >>> 8) & 0xFF, s & 0xFF),
                    6, 40_000, port, 40, PacketClass.SCAN, PacketTag.MIRAI.bit(), COUNTRIES[s % COUNTRIES.length],
                    4_000 + s % 5_000);
            aggregator.add(packet, accumulator);
            packets++;
            bytes += 40;
            if (s % 1_000 == 0) { // a heavy scanner keeps coming back all day
                aggregator.add(new DarknetPacket(time, 0, Packets.v4(198, 51, 100, 1), 0, Packets.v4(10, 20, 0, s % 256),
                        6, 40_000, 445, 44, PacketClass.SCAN, 0, "NL", 1_136), accumulator);
                packets++;
                bytes += 44;
            }
        }
        double addSeconds = (System.nanoTime() - started) / 1e9;
        DarknetSummary summary = aggregator.result(accumulator);
        double totalSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%,d packets added in %.2f s (%.0f ns/packet), result after %.2f s, %,d bytes serialised%n",
                packets, addSeconds, addSeconds * 1e9 / packets, totalSeconds, accumulator.toBytes().length);

        assertThat(summary.totals().packets()).isEqualTo(packets);
        assertThat(summary.totals().bytes()).isEqualTo(bytes);
        assertThat((double) summary.totals().sources()).isCloseTo(sources + 1, within(0.02 * sources));
        assertThat((double) summary.totals().destinations()).isCloseTo(65_536, within(0.02 * 65_536));
        assertThat(summary.byTag().get(PacketTag.MIRAI).packets()).isEqualTo(sources);
        assertThat(summary.sources()).hasSizeLessThanOrEqualTo(bound);
        assertThat(summary.sourceTable().tracked()).isEqualTo(bound);
        DarknetSummary.SourceRecord heaviest = summary.sources().get(0);
        assertThat(heaviest.source().toString()).isEqualTo("198.51.100.1");
        assertThat(heaviest.packets()).isEqualTo(sources / 1_000); // never evicted: exact
        assertThat(heaviest.missedPacketsAtMost()).isZero();
        assertThat(summary.top().ports().get(0).key()).isEqualTo(SeriesKey.port(6, 23));
        assertThat((double) summary.top().ports().get(0).sources()).isCloseTo(0.9 * sources, within(0.03 * sources));
        assertThat(summary.series(Resolution.MINUTE, SeriesKey.total())).hasSize(1_440);
        assertThat(summary.series(Resolution.HOUR, SeriesKey.asn(4_000))).hasSize(24);
    }
}

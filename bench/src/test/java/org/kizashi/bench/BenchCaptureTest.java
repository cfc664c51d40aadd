package org.kizashi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.PacketCounts;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureReader;

/** The generator on 50,000 packets: valid, deterministic, the mix it promises, in time order. */
class BenchCaptureTest {
    private static final BenchCapture.Settings SMALL = BenchCapture.Settings.defaults().withPackets(50_000)
            .withPopulation(20_000);

    @Test
    void writesTheSameCaptureForTheSameSeed(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        BenchCapture.Result result = BenchCapture.write(a, SMALL);
        BenchCapture.write(b, SMALL);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(BenchCapture.write(b, SMALL.withSeed(7)).fileBytes()).isPositive();
        assertThat(Files.mismatch(a, b)).isNotEqualTo(-1);
        assertThat(result.packets()).isEqualTo(50_000);
        assertThat(result.distinctSources()).isBetween(5_000L, 20_100L);
        assertThat(dir.toFile().list()).doesNotContain("a.pcap.partial");
    }

    @Test
    void decodesToTheDarknetMixPromised(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mix.pcap");
        BenchCapture.write(file, SMALL);
        long[] last = {Long.MIN_VALUE};
        boolean[] ordered = {true};
        Map<PacketClass, Long> classes = new EnumMap<>(PacketClass.class);
        Map<PacketTag, Long> tags = new EnumMap<>(PacketTag.class);
        long[] v6 = {0};
        TelescopeAnalysis analysis = new TelescopeAnalysis(
                AnalysisSettings.defaults().withDarknet(BenchData.darknet()).withEnricher(new SyntheticGeo()), a -> { });
        analysis.tap((DarknetPacket p) -> {
            classes.merge(p.packetClass(), 1L, Long::sum);
            for (PacketTag t : PacketTag.values()) {
                if (p.has(t)) {
                    tags.merge(t, 1L, Long::sum);
                }
            }
            if (p.sourceHigh() != 0) {
                v6[0]++;
            }
        });
        try (CaptureReader reader = CaptureReader.open(file)) {
            reader.read((time, linkType, buffer, offset, captured, original) -> {
                ordered[0] &= time > last[0];
                last[0] = time;
                analysis.frame(time, linkType, buffer, offset, captured, original);
            });
        }
        analysis.finish();
        PacketCounts counts = analysis.counts();

        assertThat(ordered[0]).as("timestamps strictly increasing").isTrue();
        assertThat(counts.total()).isEqualTo(50_000);
        assertThat(counts.malformed()).isBetween(1L, 100L); // ARP
        assertThat(counts.notDarknet()).isBetween(100L, 500L);
        assertThat(counts.darknet()).isGreaterThan(49_000);
        assertThat(classes.get(PacketClass.SCAN)).isGreaterThan(30_000);
        assertThat(classes.get(PacketClass.BACKSCATTER)).isGreaterThan(500);
        assertThat(classes.get(PacketClass.UDP)).isGreaterThan(2_000);
        assertThat(classes.get(PacketClass.ICMP_REQUEST)).isGreaterThan(2_000);
        assertThat(tags.get(PacketTag.MIRAI)).isGreaterThan(10_000);
        assertThat(tags.get(PacketTag.MASSCAN)).isGreaterThan(1_000);
        assertThat(tags.get(PacketTag.ZMAP)).isGreaterThan(1_000);
        assertThat(v6[0]).isBetween(500L, 1_500L);
        // Over one day from 2024-03-10T00:00Z.
        assertThat(last[0]).isBetween(1_710_028_800_000_000_000L + 86_000_000_000_000L,
                1_710_028_800_000_000_000L + 86_400_000_000_000L);
    }
}

package org.kizashi.telescope.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;

class LiveSamplerTest {
    private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").getEpochSecond() * 1_000_000;

    private static DarknetPacket packet(long micros, int port, String country) {
        IpAddress s = IpAddress.parse("203.0.113.7");
        IpAddress d = IpAddress.parse("192.0.2.1");
        return new DarknetPacket(micros, s.high(), s.low(), d.high(), d.low(), 6, 1234, port, 60, PacketClass.SCAN, 0,
                country, 0);
    }

    private static long second(LiveSample s) {
        return Math.floorDiv(s.timestampMicros(), 1_000_000L);
    }

    @Test
    void neverMoreThanTheLimitInAnySecondOfCaptureTime() {
        LiveSampler sampler = new LiveSampler(10, 1);
        for (int second = 0; second < 5; second++) {
            int packets = second == 2 ? 3 : 50_000; // second 2 is quiet: everything in it is shown
            for (int i = 0; i < packets; i++) {
                sampler.offer(packet(T0 + second * 1_000_000L + i * (1_000_000L / packets), 23, "CN"));
            }
        }
        List<LiveSample> samples = sampler.drain();
        Map<Long, Long> perSecond = samples.stream().collect(Collectors.groupingBy(LiveSamplerTest::second,
                Collectors.counting()));
        assertThat(perSecond).hasSize(5);
        assertThat(perSecond.get(T0 / 1_000_000 + 2)).isEqualTo(3);
        assertThat(perSecond.values()).allMatch(n -> n <= 10);
        assertThat(samples).hasSize(4 * 10 + 3);
        assertThat(sampler.drain()).isEmpty();
    }

    @Test
    void theSampleIsFairNotTheFirstPacketsOfTheSecond() {
        // In each second 90% of the packets are port 23, then 10% are port 445 at the end of the second: a fair sample
        // shows about 10% port 445; taking the first packets would show none.
        LiveSampler sampler = new LiveSampler(20, 7);
        int seconds = 500;
        for (int second = 0; second < seconds; second++) {
            for (int i = 0; i < 1_000; i++) {
                sampler.offer(packet(T0 + second * 1_000_000L + i * 1_000L, i < 900 ? 23 : 445, "BR"));
            }
        }
        List<LiveSample> samples = sampler.drain();
        assertThat(samples).hasSize(seconds * 20);
        Map<Integer, Long> byPort = samples.stream().collect(Collectors.groupingBy(LiveSample::port,
                Collectors.counting()));
        double share445 = byPort.getOrDefault(445, 0L) / (double) samples.size();
        assertThat(share445).isBetween(0.08, 0.12);
        // Positions within the second are spread evenly too: about half of the samples from each half second.
        long firstHalf = samples.stream().filter(s -> Math.floorMod(s.timestampMicros(), 1_000_000L) < 500_000)
                .count();
        assertThat(firstHalf / (double) samples.size()).isBetween(0.45, 0.55);
    }

    @Test
    void aDrainInTheMiddleOfASecondLeavesOnlyTheRemainingSlots() {
        LiveSampler sampler = new LiveSampler(10, 3);
        for (int i = 0; i < 1_000; i++) {
            sampler.offer(packet(T0 + i, 80, "US"));
        }
        List<LiveSample> first = sampler.drain();
        for (int i = 1_000; i < 2_000; i++) {
            sampler.offer(packet(T0 + i, 80, "US"));
        }
        List<LiveSample> second = sampler.drain();
        assertThat(first).hasSize(10);
        assertThat(second).isEmpty();
        sampler.offer(packet(T0 + 1_000_000, 80, "US")); // the next second has all its slots again
        assertThat(sampler.drain()).hasSize(1);
    }

    @Test
    void samplesCarryWhatTheMapShowsAndTheSameSeedPicksTheSame() {
        Function<Long, List<LiveSample>> run = seed -> {
            LiveSampler sampler = new LiveSampler(5, seed);
            for (int i = 0; i < 10_000; i++) {
                sampler.offer(packet(T0 + i * 100L, i, i % 2 == 0 ? "VN" : "IN"));
            }
            return sampler.drain();
        };
        List<LiveSample> a = run.apply(99L);
        assertThat(a).isEqualTo(run.apply(99L));
        assertThat(a).isNotEqualTo(run.apply(100L));
        LiveSample s = a.get(0);
        assertThat(s.source()).isEqualTo(IpAddress.parse("203.0.113.7"));
        assertThat(s.country()).isIn("VN", "IN");
        assertThat(s.packetClass()).isEqualTo(PacketClass.SCAN);
        assertThat(s.protocol()).isEqualTo(6);
    }

    @Test
    void zeroSamplesNothing() {
        LiveSampler sampler = new LiveSampler(0, 1);
        for (int i = 0; i < 100; i++) {
            sampler.offer(packet(T0 + i * 100_000L, 23, "CN"));
        }
        assertThat(sampler.drain()).isEmpty();
    }
}

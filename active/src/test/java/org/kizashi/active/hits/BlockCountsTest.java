package org.kizashi.active.hits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

class BlockCountsTest {
    private static final IpPrefix ISP_A = IpPrefix.parse("192.0.2.0/24");
    private static final IpPrefix ISP_B = IpPrefix.parse("2001:db8::/32");
    private static final Function<IpAddress, Optional<String>> ISPS = address ->
            ISP_A.contains(address) ? Optional.of("isp-a")
                    : ISP_B.contains(address) ? Optional.of("isp-b") : Optional.empty();

    private static BlockEvent event(String time, String client, String list, String action) {
        return BlockEvent.resolver(Instant.parse(time), IpAddress.parse(client), "evil.example", list, action,
                BlockEvent.Origin.UNBOUND, "");
    }

    @Test
    void countsPerJapaneseDayPerListAndPerIsp() {
        BlockCounts counts = new BlockCounts(BlockCounts.JAPAN, ISPS);
        // 23:59:59 and 00:00:00 Japan time: two days, although the same UTC day.
        counts.add(event("2026-11-23T14:59:59Z", "192.0.2.1", "cc", "nxdomain"));
        counts.add(event("2026-11-23T15:00:00Z", "192.0.2.2", "cc", "nxdomain"));
        counts.add(event("2026-11-23T15:30:00Z", "2001:db8::1", "phishing", "local-data"));
        counts.add(event("2026-11-24T01:00:00Z", "203.0.113.9", "cc", "drop"));

        assertThat(counts.total()).isEqualTo(4);
        assertThat(counts.perDay()).containsExactly(
                entry(LocalDate.of(2026, 11, 23), 1L), entry(LocalDate.of(2026, 11, 24), 3L));
        assertThat(counts.onDay(LocalDate.of(2026, 11, 24))).isEqualTo(3);
        assertThat(counts.perList()).containsExactly(entry("cc", 3L), entry("phishing", 1L));
        assertThat(counts.perIsp()).containsExactly(
                entry("isp-a", 2L), entry("isp-b", 1L), entry(BlockCounts.UNKNOWN_ISP, 1L));
        assertThat(counts.perDayOfList("cc")).containsExactly(
                entry(LocalDate.of(2026, 11, 23), 1L), entry(LocalDate.of(2026, 11, 24), 2L));
        assertThat(counts.perDayOfIsp("isp-a")).containsExactly(
                entry(LocalDate.of(2026, 11, 23), 1L), entry(LocalDate.of(2026, 11, 24), 1L));
        assertThat(counts.topLists(1)).containsExactly(entry("cc", 3L));
        assertThat(counts.topIsps(2)).containsExactly(entry("isp-a", 2L), entry("isp-b", 1L));
    }

    @Test
    void theSameEventsInUtcDaysFallOnOneDay() {
        BlockCounts counts = new BlockCounts(ZoneOffset.UTC, ISPS);
        counts.add(event("2026-11-23T14:59:59Z", "192.0.2.1", "cc", "nxdomain"));
        counts.add(event("2026-11-23T15:00:00Z", "192.0.2.2", "cc", "nxdomain"));

        assertThat(counts.perDay()).containsExactly(entry(LocalDate.of(2026, 11, 23), 2L));
    }

    @Test
    void passthruAndLogOnlyHitsAreNotBlocksAndSinkholeLinesCountTheirQueries() {
        BlockCounts counts = new BlockCounts();
        assertThat(counts.add(event("2026-11-23T00:00:00Z", "192.0.2.1", "allow", "passthru"))).isFalse();
        assertThat(counts.add(event("2026-11-23T00:00:00Z", "192.0.2.1", "cc", "disabled"))).isFalse();
        SinkholeDetail dns = new SinkholeDetail("necurs", "necurs", "", "udp", 0, 64500, Optional.empty(), 53, 12);
        assertThat(counts.add(new BlockEvent(Instant.parse("2026-11-23T00:00:00Z"), IpAddress.parse("192.0.2.1"),
                "dga.example", "event4_sinkhole_dns", "sinkhole", BlockEvent.Origin.SINKHOLE, "",
                Optional.of(dns)))).isTrue();

        assertThat(counts.total()).isEqualTo(12);
        assertThat(counts.perList()).containsOnlyKeys("event4_sinkhole_dns");
        assertThat(counts.perIsp()).containsOnlyKeys(BlockCounts.UNKNOWN_ISP);
    }

    @Test
    void mergesCountsOfTheSameZoneOnly() {
        BlockCounts tokyo = new BlockCounts(BlockCounts.JAPAN, ISPS);
        BlockCounts osaka = new BlockCounts(BlockCounts.JAPAN, ISPS);
        tokyo.add(event("2026-11-23T01:00:00Z", "192.0.2.1", "cc", "nxdomain"));
        osaka.add(event("2026-11-23T02:00:00Z", "192.0.2.2", "cc", "nxdomain"));
        osaka.add(event("2026-11-24T02:00:00Z", "2001:db8::2", "phishing", "nxdomain"));

        tokyo.merge(osaka);

        assertThat(tokyo.total()).isEqualTo(3);
        assertThat(tokyo.perList()).containsExactly(entry("cc", 2L), entry("phishing", 1L));
        assertThat(osaka.total()).isEqualTo(2);
        assertThatThrownBy(() -> tokyo.merge(new BlockCounts(ZoneOffset.UTC, ISPS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("into Asia/Tokyo days");
    }

    @Test
    void losesNoCountWhenSeveralThreadsAdd() throws InterruptedException {
        BlockCounts counts = new BlockCounts(BlockCounts.JAPAN, ISPS);
        List<String> lists = List.of("cc", "phishing", "dga");
        List<BlockEvent> events = IntStream.range(0, 30).mapToObj(i -> event("2026-11-2" + (i % 7) + "T12:00:00Z",
                "192.0.2." + i, lists.get(i % 3), "nxdomain")).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        IntStream.range(0, 8).forEach(t -> pool.execute(() -> {
            for (int i = 0; i < 30_000; i++) {
                counts.add(events.get(i % 30));
            }
        }));
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(counts.total()).isEqualTo(240_000);
        assertThat(counts.perList()).containsOnly(entry("cc", 80_000L), entry("phishing", 80_000L),
                entry("dga", 80_000L));
        assertThat(counts.perIsp()).containsExactly(entry("isp-a", 240_000L));
    }
}

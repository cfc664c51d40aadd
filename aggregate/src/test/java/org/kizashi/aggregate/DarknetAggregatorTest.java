package org.kizashi.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kizashi.aggregate.Packets.micros;
import static org.kizashi.aggregate.Packets.scan;
import static org.kizashi.aggregate.Packets.tcp;
import static org.kizashi.aggregate.Packets.v4;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kizashi.aggregate.DarknetAggregatorConfig.SeriesSpec;
import org.kizashi.aggregate.DarknetSummary.Bucket;
import org.kizashi.aggregate.DarknetSummary.Totals;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

class DarknetAggregatorTest {
    private static final DarknetAggregatorConfig EVERYTHING = DarknetAggregatorConfig.defaults().withSeries(
            SeriesSpec.all(Resolution.MINUTE, 10), SeriesSpec.all(Resolution.HOUR, 11),
            SeriesSpec.all(Resolution.DAY, 12));

    private static DarknetSummary aggregate(DarknetAggregator aggregator, List<DarknetPacket> packets) {
        DarknetAccumulator accumulator = aggregator.create();
        for (DarknetPacket packet : packets) {
            accumulator = aggregator.add(packet, accumulator);
        }
        return aggregator.result(accumulator);
    }

    @Test
    void countsPacketsBytesAndDistinctAddressesExactly() {
        List<DarknetPacket> packets = Packets.mixed(1, 20_000, 1_500);
        DarknetSummary summary = aggregate(new DarknetAggregator(), packets);

        Set<String> sources = new HashSet<>();
        Set<String> destinations = new HashSet<>();
        long bytes = 0;
        for (DarknetPacket p : packets) {
            sources.add(p.sourceHigh() + "/" + p.sourceLow());
            destinations.add(p.destinationHigh() + "/" + p.destinationLow());
            bytes += p.bytes();
        }
        // Below 2^14/8 = 2,048 distinct values the counters are exact sets.
        assertThat(summary.totals()).isEqualTo(new Totals(packets.size(), bytes, sources.size(), destinations.size()));
        assertThat(summary.byClass().values().stream().mapToLong(Totals::packets).sum()).isEqualTo(packets.size());
        for (PacketClass c : PacketClass.values()) {
            long expected = packets.stream().filter(p -> p.packetClass() == c).count();
            assertThat(summary.byClass().get(c).packets()).as(c.id()).isEqualTo(expected);
        }
        for (PacketTag t : PacketTag.values()) {
            List<DarknetPacket> tagged = packets.stream().filter(p -> p.has(t)).toList();
            assertThat(summary.byTag().get(t).packets()).as(t.id()).isEqualTo(tagged.size());
            assertThat(summary.byTag().get(t).sources()).as(t.id())
                    .isEqualTo(tagged.stream().map(p -> p.sourceHigh() + "/" + p.sourceLow()).distinct().count());
        }
        assertThat(summary.firstPacket()).isEqualTo(DarknetPacket.instantOfMicros(
                packets.stream().mapToLong(DarknetPacket::timestampMicros).min().orElseThrow()));
        assertThat(summary.lastPacket()).isEqualTo(DarknetPacket.instantOfMicros(
                packets.stream().mapToLong(DarknetPacket::timestampMicros).max().orElseThrow()));
    }

    @Test
    void seriesAddUpToTheTotalsAtEveryResolution() {
        List<DarknetPacket> packets = Packets.mixed(2, 10_000, 800);
        DarknetSummary summary = aggregate(new DarknetAggregator(EVERYTHING), packets);
        for (Resolution resolution : Resolution.values()) {
            List<Bucket> total = summary.series(resolution, SeriesKey.total());
            assertThat(total.stream().mapToLong(Bucket::packets).sum()).isEqualTo(packets.size());
            assertThat(total.stream().mapToLong(Bucket::bytes).sum()).isEqualTo(summary.totals().bytes());
            assertThat(total).isSortedAccordingTo((a, b) -> a.start().compareTo(b.start()));
            for (SeriesKey.Kind kind : SeriesKey.Kind.values()) {
                long sum = summary.series().get(resolution).entrySet().stream()
                        .filter(e -> e.getKey().kind() == kind)
                        .flatMap(e -> e.getValue().stream()).mapToLong(Bucket::packets).sum();
                if (kind != SeriesKey.Kind.TAG) {
                    assertThat(sum).as(resolution + " " + kind).isEqualTo(packets.size());
                }
            }
        }
        long telnet = packets.stream().filter(p -> p.protocol() == 6 && p.destinationPort() == 23).count();
        assertThat(summary.series(Resolution.DAY, SeriesKey.port(6, 23)).stream().mapToLong(Bucket::packets).sum())
                .isEqualTo(telnet);
        assertThat(summary.series(Resolution.HOUR, SeriesKey.port(1, 8))).isNotEmpty(); // ICMP echo: type as port
        assertThat(List.copyOf(summary.series().get(Resolution.DAY).keySet())).isSorted();
    }

    @Test
    void bucketsAreAlignedToUtcMinutesHoursAndDays() {
        long lastMicroOfDay = micros("2024-03-10T23:59:59.999999Z");
        long midnight = micros("2024-03-11T00:00:00Z");
        long endOfFirstMinute = micros("2024-03-11T00:00:59.999999Z");
        long nextMinute = micros("2024-03-11T00:01:00Z");
        long nextHour = micros("2024-03-11T01:00:00Z");
        DarknetSummary summary = aggregate(new DarknetAggregator(EVERYTHING), List.of(
                scan(lastMicroOfDay, v4(192, 0, 2, 1), v4(10, 0, 0, 1), 23),
                scan(midnight, v4(192, 0, 2, 1), v4(10, 0, 0, 2), 23),
                scan(endOfFirstMinute, v4(192, 0, 2, 2), v4(10, 0, 0, 2), 23),
                scan(nextMinute, v4(192, 0, 2, 3), v4(10, 0, 0, 3), 23),
                scan(nextHour, v4(192, 0, 2, 3), v4(10, 0, 0, 3), 23)));

        assertThat(summary.series(Resolution.MINUTE, SeriesKey.total())).containsExactly(
                new Bucket(Instant.parse("2024-03-10T23:59:00Z"), 1, 40, 1, 1),
                new Bucket(Instant.parse("2024-03-11T00:00:00Z"), 2, 80, 2, 1),
                new Bucket(Instant.parse("2024-03-11T00:01:00Z"), 1, 40, 1, 1),
                new Bucket(Instant.parse("2024-03-11T01:00:00Z"), 1, 40, 1, 1));
        assertThat(summary.series(Resolution.HOUR, SeriesKey.port(6, 23))).containsExactly(
                new Bucket(Instant.parse("2024-03-10T23:00:00Z"), 1, 40, 1, 1),
                new Bucket(Instant.parse("2024-03-11T00:00:00Z"), 3, 120, 3, 2),
                new Bucket(Instant.parse("2024-03-11T01:00:00Z"), 1, 40, 1, 1));
        assertThat(summary.series(Resolution.DAY, SeriesKey.country("JP"))).containsExactly(
                new Bucket(Instant.parse("2024-03-10T00:00:00Z"), 1, 40, 1, 1),
                new Bucket(Instant.parse("2024-03-11T00:00:00Z"), 4, 160, 3, 2));
        assertThat(Resolution.HOUR.bucketStart(Instant.parse("2024-03-11T00:59:59.999Z")))
                .isEqualTo(Instant.parse("2024-03-11T00:00:00Z"));
        assertThat(Resolution.DAY.length()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void topListsRankByDistinctSourcesThenPackets() {
        long t = micros("2024-03-10T12:00:00Z");
        List<DarknetPacket> packets = new java.util.ArrayList<>();
        // tcp/445: one host, 100 packets. tcp/23: five hosts, one packet each. tcp/22: three hosts, two packets each.
        // udp/53: three hosts, one packet each (ties with tcp/22 on hosts, fewer packets).
        for (int k = 0; k < 100; k++) {
            packets.add(tcp(t + k, v4(198, 51, 100, 1), v4(10, 0, 0, k), 445, 40, PacketClass.SCAN, 0, "US", 7_922));
        }
        for (int k = 0; k < 5; k++) {
            packets.add(tcp(t, v4(203, 0, 113, k), v4(10, 0, 1, 1), 23, 40, PacketClass.SCAN, 0, "CN", 4_134));
        }
        for (int k = 0; k < 3; k++) {
            packets.add(tcp(t, v4(192, 0, 2, k), v4(10, 0, 2, 1), 22, 40, PacketClass.SCAN, 0, "RU", 0));
            packets.add(tcp(t + 1, v4(192, 0, 2, k), v4(10, 0, 2, 2), 22, 40, PacketClass.SCAN, 0, "RU", 0));
            packets.add(new DarknetPacket(t, 0, v4(192, 0, 3, k), 0, v4(10, 0, 3, 1), 17, 999, 53, 60, PacketClass.UDP,
                    0, "", 12_389));
        }
        DarknetSummary summary = aggregate(new DarknetAggregator(DarknetAggregatorConfig.defaults().withTopN(3)),
                packets);

        assertThat(summary.top().ports()).containsExactly(
                new DarknetSummary.TopEntry<>(SeriesKey.port(6, 23), 5, 5, 1),
                new DarknetSummary.TopEntry<>(SeriesKey.port(6, 22), 6, 3, 2),
                new DarknetSummary.TopEntry<>(SeriesKey.port(17, 53), 3, 3, 1));
        // Unknown country ("") and unknown AS (0) are left out of the lists.
        assertThat(summary.top().countries()).extracting(e -> e.key().code()).containsExactly("CN", "RU", "US");
        assertThat(summary.top().asns()).extracting(e -> e.key().asn()).containsExactly(4_134L, 12_389L, 7_922L);
        assertThat(summary.top().countries().get(2).packets()).isEqualTo(100);
    }

    @Test
    void topListsOverARangeMergeTheBucketSketches() {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator accumulator = aggregator.create();
        Instant day = Instant.parse("2024-03-10T00:00:00Z");
        long d0 = micros("2024-03-10T01:00:00Z");
        long d1 = micros("2024-03-11T01:00:00Z");
        // The same ten hosts scan tcp/23 in two hours of day one: ten hosts, not twenty. Day two: tcp/80 only.
        for (int k = 0; k < 10; k++) {
            aggregator.add(scan(d0, v4(198, 51, 100, k), v4(10, 0, 0, 1), 23), accumulator);
            aggregator.add(scan(d0 + 3_600_000_000L, v4(198, 51, 100, k), v4(10, 0, 0, 2), 23), accumulator);
            aggregator.add(scan(d1, v4(198, 51, 100, k), v4(10, 0, 0, 3), 80), accumulator);
        }
        assertThat(accumulator.top(day, day.plus(Duration.ofDays(1)), 10).ports())
                .containsExactly(new DarknetSummary.TopEntry<>(SeriesKey.port(6, 23), 20, 10, 2));
        // Two hours: not day-aligned, so hour buckets are merged.
        assertThat(accumulator.top(day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(3)), 10).ports())
                .containsExactly(new DarknetSummary.TopEntry<>(SeriesKey.port(6, 23), 20, 10, 2));
        assertThat(accumulator.top(day.plus(Duration.ofHours(2)), day.plus(Duration.ofHours(3)), 10).ports())
                .containsExactly(new DarknetSummary.TopEntry<>(SeriesKey.port(6, 23), 10, 10, 1));
        assertThat(accumulator.top(Instant.MIN, Instant.MAX, 10).ports()).extracting(e -> e.key().port())
                .containsExactly(23, 80);
        assertThat(aggregator.result(accumulator).top().ports().get(0).sources()).isEqualTo(10);
    }

    @Test
    void sourceRecordsDescribeEachSource() {
        long t = micros("2024-03-10T12:00:00Z");
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator accumulator = aggregator.create();
        long scanner = v4(198, 51, 100, 7);
        for (int port = 100; port > 0; port--) { // 100 distinct ports, highest first
            aggregator.add(tcp(t + port, scanner, v4(10, 0, port % 3, port), port, 40, PacketClass.SCAN,
                    PacketTag.MASSCAN.bit(), "NL", 1_136), accumulator);
        }
        aggregator.add(tcp(t + 500, scanner, v4(10, 0, 9, 9), 23, 60, PacketClass.SCAN, PacketTag.MIRAI.bit(), "DE",
                3_320), accumulator);
        DarknetSummary.SourceRecord record = aggregator.result(accumulator).sources().get(0);

        assertThat(record.source()).isEqualTo(IpAddress.parse("198.51.100.7"));
        assertThat(record.packets()).isEqualTo(101);
        assertThat(record.missedPacketsAtMost()).isZero();
        assertThat(record.bytes()).isEqualTo(100 * 40 + 60);
        assertThat(record.firstSeen()).isEqualTo(DarknetPacket.instantOfMicros(t + 1));
        assertThat(record.lastSeen()).isEqualTo(DarknetPacket.instantOfMicros(t + 500));
        assertThat(record.destinationPorts()).hasSize(64).first().isEqualTo(SeriesKey.port(6, 1));
        assertThat(record.destinationPorts().get(63)).isEqualTo(SeriesKey.port(6, 64));
        assertThat(record.distinctDestinationPorts()).isBetween(85L, 115L); // p=8 sketch beyond 64 ports
        assertThat(record.destinations()).isBetween(86L, 116L); // p=8 sketch beyond 32 destinations
        assertThat(record.destinationBlocks()).isEqualTo(4); // 10.0.0/24, 10.0.1/24, 10.0.2/24, 10.0.9/24
        assertThat(record.tags()).containsExactlyInAnyOrder(PacketTag.MASSCAN, PacketTag.MIRAI);
        assertThat(record.country()).isEqualTo("DE"); // the latest packet's enrichment
        assertThat(record.asn()).isEqualTo(3_320);
    }

    @Test
    void daysComputedFromHoursEqualDaysCountedPerPacket() {
        List<DarknetPacket> packets = Packets.mixed(4, 20_000, 3_000);
        // Same precision as the hours: days are computed from them, not stored.
        DarknetAggregatorConfig derived = DarknetAggregatorConfig.defaults().withSeries(
                SeriesSpec.all(Resolution.HOUR, 9), SeriesSpec.all(Resolution.DAY, 9));
        // Hours at another precision: days are counted per packet.
        DarknetAggregatorConfig counted = DarknetAggregatorConfig.defaults().withSeries(
                SeriesSpec.all(Resolution.HOUR, 10), SeriesSpec.all(Resolution.DAY, 9));
        DarknetAggregator derivedAggregator = new DarknetAggregator(derived);
        DarknetAggregator countedAggregator = new DarknetAggregator(counted);
        DarknetAccumulator fromHours = derivedAggregator.create();
        DarknetAccumulator perPacket = countedAggregator.create();
        packets.forEach(p -> derivedAggregator.add(p, fromHours));
        packets.forEach(p -> countedAggregator.add(p, perPacket));

        DarknetSummary a = derivedAggregator.result(fromHours);
        DarknetSummary b = countedAggregator.result(perPacket);
        assertThat(a.series().get(Resolution.DAY)).isEqualTo(b.series().get(Resolution.DAY));
        assertThat(a.series().get(Resolution.DAY).get(SeriesKey.port(6, 23)).get(1).sources()).isGreaterThan(64); // sketches
        assertThat(a.top()).isEqualTo(b.top());
        assertThat(fromHours.toBytes().length).isLessThan(perPacket.toBytes().length); // days are not written
    }

    @Test
    void addDoesNotAllocateOnceBucketsAndSourcesExist() {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator accumulator = aggregator.create();
        List<DarknetPacket> packets = Packets.mixed(5, 5_000, 300);
        for (int round = 0; round < 40; round++) { // creates every bucket and source, and lets the JIT compile add
            for (int i = 0; i < packets.size(); i++) {
                aggregator.add(packets.get(i), accumulator);
            }
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < packets.size(); i++) {
                aggregator.add(packets.get(i), accumulator);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 100,000 adds").isLessThan(10_000);
    }

    @Test
    void anEmptyAccumulatorHasAnEmptySummary() {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetSummary summary = aggregator.result(aggregator.create());
        assertThat(summary.totals()).isEqualTo(new Totals(0, 0, 0, 0));
        assertThat(summary.firstPacket()).isNull();
        assertThat(summary.byClass()).containsOnlyKeys(PacketClass.values());
        assertThat(summary.series().get(Resolution.HOUR)).isEmpty();
        assertThat(summary.top().ports()).isEmpty();
        assertThat(summary.sources()).isEmpty();
        assertThat(summary.series(Resolution.MINUTE, SeriesKey.port(6, 23))).isEmpty();
    }

    @Test
    void refusesTimestampsOutsideTheBucketRange() {
        DarknetAggregator aggregator = new DarknetAggregator();
        assertThatThrownBy(() -> aggregator.add(scan(-1, v4(192, 0, 2, 1), v4(10, 0, 0, 1), 23), aggregator.create()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
    }

    @Test
    void unknownAndOddEnrichmentIsCountedAsUnknown() {
        long t = micros("2024-03-10T12:00:00Z");
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetSummary summary = aggregate(aggregator, List.of(
                new DarknetPacket(t, 0, v4(192, 0, 2, 1), 0, v4(10, 0, 0, 1), 6, 1, 23, 40, null, 0, null, -5),
                new DarknetPacket(t, 0, v4(192, 0, 2, 2), 0, v4(10, 0, 0, 1), 6, 1, 23, 40, PacketClass.SCAN, 0, "jp",
                        1L << 40)));
        assertThat(summary.byClass().get(PacketClass.OTHER).packets()).isEqualTo(1);
        assertThat(summary.series(Resolution.DAY, SeriesKey.country(""))).extracting(Bucket::packets)
                .containsExactly(1L);
        assertThat(summary.series(Resolution.DAY, SeriesKey.country("JP"))).extracting(Bucket::packets)
                .containsExactly(1L);
        assertThat(summary.series(Resolution.DAY, SeriesKey.asn(0))).extracting(Bucket::packets)
                .containsExactly(2L);
    }

    @Test
    void mergingRefusesAccumulatorsOfDifferentShape() {
        DarknetAggregator aggregator = new DarknetAggregator();
        DarknetAccumulator other = new DarknetAggregator(EVERYTHING).create();
        DarknetAccumulator accumulator = aggregator.create();
        assertThatThrownBy(() -> aggregator.merge(accumulator, other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aggregator.merge(accumulator, accumulator))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationIsValidated() {
        assertThatThrownBy(() -> DarknetAggregatorConfig.defaults().withMaxSources(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DarknetAggregatorConfig.defaults().withPrecisions(30, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DarknetAggregatorConfig.defaults().withSeries(SeriesSpec.all(Resolution.HOUR, 10),
                SeriesSpec.all(Resolution.HOUR, 12))).isInstanceOf(IllegalArgumentException.class);
        assertThat(DarknetAggregatorConfig.defaults().series(Resolution.MINUTE).orElseThrow().kinds())
                .containsExactlyInAnyOrder(SeriesKey.Kind.TOTAL, SeriesKey.Kind.CLASS, SeriesKey.Kind.TAG);
    }
}

package org.kizashi.telescope.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.PacketCounts;

class SensorReportTest {
    private static final Instant FROM = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-23T10:01:00Z");
    private static final DarknetAggregator AGGREGATOR = new DarknetAggregator();

    private static final DosAttack DOS = new DosAttack(IpAddress.parse("93.184.216.34"), 6, List.of(80, 443),
            Instant.parse("2026-11-23T09:50:00.123456Z"), Instant.parse("2026-11-23T09:58:30Z"), 4_321, 259_260,
            612.5, "US", 15133);
    private static final PortSurge SURGE = new PortSurge(ProtocolPort.parse("2323/tcp"),
            Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-23T10:00:00Z"), "sources", 1_850, 12.5,
            148.0, List.of("CN", "BR", "VN"), List.of(IpAddress.parse("1.2.3.4"), IpAddress.parse("2001:db8::7")));
    private static final InfectedHost INFECTED = new InfectedHost(42, "198.51.100.0/24",
            IpAddress.parse("198.51.100.23"), Instant.parse("2026-11-23T08:00:00Z"),
            Instant.parse("2026-11-23T09:45:00Z"), 9_876,
            List.of(ProtocolPort.parse("23/tcp"), ProtocolPort.parse("2323/tcp")),
            EnumSet.of(PacketTag.MIRAI, PacketTag.SPOOFED));

    private static DarknetPacket packet(String source, int port, long micros, PacketClass packetClass, int tags) {
        IpAddress s = IpAddress.parse(source);
        IpAddress d = IpAddress.parse("192.0.2.77");
        return new DarknetPacket(micros, s.high(), s.low(), d.high(), d.low(), 6, 40_000, port, 60, packetClass,
                tags, "JP", 2497);
    }

    private static DarknetAccumulator aggregate(int packets) {
        DarknetAccumulator accumulator = AGGREGATOR.create();
        long start = FROM.getEpochSecond() * 1_000_000;
        for (int i = 0; i < packets; i++) {
            AGGREGATOR.add(packet("203.0.113." + (i % 200), 23 + i % 3, start + i * 1_000L, PacketClass.SCAN,
                    PacketTag.MIRAI.bit()), accumulator);
        }
        return accumulator;
    }

    private static SensorReport report(List<TelescopeAlert> alerts) {
        List<LiveSample> samples = List.of(
                LiveSample.of(packet("203.0.113.9", 23, FROM.getEpochSecond() * 1_000_000 + 5, PacketClass.SCAN,
                        PacketTag.MIRAI.bit() | PacketTag.ZMAP.bit())),
                new LiveSample(FROM.getEpochSecond() * 1_000_000 + 7, IpAddress.parse("2001:db8::1"), "", 0, 58, 128,
                        PacketClass.ICMP_REQUEST, 0));
        return new SensorReport("tokyo-1 東京", FROM, TO, new PacketCounts(1_010, 1_000, 7, 3), aggregate(1_000),
                alerts, samples);
    }

    private static long packetsIn(DarknetAccumulator accumulator) {
        return new DarknetAggregator(accumulator.config()).result(accumulator).totals().packets();
    }

    @Test
    void everyAlertKindSurvivesTheRoundTripFieldByField() throws IOException {
        SensorReport original = report(List.of(DOS, SURGE, INFECTED));

        SensorReport read = SensorReport.fromBytes(original.toBytes());

        assertThat(read.sensor()).isEqualTo("tokyo-1 東京");
        assertThat(read.from()).isEqualTo(FROM);
        assertThat(read.to()).isEqualTo(TO);
        assertThat(read.counts()).isEqualTo(new PacketCounts(1_010, 1_000, 7, 3));
        assertThat(read.alerts()).containsExactly(DOS, SURGE, INFECTED);
        assertThat(read.samples()).isEqualTo(original.samples());
        assertThat(packetsIn(read.aggregate())).isEqualTo(1_000);
        assertThat(read.aggregate().toBytes()).isEqualTo(original.aggregate().toBytes());
        assertThat(read.toBytes()).isEqualTo(original.toBytes());
    }

    @Test
    void eachAlertKindAloneRoundTrips() throws IOException {
        for (TelescopeAlert alert : List.of(DOS, SURGE, INFECTED)) {
            assertThat(SensorReport.fromBytes(report(List.of(alert)).toBytes()).alerts()).containsExactly(alert);
        }
        InfectedHost noTags = new InfectedHost(1, "198.51.100.0/24", IpAddress.parse("198.51.100.1"), FROM, TO, 1,
                List.of(), Set.of());
        DosAttack unknownVictimDetails = new DosAttack(IpAddress.parse("2001:db8::80"), 58, List.of(), FROM, TO, 30,
                0, 31.0, "", 0);
        assertThat(SensorReport.fromBytes(report(List.of(noTags, unknownVictimDetails)).toBytes()).alerts())
                .containsExactly(noTags, unknownVictimDetails);
    }

    @Test
    void anEmptyReportRoundTrips() throws IOException {
        SensorReport empty = new SensorReport("s", FROM, TO, PacketCounts.ZERO, AGGREGATOR.create(), List.of(),
                List.of());
        SensorReport read = SensorReport.fromBytes(empty.toBytes());
        assertThat(read.counts()).isEqualTo(PacketCounts.ZERO);
        assertThat(read.alerts()).isEmpty();
        assertThat(read.samples()).isEmpty();
        assertThat(packetsIn(read.aggregate())).isZero();
    }

    @Test
    void mergingAddsCountsAggregatesAlertsAndSamples() {
        SensorReport first = report(List.of(DOS));
        SensorReport second = new SensorReport("tokyo-1 東京", TO, TO.plusSeconds(60),
                new PacketCounts(505, 500, 5, 0), aggregate(500), List.of(SURGE), List.of());

        SensorReport merged = first.merge(second);

        assertThat(merged.from()).isEqualTo(FROM);
        assertThat(merged.to()).isEqualTo(TO.plusSeconds(60));
        assertThat(merged.counts()).isEqualTo(new PacketCounts(1_515, 1_500, 12, 3));
        assertThat(packetsIn(merged.aggregate())).isEqualTo(1_500);
        assertThat(merged.alerts()).containsExactly(DOS, SURGE);
        assertThat(merged.samples()).hasSize(2);
    }

    @Test
    void garbageIsRefusedWithWhatAndWhere() {
        assertThatThrownBy(() -> SensorReport.fromBytes(new byte[0]))
                .isInstanceOf(IOException.class).hasMessageContaining("not a Kizashi sensor report")
                .hasMessageContaining("byte offset 0");
        assertThatThrownBy(() -> SensorReport.fromBytes("GET / HTTP/1.1\r\n".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("magic 0x47455420 at byte offset 0");
    }

    @Test
    void anotherVersionIsRefusedNamingTheVersion() {
        byte[] bytes = report(List.of()).toBytes();
        bytes[4] = 9;
        assertThatThrownBy(() -> SensorReport.fromBytes(bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("unsupported sensor report version 9 at byte offset 4 (this reads version 1)");
    }

    @Test
    void aTruncatedReportSaysWhereItEnds() {
        byte[] whole = report(List.of(DOS, SURGE, INFECTED)).toBytes();
        for (int length : new int[] {5, 9, 40, whole.length / 2, whole.length - 30, whole.length - 1}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> SensorReport.fromBytes(cut))
                    .as("cut at %d of %d bytes", length, whole.length)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("truncated")
                    .hasMessageMatching(".*at byte offset \\d+.*");
        }
    }

    @Test
    void damageInsideASectionIsCaught() {
        SensorReport original = report(List.of(DOS));
        byte[] bytes = original.toBytes();
        // The alerts section: find the DoS alert (kind 1 followed by its length) and change the kind to 9.
        int alerts = indexOfSection(bytes, SensorReport.ALERTS);
        bytes[alerts + 5 + 4] = 9;
        assertThatThrownBy(() -> SensorReport.fromBytes(bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("corrupt sensor report: unknown alert kind 9 at byte offset " + (alerts + 9));

        byte[] aggregateDamaged = original.toBytes();
        int aggregate = indexOfSection(aggregateDamaged, SensorReport.AGGREGATE);
        aggregateDamaged[aggregate + 5] ^= 0x55; // the accumulator's magic
        assertThatThrownBy(() -> SensorReport.fromBytes(aggregateDamaged))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt aggregate section at byte offset " + (aggregate + 5));

        byte[] trailing = Arrays.copyOf(original.toBytes(), original.toBytes().length + 3);
        assertThatThrownBy(() -> SensorReport.fromBytes(trailing))
                .isInstanceOf(IOException.class)
                .hasMessage("corrupt sensor report: 3 trailing bytes at byte offset " + original.toBytes().length);
    }

    @Test
    void sectionsOfALaterWriterAreSkipped() throws IOException {
        byte[] bytes = report(List.of(SURGE)).toBytes();
        // Insert section 42 with 3 bytes before the end marker.
        ByteBuffer extended = ByteBuffer.allocate(bytes.length + 8);
        extended.put(bytes, 0, bytes.length - 1).put((byte) 42).putInt(3).put(new byte[] {1, 2, 3}).put((byte) 0);
        assertThat(SensorReport.fromBytes(extended.array()).alerts()).containsExactly(SURGE);
    }

    /** The offset of a top-level section's id byte. */
    private static int indexOfSection(byte[] bytes, int id) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int p = 5;
        while (bytes[p] != 0) {
            if (bytes[p] == id) {
                return p;
            }
            p += 5 + b.getInt(p + 1);
        }
        throw new AssertionError("no section " + id);
    }
}

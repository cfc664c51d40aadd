package org.kizashi.telescope.detect;

import org.kizashi.core.telescope.DosAttack;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.telescope.decode.DecodedPacket;
import org.kizashi.telescope.enrich.SourceEnricher;

class BackscatterDetectorTest {
    private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").getEpochSecond() * 1_000_000;
    private final List<DosAttack> attacks = new ArrayList<>();
    /** Where the victims are: the routers that send ICMP errors are elsewhere. */
    private static final SourceEnricher VICTIMS = new SourceEnricher() {
        @Override
        public String country(long high, long low) {
            return switch (IpAddress.of(high, low).toString()) {
                case "93.184.216.34", "151.101.1.69" -> "US";
                case "62.115.0.1" -> "SE";
                default -> "";
            };
        }

        @Override
        public long asn(long high, long low) {
            return switch (IpAddress.of(high, low).toString()) {
                case "93.184.216.34" -> 15133;
                case "151.101.1.69" -> 54113;
                case "62.115.0.1" -> 1299;
                default -> 0;
            };
        }
    };
    private final BackscatterDetector detector = new BackscatterDetector(DosThresholds.CORSARO, VICTIMS, attacks::add);
    private final DecodedPacket noQuote = decoded();

    private static DecodedPacket decoded() {
        DecodedPacket d = new DecodedPacket();
        d.reset();
        return d;
    }

    private static DarknetPacket synAck(String victim, int victimPort, long micros) {
        IpAddress v = IpAddress.parse(victim);
        IpAddress darknet = IpAddress.parse("133.1.2.3");
        return new DarknetPacket(micros, v.high(), v.low(), darknet.high(), darknet.low(), 6, victimPort, 51_000, 60,
                PacketClass.BACKSCATTER, 0, "US", 15169);
    }

    /** {@code count} packets spread evenly over {@code seconds}, from {@code startSecond}. */
    private void feed(String victim, int port, long startSecond, int count, double seconds) {
        for (int i = 0; i < count; i++) {
            long micros = T0 + startSecond * 1_000_000 + (long) (i * seconds * 1_000_000 / Math.max(1, count - 1));
            detector.add(synAck(victim, port, micros), noQuote);
        }
    }

    @Test
    void aSustainedFloodOfAnswersIsAnAttack() {
        feed("93.184.216.34", 443, 0, 300, 120); // 150 per minute for two minutes
        feed("93.184.216.34", 80, 121, 10, 5);
        detector.finish();
        assertThat(attacks).hasSize(1);
        DosAttack a = attacks.get(0);
        assertThat(a.victim()).isEqualTo(IpAddress.parse("93.184.216.34"));
        assertThat(a.protocolName()).isEqualTo("tcp");
        assertThat(a.ports()).containsExactly(80, 443);
        assertThat(a.packets()).isEqualTo(310);
        assertThat(a.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(Duration.between(a.start(), a.end()).toSeconds()).isEqualTo(126);
        assertThat(a.peakPerMinute()).isBetween(150.0, 170.0);
        assertThat(a.country()).isEqualTo("US");
        assertThat(a.asn()).isEqualTo(15133);
    }

    @Test
    void belowAnyThresholdIsNoAttack() {
        feed("198.41.0.4", 443, 0, 24, 120);          // too few packets
        feed("198.41.0.5", 443, 0, 100, 30);          // too short
        feed("198.41.0.6", 443, 0, 40, 200);          // 12 per minute at most: too slow
        detector.finish();
        assertThat(attacks).isEmpty();
    }

    @Test
    void silenceLongerThanTheTimeoutSplitsAttacks() {
        feed("93.184.216.34", 443, 0, 100, 60);
        feed("93.184.216.34", 443, 400, 100, 60); // 340 s after the last packet: a second attack
        detector.finish();
        assertThat(attacks).hasSize(2);
        assertThat(attacks.get(1).start()).isEqualTo(Instant.parse("2026-11-23T00:06:40Z"));
    }

    @Test
    void idleVectorsAreReportedWhileTheCaptureGoesOn() {
        feed("93.184.216.34", 443, 0, 100, 60);
        feed("8.8.8.8", 53, 1000, 1, 0); // time moves on: the first attack has ended
        assertThat(attacks).hasSize(1);
        assertThat(detector.openVectors()).isEqualTo(1);
    }

    @Test
    void anIcmpErrorBlamesTheDestinationOfTheQuotedPacket() {
        IpAddress router = IpAddress.parse("62.115.0.1");
        IpAddress victim = IpAddress.parse("151.101.1.69");
        IpAddress darknet = IpAddress.parse("133.1.2.3");
        DecodedPacket quoted = decoded();
        quoted.protocol = 1;
        quoted.icmpType = 3;
        quoted.hasQuoted = true;
        quoted.quotedDestinationHigh = victim.high();
        quoted.quotedDestinationLow = victim.low();
        quoted.quotedDestinationPort = 443;
        for (int i = 0; i < 120; i++) {
            detector.add(new DarknetPacket(T0 + i * 1_000_000L, router.high(), router.low(), darknet.high(), darknet.low(),
                    1, 0, 3, 56, PacketClass.BACKSCATTER, 0, "SE", 1299), quoted);
        }
        detector.finish();
        assertThat(attacks).singleElement().satisfies(a -> {
            assertThat(a.victim()).isEqualTo(victim);
            assertThat(a.protocolName()).isEqualTo("icmp");
            assertThat(a.ports()).containsExactly(443);
            assertThat(a.country()).as("the victim's country, not the router's").isEqualTo("US");
            assertThat(a.asn()).isEqualTo(54113);
        });
    }
}

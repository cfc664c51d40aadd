package org.kizashi.telescope.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.junit.jupiter.api.Test;

class SurgeDetectorTest {
    private static final long HOUR = 3_600_000_000L;
    private static final long START = Instant.parse("2016-09-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private final List<PortSurge> surges = new ArrayList<>();
    private final SurgeDetector detector = new SurgeDetector(SurgeSettings.DEFAULTS, surges::add);

    private void scan(int hour, int port, int sources, int packetsPerSource, String country) {
        for (int s = 0; s < sources; s++) {
            IpAddress source = IpAddress.ofV4((port << 16) + s + 1 + (country.hashCode() & 0xff) * 7919);
            for (int p = 0; p < packetsPerSource; p++) {
                detector.add(new DarknetPacket(START + hour * HOUR + s * 1000L + p, source.high(), source.low(), 0,
                        0x0000_ffff_c000_0201L, 6, 40000, port, 40, PacketClass.SCAN, 0, country, 0));
            }
        }
    }

    @Test
    void aPortThatSuddenlyDrawsManyNewSourcesIsFlaggedWithItsEvidence() {
        for (int hour = 0; hour < 24; hour++) {
            scan(hour, 23, 30 + hour % 5, 3, "CN");
            scan(hour, 2323, 2 + hour % 2, 1, "US");
        }
        scan(24, 23, 32, 3, "CN");
        scan(24, 2323, 300, 2, "BR");
        scan(24, 2323, 100, 1, "VN");
        detector.finish();

        assertThat(surges).singleElement().satisfies(s -> {
            assertThat(s.port()).isEqualTo(ProtocolPort.parse("2323/tcp"));
            assertThat(s.metric()).isEqualTo("sources");
            assertThat(s.observed()).isEqualTo(400);
            assertThat(s.baseline()).isBetween(2.0, 3.0);
            assertThat(s.factor()).isGreaterThan(100);
            assertThat(s.topCountries()).startsWith("BR", "VN");
            assertThat(s.sampleSources()).hasSize(5);
            assertThat(s.start()).isEqualTo(Instant.parse("2016-09-02T00:00:00Z"));
        });
    }

    @Test
    void ordinaryVariationAndQuietPortsRaiseNothing() {
        for (int hour = 0; hour < 30; hour++) {
            scan(hour, 23, hour % 2 == 0 ? 40 : 90, 2, "CN");
            scan(hour, 80, 5, 1, "US"); // below the minimum number of sources
        }
        scan(30, 80, 19, 1, "US");
        detector.finish();
        assertThat(surges).isEmpty();
    }

    @Test
    void nothingIsFlaggedBeforeEnoughHistory() {
        scan(0, 23, 500, 1, "CN");
        scan(1, 445, 500, 1, "CN");
        detector.finish();
        assertThat(surges).isEmpty();
    }

    @Test
    void silentHoursCountAsZeroInTheBaseline() {
        for (int hour = 0; hour < 10; hour++) {
            scan(hour, 23, 30, 1, "CN");
        }
        scan(40, 37215, 50, 1, "EG"); // a day later, a port never seen before
        detector.finish();
        assertThat(surges).extracting(PortSurge::port).containsExactly(ProtocolPort.parse("37215/tcp"));
    }
}

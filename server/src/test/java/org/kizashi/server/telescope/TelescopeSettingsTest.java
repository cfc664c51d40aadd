package org.kizashi.server.telescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.server.config.Configuration;
import org.kizashi.server.config.ConfigurationException;
import org.kizashi.server.config.Options;

/** telescope.* settings: a YAML list or a comma-separated environment variable, errors naming where they came from. */
class TelescopeSettingsTest {
    @Test
    void theDarknetIsAYamlListOrACommaSeparatedVariable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kizashi.yaml");
        Files.writeString(file, "telescope:\n  darknet:\n    - 192.0.2.0/24\n    - 2001:db8:dead::/48\n"
                + "  flush-seconds: 30\n");
        TelescopeSettings fromFile = TelescopeSettings.from(Configuration.load(file, Map.of(), Map.of()));
        assertThat(fromFile.darknet()).containsExactly(IpPrefix.parse("192.0.2.0/24"), IpPrefix.parse("2001:db8:dead::/48"));
        assertThat(fromFile.flushEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromFile.daysInMemory()).isEqualTo(7);
        assertThat(fromFile.maxReportBytes()).isEqualTo(64L << 20);
        assertThat(fromFile.sensorLon()).isEqualTo(139.69);

        TelescopeSettings fromEnvironment = TelescopeSettings.from(Configuration.load(file,
                Map.of("KIZASHI_TELESCOPE_DARKNET", " 198.51.100.0/25 , 203.0.113.0/24,"), Map.of()));
        assertThat(fromEnvironment.darknet()).containsExactly(IpPrefix.parse("198.51.100.0/25"),
                IpPrefix.parse("203.0.113.0/24"));
        assertThat(Options.TELESCOPE_DARKNET.environmentVariable()).isEqualTo("KIZASHI_TELESCOPE_DARKNET");
        assertThat(TelescopeSettings.from(Configuration.load(null, Map.of(), Map.of())).darknet()).isEmpty();
    }

    @Test
    void badValuesNameTheSettingAndWhereItCameFrom() {
        assertThatThrownBy(() -> TelescopeSettings.from(Configuration.load(null,
                Map.of("KIZASHI_TELESCOPE_DARKNET", "192.0.2.1/24"), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("telescope.darknet (from KIZASHI_TELESCOPE_DARKNET)")
                .hasMessageContaining("192.0.2.1/24");
        assertThatThrownBy(() -> TelescopeSettings.from(Configuration.load(null, Map.of(),
                Map.of("telescope.sensor-location", "Tokyo"))))
                .hasMessageContaining("telescope.sensor-location (from command line)");
        assertThatThrownBy(() -> TelescopeSettings.from(Configuration.load(null, Map.of(),
                Map.of("telescope.days-in-memory", "0"))))
                .hasMessageContaining("telescope.days-in-memory");
    }
}

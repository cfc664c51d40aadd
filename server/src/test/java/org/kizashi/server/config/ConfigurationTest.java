package org.kizashi.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kizashi.yaml");
        Files.writeString(file, "http:\n  port: 9000\n  host: 0.0.0.0\ndb:\n  vendor: postgresql\n  url: jdbc:postgresql://db/kizashi\n");
        Configuration c = Configuration.load(file, Map.of("KIZASHI_HTTP_PORT", "9100", "KIZASHI_DB_URL", "jdbc:postgresql://env/k"),
                Map.of("http.port", "9200"));
        assertThat(c.get(Options.HTTP_PORT)).isEqualTo("9200");
        assertThat(c.source(Options.HTTP_PORT)).isEqualTo(Source.COMMAND_LINE);
        assertThat(c.get(Options.DB_URL)).isEqualTo("jdbc:postgresql://env/k");
        assertThat(c.source(Options.DB_URL)).isEqualTo(Source.ENVIRONMENT);
        assertThat(c.get(Options.HTTP_HOST)).isEqualTo("0.0.0.0");
        assertThat(c.origin(Options.HTTP_HOST)).isEqualTo(file.toString());
        assertThat(c.get(Options.DATA_DIR)).isEqualTo("./data");
        assertThat(c.source(Options.DATA_DIR)).isEqualTo(Source.DEFAULT);
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(Options.ADMIN_PASSWORD.environmentVariable()).isEqualTo("KIZASHI_ADMIN_PASSWORD");
        assertThat(Options.HTTPS_KEY_STORE_PASSWORD.environmentVariable()).isEqualTo("KIZASHI_HTTPS_KEY_STORE_PASSWORD");
        assertThat(Options.DATA_DIR.environmentVariable()).isEqualTo("KIZASHI_DATA_DIR");
    }

    @Test
    void anUnknownSettingInTheFileIsNamedWithTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kizashi.yaml");
        Files.writeString(file, "http:\n  prot: 9000\n");
        assertThatThrownBy(() -> Configuration.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("unknown setting 'http.prot'");
    }

    @Test
    void brokenYamlIsReportedWithTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "http:\n  port: [9000\n");
        assertThatThrownBy(() -> Configuration.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot read configuration file " + file);
        assertThatThrownBy(() -> Configuration.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void aBadNumberNamesTheSettingAndWhereItCameFrom() {
        Configuration c = Configuration.load(null, Map.of("KIZASHI_HTTP_PORT", "eighty"), Map.of());
        assertThatThrownBy(() -> c.getInt(Options.HTTP_PORT, 0, 65535))
                .hasMessage("http.port (from KIZASHI_HTTP_PORT): 'eighty' is not a number from 0 to 65535");
        Configuration flag = Configuration.load(null, Map.of(), Map.of("http.port", "70000"));
        assertThatThrownBy(() -> flag.getInt(Options.HTTP_PORT, 0, 65535)).hasMessageContaining("from command line");
    }

    @Test
    void secretsAreMaskedInTheDescription() {
        Configuration c = Configuration.load(null, Map.of("KIZASHI_DB_PASSWORD", "hunter2-secret"),
                Map.of("admin.password", "another-secret"));
        String shown = c.describe();
        assertThat(shown).doesNotContain("hunter2-secret").doesNotContain("another-secret");
        assertThat(shown).containsPattern("db.password\\s+\\*\\*\\*\\*\\*\\s+\\(environment KIZASHI_DB_PASSWORD\\)");
        assertThat(shown).containsPattern("http.port\\s+8080\\s+\\(default\\)");
    }
}

package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.intel.Community;
import org.kizashi.store.Database;
import org.kizashi.store.DatabaseSettings;

/** `./kizashi intel import` and `export` on the embedded database of a data directory. */
class IntelCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void organisationAndCommunity() {
        try (Database db = Database.open(DatabaseSettings.embedded(dir.resolve("data")), Clock.systemUTC())) {
            db.organisations().create("JPCERT/CC");
            db.communities().create("情報通信 CEPTOAR", Community.Kind.CEPTOAR, OptionalLong.empty());
        }
    }

    private Path bundle(String... objects) throws IOException {
        Path file = dir.resolve("bundle-" + UUID.randomUUID() + ".json");
        Files.writeString(file, "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
                + String.join(",", objects) + "]}");
        return file;
    }

    private static String malware(String id, String name) {
        return "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":"
                + "\"2015-05-08T00:00:00.000Z\",\"modified\":\"2015-05-08T00:00:00.000Z\",\"name\":\"" + name
                + "\",\"is_family\":true}";
    }

    private CliRun intel(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "intel";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db";
        all[args.length + 2] = "h2";
        all[args.length + 3] = "--data-dir=" + dir.resolve("data");
        return CliRun.main(all);
    }

    @Test
    void importStoresTheValidObjectsListsTheOthersAndExportGivesThemBack() throws IOException {
        String emdivi = "malware--" + UUID.randomUUID();
        Path file = bundle(malware(emdivi, "Emdivi"), "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--"
                + UUID.randomUUID() + "\",\"created\":\"2015-05-08T00:00:00.000Z\",\"modified\":"
                + "\"2015-05-07T00:00:00.000Z\",\"is_family\":false}");
        CliRun imported = intel("import", file.toString(), "--community", "情報通信 CEPTOAR", "--level", "amber",
                "--provider", "JPCERT/CC");
        assertThat(imported.exit()).as(imported.err()).isEqualTo(1);
        assertThat(imported.out()).contains("1 stored, 0 already there, 1 invalid, 0 refused")
                .contains("objects[1]").contains("/modified");

        Path out = dir.resolve("amber.json");
        CliRun exported = intel("export", "--level", "amber", "--out", out.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        JsonNode bundle = JSON.readTree(out.toFile());
        assertThat(bundle.path("objects").findValuesAsText("id")).contains(emdivi);
        CliRun forGreen = intel("export", "--level", "green", "--community", "情報通信 CEPTOAR", "--out",
                dir.resolve("green.json").toString());
        assertThat(forGreen.exit()).isZero();
        assertThat(JSON.readTree(dir.resolve("green.json").toFile()).path("objects").findValuesAsText("id"))
                .doesNotContain(emdivi);
    }

    @Test
    void mispEventsAreStoredNoWiderThanTheirTlpTagAllows() throws IOException {
        String attribute = UUID.randomUUID().toString();
        Path misp = dir.resolve("misp-event.json");
        Files.writeString(misp, "{\"Event\":{\"uuid\":\"" + UUID.randomUUID() + "\",\"info\":\"標的型メール C&C\","
                + "\"date\":\"2015-05-08\",\"timestamp\":\"1431043200\",\"publish_timestamp\":\"1431043200\","
                + "\"distribution\":\"3\",\"threat_level_id\":\"1\",\"analysis\":\"2\","
                + "\"Orgc\":{\"name\":\"JPCERT/CC\",\"uuid\":\"" + UUID.randomUUID() + "\"},"
                + "\"Tag\":[{\"name\":\"tlp:green\"}],"
                + "\"Attribute\":[{\"uuid\":\"" + attribute + "\",\"type\":\"ip-dst\",\"category\":"
                + "\"Network activity\",\"to_ids\":true,\"value\":\"203.0.113.45\",\"timestamp\":\"1431043200\","
                + "\"distribution\":\"5\"},{\"uuid\":\"" + UUID.randomUUID() + "\",\"type\":\"pgp-public-key\","
                + "\"category\":\"Other\",\"to_ids\":false,\"value\":\"-----BEGIN PGP-----\",\"timestamp\":"
                + "\"1431043200\",\"distribution\":\"5\"}]}}");
        CliRun imported = intel("import", misp.toString(), "--format", "misp", "--community", "情報通信 CEPTOAR",
                "--level", "white", "--provider", "JPCERT/CC");
        assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
        assertThat(imported.out()).contains("green").contains("warning").contains("pgp-public-key");

        intel("export", "--level", "green", "--out", dir.resolve("green.json").toString());
        intel("export", "--level", "white", "--out", dir.resolve("white.json").toString());
        assertThat(JSON.readTree(dir.resolve("green.json").toFile()).path("objects").findValuesAsText("id"))
                .contains("indicator--" + attribute);
        assertThat(JSON.readTree(dir.resolve("white.json").toFile()).path("objects").findValuesAsText("id"))
                .as("tlp:green keeps it from a white audience").doesNotContain("indicator--" + attribute);
        CliRun notMisp = intel("import", misp.toString().replace("misp-event", "nothing"), "--format", "misp",
                "--community", "情報通信 CEPTOAR", "--level", "red", "--provider", "JPCERT/CC");
        assertThat(notMisp.exit()).isEqualTo(2);
    }

    @Test
    void badUsageNamesWhatIsWrong() throws IOException {
        Path file = bundle(malware("malware--" + UUID.randomUUID(), "PlugX"));
        CliRun level = intel("import", file.toString(), "--community", "情報通信 CEPTOAR", "--level", "orange",
                "--provider", "JPCERT/CC");
        assertThat(level.exit()).isEqualTo(2);
        assertThat(level.err()).contains("--level").contains("expected red, amber, yellow, green or white");
        CliRun community = intel("import", file.toString(), "--community", "ガス CEPTOAR", "--level", "red",
                "--provider", "JPCERT/CC");
        assertThat(community.exit()).isEqualTo(2);
        assertThat(community.err()).contains("no community 'ガス CEPTOAR'");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"type\":\"bundle\",\"objects\":[" + malware("malware--" + UUID.randomUUID(), "X")
                + ",\n{oops");
        CliRun truncated = intel("import", broken.toString(), "--community", "情報通信 CEPTOAR", "--level", "red",
                "--provider", "JPCERT/CC");
        assertThat(truncated.exit()).isEqualTo(2);
        assertThat(truncated.out()).contains("1 stored");
        assertThat(truncated.err()).contains(broken + ":2:").contains("malformed JSON");
    }
}

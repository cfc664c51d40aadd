package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@code ./kizashi active rpz}: a validated zone file, unusable lines named, exit codes. */
class ActiveRpzCommandTest {
    @TempDir
    Path dir;

    private Path list(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void writesAZoneOfEveryUsableLineAndNamesTheOthersWithFileAndLine() throws Exception {
        Path cnc = list("cnc.txt", """
                # C&C domains
                evil.example.com
                *.evil.example.com
                EVIL.example.com.
                192.0.2.66
                198.51.100.0/24
                2001:db8::/32
                0.0.0.0 ads.example.net
                http://malware.example.org/
                http://compromised.example.jp/wp/payload.exe
                例え.jp
                bad domain here
                192.0.2.1/16
                """);
        Path zone = dir.resolve("kizashi.rpz");
        CliRun run = CliRun.main("active", "rpz", "--list", cnc.toString(), "--out", zone.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String text = Files.readString(zone);
        assertThat(text).contains("evil.example.com.rpz.kizashi.\t60\tIN\tCNAME\t.",
                "*.evil.example.com.rpz.kizashi.", "32.66.2.0.192.rpz-ip.rpz.kizashi.",
                "24.0.100.51.198.rpz-ip.rpz.kizashi.", "32.zz.db8.2001.rpz-ip.rpz.kizashi.",
                "ads.example.net.rpz.kizashi.", "malware.example.org.rpz.kizashi.", "xn--r8jz45g.jp.rpz.kizashi.");
        assertThat(text).doesNotContain("compromised.example.jp");
        assertThat(run.err()).contains(cnc + ":12: expected one entry per line",
                cnc + ":13: '192.0.2.1/16' is not a valid IP address or prefix",
                cnc + ":10: compromised.example.jp/wp/payload.exe: a URL with a path cannot be blocked by DNS");
        assertThat(run.out()).contains("8 entries", "1 duplicates merged", "3 lines left out");
        checkWithBind(zone, "rpz.kizashi");
    }

    @Test
    void walledGardenPointsAtTheWarningHost() throws Exception {
        Path zone = dir.resolve("wg.rpz");
        CliRun run = CliRun.main("active", "rpz", "--list", list("a.txt", "phish.example\n").toString(),
                "--zone", "block.isp.example", "--action", "walled-garden", "--warning-host", "warning.isp.example",
                "--out", zone.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(zone))
                .contains("phish.example.block.isp.example.\t60\tIN\tCNAME\twarning.isp.example.");
    }

    @Test
    void nothingUsableExitsTwoAndWritesNothing() throws Exception {
        Path zone = dir.resolve("none.rpz");
        CliRun run = CliRun.main("active", "rpz", "--list", list("bad.txt", "# only\nnot a domain\n").toString(),
                "--out", zone.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bad.txt:2:", "nothing usable");
        assertThat(zone).doesNotExist();
    }

    @Test
    void walledGardenWithoutAWarningHostIsABadUsage() throws Exception {
        CliRun run = CliRun.main("active", "rpz", "--list", list("a.txt", "x.example\n").toString(),
                "--action", "walled-garden", "--out", dir.resolve("z").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--warning-host");
    }

    @Test
    void aMissingListFileIsNamed() {
        CliRun run = CliRun.main("active", "rpz", "--list", dir.resolve("absent.txt").toString(),
                "--out", dir.resolve("z").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("absent.txt", "no such file");
    }

    /** BIND's own zone checker reads the file as a zone (it does not know RPZ rules: that is our validator's job). */
    private static void checkWithBind(Path zone, String origin) throws Exception {
        Path checker = Path.of("/usr/bin/named-checkzone");
        if (!Files.isExecutable(checker)) {
            assertThat(System.getenv("CI")).as("named-checkzone is required on CI (bind9-utils)").isNotEqualTo("true");
            Assumptions.abort("named-checkzone is not installed");
        }
        Process process = new ProcessBuilder(List.of(checker.toString(), "-i", "none", origin, zone.toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}

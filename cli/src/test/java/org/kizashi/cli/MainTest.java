package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line as a person uses it: one-line errors, exit codes, no stack traces. */
class MainTest {
    private static CliRun run(String... args) {
        return CliRun.main(args);
    }

    @Test
    void versionAndHelp() {
        CliRun version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("Kizashi ");
        CliRun help = run("--help");
        assertThat(help.out()).contains("start-dev", "start", "show-config");
    }

    @Test
    void aBadFlagIsOneLineAndExitCode2() {
        CliRun r = run("start-dev", "--prot", "8080");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("Unknown options: '--prot'").contains("./kizashi start-dev --help");
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingTheUrl() {
        CliRun r = run("start", "--db", "postgresql", "--db-url", "jdbc:postgresql://127.0.0.1:1/kizashi", "--http-insecure",
                "--port", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("kizashi: cannot connect to the PostgreSQL database at jdbc:postgresql://127.0.0.1:1/kizashi");
    }

    @Test
    void startRefusesTheEmbeddedStoreUnlessAskedFor() {
        CliRun r = run("start", "--http-insecure", "--port", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("start needs a database").contains("--db h2");
    }

    @Test
    void aBadPortNamesItsSource() {
        CliRun r = run("start-dev", "--port", "http", "--data-dir", "target/cli-test-data");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("kizashi: http.port (from command line): 'http' is not a number from 0 to 65535");
    }

    @Test
    void showConfigMasksSecretsAndShowsSources() {
        CliRun r = run("show-config", "--db-password", "very-secret", "--port", "9443");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("very-secret").containsPattern("db.password\\s+\\*\\*\\*\\*\\*\\s+\\(command line\\)")
                .containsPattern("http.port\\s+9443\\s+\\(command line\\)");
    }
}

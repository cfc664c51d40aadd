package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.server.Platform;
import org.kizashi.server.TestPlatforms;
import org.kizashi.server.http.HttpClientSession;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;
import picocli.CommandLine;

/**
 * The live path end to end: `telescope sensor --stdin --server` against a running platform. The sensor loads the
 * organisations' ranges registered on the server, so a customer's infected host becomes that organisation's alert,
 * and what the sensor counted is what the platform shows.
 */
class SensorToPlatformTest {
    private static final String PASSWORD = "sensor-test-password";
    private static Platform platform;
    private static long organisationId;
    private static String token;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        platform = TestPlatforms.h2(Map.of());
        HttpClientSession admin = new HttpClientSession(platform.port());
        assertThat(admin.login("admin", TestPlatforms.ADMIN_PASSWORD).status()).isEqualTo(200);
        organisationId = admin.post("/api/v1/organisations", "{\"name\":\"例示 ISP\"}").json().get("id").asLong();
        platform.database().networks().add(organisationId, IpPrefix.parse("198.51.100.0/24"), "subscribers");
        var created = admin.post("/api/v1/users", "{\"username\":\"sensor\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"analyst\",\"organisationId\":" + organisationId + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        HttpClientSession analyst = new HttpClientSession(platform.port());
        assertThat(analyst.login("sensor", PASSWORD).status()).isEqualTo(200);
        token = analyst.post("/api/v1/tokens", "{\"name\":\"sensor\"}").json().get("secret").asText();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** 60 Mirai SYNs from a subscriber's host and 40 scans from elsewhere into 192.0.2.0/24, in the last hour. */
    private static Path capture() throws IOException {
        Path file = dir.resolve("live.pcap");
        long t = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(50, ChronoUnit.MINUTES).getEpochSecond()
                * 1_000_000_000L;
        try (PcapWriter writer = PcapWriter.open(file, LinkType.ETHERNET)) {
            for (int i = 0; i < 100; i++) {
                int last = i % 200 + 1;
                PacketBuilder p = i < 60
                        ? PacketBuilder.tcp().src("198.51.100.23", 40000).dst("192.0.2." + last, 23).syn()
                                .seq((192L << 24) | (2 << 8) | last)
                        : PacketBuilder.tcp().src("203.0.113." + i, 40000).dst("192.0.2." + last, 445).syn();
                writer.write(t += 1_000_000_000L, p.ethernet());
            }
        }
        return file;
    }

    @Test
    void aSubscribersScanningHostBecomesItsOrganisationsAlert() throws IOException {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        Path capture = capture();
        CliRun run;
        try (InputStream in = Files.newInputStream(capture)) {
            run = CliRun.capture((out, err) -> {
                CommandLine cli = new CommandLine(new TelescopeSensorCommand(in, Map.of()));
                cli.setOut(out);
                cli.setErr(err);
                return cli.execute("--stdin", "--darknet", "192.0.2.0/24", "--name", "edge-1", "--server",
                        "http://127.0.0.1:" + platform.port(), "--token-file", tokenFile.toString(),
                        "--spool", dir.resolve("spool").toString(), "--no-geo");
            });
        }
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("loaded 1 registered organisation ranges");

        HttpClientSession analyst = new HttpClientSession(platform.port()).bearer(token);
        JsonNode alerts = analyst.get("/api/v1/telescope/alerts?limit=50").json();
        JsonNode infected = null;
        for (JsonNode a : alerts) {
            if (a.get("kind").asText().equals("infected_host")) {
                infected = a;
            }
        }
        assertThat(infected).as("alerts: %s", alerts).isNotNull();
        assertThat(infected.get("organisationId").asLong()).isEqualTo(organisationId);
        assertThat(infected.at("/evidence/host").asText()).isEqualTo("198.51.100.23");
        assertThat(infected.at("/evidence/ports/0").asText()).isEqualTo("23/tcp");

        JsonNode overview = analyst.get("/api/v1/telescope/overview").json();
        assertThat(overview.at("/totals/packets").asLong()).as(overview.toString()).isEqualTo(100);
        assertThat(overview.at("/byTag/mirai/packets").asLong()).isEqualTo(60);
    }
}

package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./kizashi telescope analyze` as its documented contract says: the JSON report, exit codes, messages. */
class TelescopeAnalyzeCommandTest {
    private static final long START = Instant.parse("2026-11-20T09:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.main(args);
    }

    /**
     * 40 Mirai SYNs to 23/tcp from 40 sources, 10 SYNs to 445/tcp from one source, 5 UDP packets, 3 packets to an
     * address outside 192.0.2.0/24 and 90 SYN-ACKs from one victim over 3 minutes: 188 frames.
     */
    private Path capture() throws IOException {
        Path file = dir.resolve("darknet.pcap");
        try (PcapWriter writer = PcapWriter.open(file, LinkType.ETHERNET)) {
            long t = START;
            for (int i = 0; i < 40; i++) {
                long destination = (192L << 24) | (2 << 8) | (i + 1);
                writer.write(t += 1_000_000, PacketBuilder.tcp().src("203.0.113." + (i + 1), 40000)
                        .dst("192.0.2." + (i + 1), 23).syn().seq(destination).ethernet());
            }
            for (int i = 0; i < 10; i++) {
                writer.write(t += 1_000_000, PacketBuilder.tcp().src("198.51.100.7", 40000)
                        .dst("192.0.2." + (i + 1), 445).syn().ethernet());
            }
            for (int i = 0; i < 5; i++) {
                writer.write(t += 1_000_000, PacketBuilder.udp().src("198.51.100.8", 5000).dst("192.0.2.9", 161).ethernet());
            }
            for (int i = 0; i < 3; i++) {
                writer.write(t += 1_000_000, PacketBuilder.tcp().src("198.51.100.9", 40000).dst("10.0.0.1", 22).syn().ethernet());
            }
            for (int i = 0; i < 90; i++) {
                writer.write(t += 2_000_000_000L, PacketBuilder.tcp().src("203.0.113.200", 80)
                        .dst("192.0.2." + (i % 200 + 1), 30000 + i).synAck().ethernet());
            }
        }
        return file;
    }

    @Test
    void theJsonReportFollowsTheContract() throws IOException {
        Path report = dir.resolve("report.json");
        CliRun r = run("telescope", "analyze", capture().toString(), "--darknet", "192.0.2.0/24", "--json",
                report.toString(), "--no-geo");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(report.toFile());
        JsonNode packets = json.get("packets");
        assertThat(packets.get("total").asLong()).isEqualTo(148);
        assertThat(packets.get("darknet").asLong()).isEqualTo(145);
        assertThat(packets.get("not_darknet").asLong()).isEqualTo(3);
        assertThat(packets.get("malformed").asLong()).isZero();
        assertThat(packets.get("by_class").get("scan").asLong()).isEqualTo(50);
        assertThat(packets.get("by_class").get("backscatter").asLong()).isEqualTo(90);
        assertThat(packets.get("by_class").get("udp").asLong()).isEqualTo(5);
        assertThat(packets.get("by_class").get("icmp_request").asLong()).isZero();
        assertThat(packets.get("by_class").get("other").asLong()).isZero();
        assertThat(packets.get("by_tag").get("mirai").asLong()).isEqualTo(40);
        assertThat(json.get("sources").asLong()).isEqualTo(40 + 3);

        JsonNode top = json.get("top_ports");
        assertThat(top.get(0).get("proto").asText()).isEqualTo("tcp");
        assertThat(top.get(0).get("port").asInt()).isEqualTo(23);
        assertThat(top.get(0).get("sources").asLong()).isEqualTo(40);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).get("sources").asLong()).isLessThanOrEqualTo(top.get(i - 1).get("sources").asLong());
        }

        JsonNode dos = json.get("dos_attacks");
        assertThat(dos).hasSize(1);
        assertThat(dos.get(0).get("victim").asText()).isEqualTo("203.0.113.200");
        assertThat(dos.get(0).get("proto").asText()).isEqualTo("tcp");
        assertThat(dos.get(0).get("packets").asLong()).isEqualTo(90);
        assertThat(Instant.parse(dos.get(0).get("start").asText())).isBefore(Instant.parse(dos.get(0).get("end").asText()));
        assertThat(dos.get(0).get("peak_ppm").asDouble()).isEqualTo(30.0);
        assertThat(json.get("alerts").isArray()).isTrue();
        assertThat(r.out()).contains("23/tcp").contains("203.0.113.200");
    }

    @Test
    void withoutDarknetPrefixesEveryDestinationIsDarknet() throws IOException {
        CliRun r = run("telescope", "analyze", capture().toString(), "--json", "-", "--no-geo");
        assertThat(r.exit()).isZero();
        String json = r.out().substring(r.out().indexOf("{\n"));
        JsonNode packets = JSON.readTree(json).get("packets");
        assertThat(packets.get("darknet").asLong()).isEqualTo(148);
        assertThat(packets.get("not_darknet").asLong()).isZero();
    }

    @Test
    void anOrganisationsScanningHostIsAnAlert() throws IOException {
        CliRun r = run("telescope", "analyze", capture().toString(), "--org", "example-isp=198.51.100.0/24", "--json",
                "-", "--no-geo");
        JsonNode alerts = JSON.readTree(r.out().substring(r.out().indexOf("{\n"))).get("alerts");
        assertThat(alerts).hasSize(3);
        assertThat(alerts.findValuesAsText("kind")).containsOnly("infected_host");
        assertThat(alerts.findValuesAsText("host")).containsExactly("198.51.100.7", "198.51.100.8", "198.51.100.9");
        assertThat(alerts.get(0).get("organisation").asText()).isEqualTo("example-isp");
        assertThat(alerts.get(0).get("ports").get(0).asText()).isEqualTo("445/tcp");
    }

    @Test
    void aTruncatedFileIsReportedUpToTheDamageWithExitCode2() throws IOException {
        byte[] whole = Files.readAllBytes(capture());
        Path truncated = dir.resolve("truncated.pcap");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 30));
        Path report = dir.resolve("partial.json");
        CliRun r = run("telescope", "analyze", truncated.toString(), "--json", report.toString(), "--no-geo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(truncated.toString()).contains("offset");
        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("packets").get("total").asLong()).isEqualTo(147);
        assertThat(json.get("files").get(0).get("complete").asBoolean()).isFalse();
        assertThat(json.get("files").get(0).get("error_offset").asLong()).isPositive();
    }

    @Test
    void aFileThatIsNotACaptureIsNamedAndTheOthersAreStillRead() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a packet capture\n");
        CliRun r = run("telescope", "analyze", text.toString(), capture().toString(), "--json", "-", "--no-geo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(text.toString());
        JsonNode json = JSON.readTree(r.out().substring(r.out().indexOf("{\n")));
        assertThat(json.get("packets").get("total").asLong()).isEqualTo(148);
    }

    @Test
    void threadsSplitTheWorkButNotTheReport() throws IOException {
        Path capture = capture();
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a packet capture\n");
        String[] common = {"telescope", "analyze", text.toString(), capture.toString(), "--darknet", "192.0.2.0/24",
                "--org", "example-isp=198.51.100.0/24", "--json", "-", "--no-geo"};
        CliRun one = run(concat(common, "--threads", "1"));
        CliRun three = run(concat(common, "--threads", "3"));
        assertThat(three.exit()).isEqualTo(2);
        assertThat(three.out()).isEqualTo(one.out());
        assertThat(three.err()).as("the unusable file is reported once, not once per thread").isEqualTo(one.err());
        assertThat(three.err().split(text.toString(), -1)).hasSize(2);

        CliRun zero = run(concat(common, "--threads", "0"));
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--threads must be between 1 and 256");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void badUsageIsOneLineWithExitCode2() {
        CliRun badPrefix = run("telescope", "analyze", "x.pcap", "--darknet", "192.0.2.1/24");
        assertThat(badPrefix.exit()).isEqualTo(2);
        assertThat(badPrefix.err()).contains("host bits set").contains("--help");
        CliRun badOrg = run("telescope", "analyze", "x.pcap", "--org", "198.51.100.0/24");
        assertThat(badOrg.exit()).isEqualTo(2);
        assertThat(badOrg.err()).contains("NAME=CIDR");
        CliRun missing = run("telescope", "analyze", dir.resolve("missing.pcap").toString(), "--no-geo");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("missing.pcap").contains("no such file");
    }
}

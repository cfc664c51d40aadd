package org.kizashi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.telescope.analyze.PacketCounts;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;
import org.kizashi.telescope.report.LiveSample;
import org.kizashi.telescope.report.SensorReport;
import picocli.CommandLine;

/**
 * {@code tcpdump -w - | ./kizashi telescope sensor --stdin}: a capture stream in, reports posted to the server (a JDK
 * HTTP server here) or spooled, and nothing lost on the way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelescopeSensorCommandTest {
    private static final long START = Instant.parse("2026-11-20T09:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final String TOKEN = "kzs_sensor_test_token";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    /** Statuses to answer, in order; 200 once used up. */
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private Path tokenFile;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(TelescopeSensorCommand.REPORTS_PATH, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Integer scripted = script.poll();
            int status = scripted == null ? 200 : scripted;
            if (status / 100 == 2) {
                bodies.add(body);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            byte[] answer = (status / 100 == 2 ? "{\"status\":\"ok\"}" : "{\"error\":\"unavailable\"}").getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        tokenFile = dir.resolve("sensor.token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static CliRun sensor(InputStream in, Map<String, String> environment, String... args) {
        return CliRun.capture((out, err) -> {
            CommandLine cli = new CommandLine(new TelescopeSensorCommand(in, environment));
            cli.setOut(out);
            cli.setErr(err);
            cli.setParameterExceptionHandler((e, a) -> {
                cli.getErr().println("kizashi: " + e.getMessage());
                return 2;
            });
            return cli.execute(args);
        });
    }

    private CliRun sensor(InputStream in, String... args) {
        return sensor(in, Map.of(), args);
    }

    private static CliRun main(String... args) {
        return CliRun.main(args);
    }

    /** What {@link #capture} wrote. */
    private record Capture(byte[] bytes, int frames, int darknet, int notDarknet, int malformed,
                           List<Integer> recordOffsets) {
    }

    /**
     * Five minutes of capture time: each second 20 SYNs into 192.0.2.0/24 from 20 sources (Mirai-style every other
     * one), one packet to an address outside the darknet, and every tenth second one frame cut off inside the IP
     * header (malformed).
     */
    private static Capture capture(int seconds, long startNanos) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        int frames = 0;
        int darknet = 0;
        int notDarknet = 0;
        int malformed = 0;
        try (PcapWriter writer = PcapWriter.open(bytes, LinkType.ETHERNET)) {
            for (int s = 0; s < seconds; s++) {
                long t = startNanos + s * 1_000_000_000L;
                for (int i = 0; i < 20; i++) {
                    int host = (s * 7 + i) % 254 + 1;
                    long destination = (192L << 24) | (2 << 8) | host;
                    PacketBuilder syn = PacketBuilder.tcp().src("203.0.113." + (i + 1), 40000 + i)
                            .dst("192.0.2." + host, i % 3 == 0 ? 23 : 2323).syn();
                    if (i % 2 == 0) {
                        syn.seq(destination);
                    }
                    writer.flush();
                    offsets.add(bytes.size());
                    writer.write(t + i * 40_000_000L, syn.ethernet());
                    frames++;
                    darknet++;
                }
                writer.flush();
                offsets.add(bytes.size());
                writer.write(t + 900_000_000L, PacketBuilder.udp().src("198.51.100.9", 5353).dst("10.1.2.3", 53)
                        .ethernet());
                frames++;
                notDarknet++;
                if (s % 10 == 0) {
                    byte[] frame = PacketBuilder.tcp().src("203.0.113.99", 1).dst("192.0.2.9", 22).syn().ethernet();
                    writer.flush();
                    offsets.add(bytes.size());
                    writer.write(t + 950_000_000L, frame, 0, 14 + 10, frame.length);
                    frames++;
                    malformed++;
                }
            }
        }
        return new Capture(bytes.toByteArray(), frames, darknet, notDarknet, malformed, offsets);
    }

    private List<SensorReport> received() throws IOException {
        List<SensorReport> reports = new ArrayList<>();
        for (byte[] body : bodies) {
            reports.add(SensorReport.fromBytes(body));
        }
        return reports;
    }

    private static PacketCounts sum(List<SensorReport> reports) {
        return reports.stream().map(SensorReport::counts).reduce(PacketCounts.ZERO, PacketCounts::plus);
    }

    private static long aggregatedPackets(List<SensorReport> reports) {
        long n = 0;
        for (SensorReport r : reports) {
            DarknetAccumulator a = r.aggregate();
            n += new DarknetAggregator(a.config()).result(a).totals().packets();
        }
        return n;
    }

    @Test
    void reportsOfTheStreamAddUpToEveryFrameRead() throws IOException {
        Capture capture = capture(300, START);

        CliRun r = sensor(new ByteArrayInputStream(capture.bytes()), "--stdin", "--darknet", "192.0.2.0/24",
                "--name", "tokyo-1", "--interval", "60s", "--server", url() + "/", "--token-file",
                tokenFile.toString(), "--spool", dir.resolve("spool").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<SensorReport> reports = received();
        assertThat(reports).hasSizeBetween(5, 6);
        assertThat(sum(reports)).isEqualTo(new PacketCounts(capture.frames(), capture.darknet(),
                capture.notDarknet(), capture.malformed()));
        assertThat(capture.malformed()).isEqualTo(30);
        assertThat(aggregatedPackets(reports)).isEqualTo(capture.darknet());
        // One report per minute of capture time, back to back.
        assertThat(reports.get(0).from()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(reports.get(0).to()).isEqualTo(Instant.parse("2026-11-20T09:01:00Z"));
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).from()).isEqualTo(reports.get(i - 1).to());
        }
        assertThat(reports).allSatisfy(report -> assertThat(report.sensor()).isEqualTo("tokyo-1"));
        // The live map's samples: at most 10 a second, all darknet packets, some Mirai-tagged.
        List<LiveSample> samples = reports.stream().flatMap(x -> x.samples().stream()).toList();
        assertThat(samples).hasSize(300 * 10);
        assertThat(samples.stream().collect(Collectors.groupingBy(s -> s.timestampMicros() / 1_000_000,
                Collectors.counting())).values()).allMatch(n -> n == 10);
        assertThat(samples).allMatch(s -> s.port() == 23 || s.port() == 2323);
        assertThat(authorizations).containsOnly("Bearer " + TOKEN);
        assertThat(contentTypes).containsOnly("application/octet-stream");
        assertThat(dir.resolve("spool")).doesNotExist();
        assertThat(r.err()).contains("sent").contains("1,200 darknet");
    }

    @Test
    void aServerThatIsDownAndThenBackGetsEveryReportExactlyOnce() throws IOException {
        Capture capture = capture(300, START);
        script.add(503);
        script.add(503);
        Path spool = dir.resolve("spool");

        CliRun r = sensor(new ByteArrayInputStream(capture.bytes()), "--stdin", "--darknet", "192.0.2.0/24",
                "--name", "osaka", "--server", url(), "--token-file", tokenFile.toString(), "--spool",
                spool.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("spooled as").contains("HTTP 503");
        // The first report was spooled on the 503, posted again (503 again) before the second, which was spooled too;
        // both went out, oldest first, before the third.
        List<SensorReport> reports = received();
        assertThat(reports.get(0).from()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(reports.get(1).from()).isEqualTo(Instant.parse("2026-11-20T09:01:00Z"));
        assertThat(sum(reports)).isEqualTo(new PacketCounts(capture.frames(), capture.darknet(),
                capture.notDarknet(), capture.malformed()));
        assertThat(aggregatedPackets(reports)).isEqualTo(capture.darknet());
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void whenTheServerStaysDownEverythingIsInTheSpoolAndSentOnTheNextRun() throws IOException {
        Capture capture = capture(180, START);
        Path spool = dir.resolve("spool");
        server.stop(0);
        String deadServer = url();

        CliRun down = sensor(new ByteArrayInputStream(capture.bytes()), "--stdin", "--darknet", "192.0.2.0/24",
                "--name", "sapporo", "--server", deadServer, "--token-file", tokenFile.toString(), "--spool",
                spool.toString());

        assertThat(down.exit()).as(down.err()).isZero();
        List<Path> files = TelescopeSensorCommand.Uplink.spooledFiles(spool);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("sapporo-20261120T090000Z.report", "sapporo-20261120T090100Z.report",
                        "sapporo-20261120T090200Z.report");
        List<SensorReport> spooled = new ArrayList<>();
        for (Path f : files) {
            spooled.add(SensorReport.fromBytes(Files.readAllBytes(f)));
        }
        assertThat(sum(spooled).total()).isEqualTo(capture.frames());

        // The server is back: the next run posts the spooled reports, oldest first, before its own.
        startServer();
        Capture later = capture(60, START + 3_600_000_000_000L);
        CliRun up = sensor(new ByteArrayInputStream(later.bytes()), "--stdin", "--darknet", "192.0.2.0/24",
                "--name", "sapporo", "--server", url(), "--token-file", tokenFile.toString(), "--spool",
                spool.toString());
        assertThat(up.exit()).as(up.err()).isZero();
        List<SensorReport> reports = received();
        assertThat(reports).extracting(SensorReport::from).startsWith(Instant.parse("2026-11-20T09:00:00Z"),
                Instant.parse("2026-11-20T09:01:00Z"), Instant.parse("2026-11-20T09:02:00Z"),
                Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(sum(reports).total()).isEqualTo(capture.frames() + later.frames());
        assertThat(TelescopeSensorCommand.Uplink.spooledFiles(spool)).isEmpty();
    }

    @Test
    void withOnlyASpoolDirectoryReportsAreFiles() throws IOException {
        Capture capture = capture(120, START);
        Path spool = dir.resolve("out");

        CliRun r = sensor(new ByteArrayInputStream(capture.bytes()), "--stdin", "--name", "lab/1 東京",
                "--spool", spool.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<Path> files = TelescopeSensorCommand.Uplink.spooledFiles(spool);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("lab_1___-20261120T090000Z.report", "lab_1___-20261120T090100Z.report");
        SensorReport first = SensorReport.fromBytes(Files.readAllBytes(files.get(0)));
        assertThat(first.sensor()).isEqualTo("lab/1 東京");
        // No --darknet: every destination is darknet.
        assertThat(first.counts().notDarknet()).isZero();
        assertThat(bodies).isEmpty();
    }

    @Test
    void importSpoolPostsASpoolDirectoryOldestFirst() throws IOException {
        Capture capture = capture(180, START);
        Path spool = dir.resolve("spool");
        assertThat(sensor(new ByteArrayInputStream(capture.bytes()), "--stdin", "--name", "kobe", "--spool",
                spool.toString()).exit()).isZero();
        script.add(200);
        script.add(400); // the second one is refused as invalid: it is set aside, not posted again and again

        CliRun r = main("telescope", "import-spool", spool.toString(), "--server", url(), "--token-file",
                tokenFile.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("2 of 3 reports imported from " + spool + ", 1 rejected");
        assertThat(received()).extracting(SensorReport::from).containsExactly(
                Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T09:02:00Z"));
        try (var files = Files.list(spool)) {
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactly("kobe-20261120T090100Z.rejected");
        }
        CliRun again = main("telescope", "import-spool", spool.toString(), "--server", url(), "--token-file",
                tokenFile.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("no reports to import");

        CliRun down = main("telescope", "import-spool", dir.resolve("missing").toString(), "--server", url(),
                "--token-file", tokenFile.toString());
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err()).contains("no such directory");
    }

    @Test
    void aDamagedStreamDeliversWhatWasReadThenExits2WithTheOffset() throws IOException {
        Capture capture = capture(150, START);
        // Cut the stream in the middle of a record header a little after 2 minutes: a killed writer.
        int cutRecord = 150 * 21;
        int offset = capture.recordOffsets().get(cutRecord);
        byte[] truncated = Arrays.copyOf(capture.bytes(), offset + 9);
        long framesBefore = cutRecord;

        CliRun r = sensor(new ByteArrayInputStream(truncated), "--stdin", "--darknet", "192.0.2.0/24",
                "--server", url(), "--token-file", tokenFile.toString(), "--spool", dir.resolve("s").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("kizashi: standard input: ").contains("at byte offset " + offset);
        List<SensorReport> reports = received();
        assertThat(sum(reports).total()).isEqualTo(framesBefore);
        assertThat(reports.get(reports.size() - 1).counts().total()).isPositive();
    }

    @Test
    void notACaptureIsExit2AndNoReport() {
        CliRun r = sensor(new ByteArrayInputStream("hello, this is not a capture".getBytes()), "--stdin",
                "--server", url(), "--token-file", tokenFile.toString(), "--spool", dir.resolve("s").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("kizashi: standard input: not a capture file (magic 0x");
        assertThat(bodies).isEmpty();
    }

    @Test
    void aQuietLinkStillReportsEveryInterval() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed, 1 << 16);
        long now = Instant.now().getEpochSecond() * 1_000_000_000L;
        var running = Executors.newSingleThreadExecutor().submit(() -> sensor(in, Map.of(TelescopeSensorCommand
                        .TOKEN_VARIABLE, "kzs_from_environment"), "--stdin", "--interval", "1s", "--server", url(),
                "--spool", dir.resolve("s").toString()));
        try (PcapWriter writer = PcapWriter.open(feed, LinkType.ETHERNET)) {
            for (int i = 0; i < 3; i++) {
                writer.write(now + i, PacketBuilder.tcp().src("203.0.113.5", 40000).dst("192.0.2.5", 445).syn()
                        .ethernet());
            }
            writer.flush();
            // No packet for a while: the reports come from the wall clock.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (bodies.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(bodies).as("reports while the link is quiet").hasSizeGreaterThanOrEqualTo(3);
        }
        CliRun r = running.get(30, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        List<SensorReport> reports = received();
        assertThat(sum(reports).total()).isEqualTo(3);
        assertThat(reports.get(0).counts().total()).isEqualTo(3);
        assertThat(reports.subList(1, reports.size())).allMatch(x -> x.counts().total() == 0);
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).from()).isEqualTo(reports.get(i - 1).to());
        }
        assertThat(authorizations).containsOnly("Bearer kzs_from_environment");
    }

    @Test
    void aFullOutboxMergesReportsInsteadOfDroppingThem() {
        TelescopeSensorCommand.Outbox outbox = new TelescopeSensorCommand.Outbox(2);
        List<SensorReport> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DarknetAggregator aggregator = new DarknetAggregator();
            DarknetAccumulator a = aggregator.create();
            for (int p = 0; p <= i; p++) {
                aggregator.add(new DarknetPacket((START / 1000) + i * 60_000_000L + p,
                        0, 0xffff_c000_0201L, 0, 0xffff_c000_0202L, 6, 1, 23, 60,
                        PacketClass.SCAN, 0, "", 0), a);
            }
            SensorReport report = new SensorReport("s", Instant.ofEpochSecond(START / 1_000_000_000L + i * 60L),
                    Instant.ofEpochSecond(START / 1_000_000_000L + (i + 1) * 60L),
                    new PacketCounts(i + 1, i + 1, 0, 0), a, List.of(), List.of());
            made.add(report);
            outbox.put(report);
        }
        outbox.close();
        List<SensorReport> waiting = outbox.takeAll();
        assertThat(waiting).hasSize(2);
        assertThat(sum(waiting).total()).isEqualTo(1 + 2 + 3 + 4 + 5);
        assertThat(aggregatedPackets(waiting)).isEqualTo(15);
        assertThat(waiting.get(1).from()).isEqualTo(made.get(1).from());
        assertThat(waiting.get(1).to()).isEqualTo(made.get(4).to());
    }

    @Test
    void usageMistakesAreOneLineAndExit2() throws IOException {
        CliRun noStdin = main("telescope", "sensor", "--spool", dir.toString());
        assertThat(noStdin.exit()).isEqualTo(2);
        assertThat(noStdin.err().strip().lines()).hasSize(1);
        assertThat(noStdin.err()).startsWith("kizashi: ").contains("--stdin");

        CliRun nowhere = sensor(InputStream.nullInputStream(), "--stdin");
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("give --server URL").contains("--spool DIR");

        CliRun noToken = sensor(InputStream.nullInputStream(), "--stdin", "--server", url());
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("API token").contains("KIZASHI_SENSOR_TOKEN");

        Path empty = dir.resolve("empty.token");
        Files.writeString(empty, "\n\n");
        CliRun emptyToken = sensor(InputStream.nullInputStream(), "--stdin", "--server", url(), "--token-file",
                empty.toString());
        assertThat(emptyToken.err()).contains("holds no token");

        CliRun badUrl = sensor(InputStream.nullInputStream(), "--stdin", "--server", "ftp://example.jp",
                "--token-file", tokenFile.toString());
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("http:// or https://");

        CliRun badInterval = main("telescope", "sensor", "--stdin", "--spool", dir.toString(), "--interval", "soon");
        assertThat(badInterval.exit()).isEqualTo(2);
        assertThat(badInterval.err()).contains("not a duration");

        CliRun noDatabase = sensor(InputStream.nullInputStream(), "--stdin", "--spool", dir.toString(),
                "--country-db", dir.resolve("missing.mmdb").toString());
        assertThat(noDatabase.exit()).isEqualTo(2);
        assertThat(noDatabase.err()).startsWith("kizashi: ").contains("missing.mmdb");

        CliRun help = main("telescope", "sensor", "--help");
        assertThat(help.out()).contains("--stdin", "--darknet=CIDR", "--interval=DURATION", "--server=URL",
                "--token-file=FILE", "--spool=DIR", "--country-db=FILE", "--asn-db=FILE");
    }

    /** The real thing: tcpdump re-writes a capture to its standard output, which the sensor reads. */
    @Test
    void readsWhatTheRealTcpdumpWritesToAPipe() throws Exception {
        Path tcpdump = Path.of("/usr/bin/tcpdump");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!Files.isExecutable(tcpdump)) {
            assertThat(ci).as("tcpdump is required on CI (apt-get install tcpdump)").isFalse();
            Assumptions.abort("tcpdump is not installed");
        }
        Capture capture = capture(120, START);
        Path file = dir.resolve("darknet.pcap");
        Files.write(file, capture.bytes());
        file.toFile().setReadable(true, false); // tcpdump may drop to its own user before reading
        dir.toFile().setExecutable(true, false);
        Process process = new ProcessBuilder(tcpdump.toString(), "-r", file.toString(), "-w", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            CliRun r = sensor(process.getInputStream(), "--stdin", "--darknet", "192.0.2.0/24", "--server", url(),
                    "--token-file", tokenFile.toString(), "--spool", dir.resolve("s").toString());
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(r.exit()).as(r.err()).isZero();
        } finally {
            process.destroyForcibly();
        }
        List<SensorReport> reports = received();
        assertThat(sum(reports)).isEqualTo(new PacketCounts(capture.frames(), capture.darknet(),
                capture.notDarknet(), capture.malformed()));
        assertThat(reports).extracting(SensorReport::from).containsExactly(
                Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T09:01:00Z"));
        assertThat(Collections.max(reports.stream().map(SensorReport::to).toList()))
                .isAfter(Instant.parse("2026-11-20T09:01:59Z"));
    }
}

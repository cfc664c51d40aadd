package org.kizashi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.OrganisationNetwork;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.AnalysisSettings;
import org.kizashi.telescope.analyze.PacketCounts;
import org.kizashi.telescope.analyze.TelescopeAnalysis;
import org.kizashi.telescope.capture.CaptureFormatException;
import org.kizashi.telescope.capture.CaptureReader;
import org.kizashi.telescope.capture.FrameSink;
import org.kizashi.telescope.report.LiveSample;
import org.kizashi.telescope.report.LiveSampler;
import org.kizashi.telescope.report.SensorReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * ./kizashi telescope sensor: a live darknet sensor. Reads a capture stream ({@code tcpdump -i IF -w - | ./kizashi
 * telescope sensor --stdin ...}), analyses it, and every interval sends the server a {@link SensorReport} (counts,
 * partial aggregate, alerts, live-map samples).
 *
 * <p>Threads: the reading thread owns the analysis and holds {@link #lock} except while it waits for input, so the
 * once-a-second ticker can cut a report on a quiet link (wall-clock interval) without a lock per packet. Reports go
 * through a bounded {@link Outbox} to the uplink (a virtual thread) so that reading never waits for the network; a full
 * outbox merges reports instead of dropping them. What cannot be posted is spooled as files and posted again, oldest
 * first, before the next report.
 */
@Command(name = "sensor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a live darknet sensor: read a capture stream from standard input, analyse it, and send the "
                + "server a report every interval (counts, aggregate, alerts, live-map samples).", "",
                "  tcpdump -i eth1 -w - | ./kizashi telescope sensor --stdin \\",
                "      --darknet 192.0.2.0/24 --server https://kizashi.example.jp \\",
                "      --token-file /etc/kizashi/sensor.token", "",
                "Reports the server does not accept (unreachable, 5xx) are written to the spool directory as "
                        + "<sensor>-<from>.report and posted again, oldest first, before the next report. With "
                        + "--spool and no --server, reports are only written there.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the input ended (every report sent or spooled)",
                "1:failure (reading failed, a report could neither be sent nor spooled)",
                "2:bad usage, or the input is not a capture or is damaged (what was read before is reported)"})
final class TelescopeSensorCommand implements Callable<Integer> {
    /** Where reports are posted, under the server URL. */
    static final String REPORTS_PATH = "/api/v1/telescope/reports";
    /** The organisations' registered ranges, under the server URL. */
    static final String NETWORKS_PATH = "/api/v1/telescope/networks";
    /** The environment variable holding the API token when there is no --token-file. */
    static final String TOKEN_VARIABLE = "KIZASHI_SENSOR_TOKEN";
    /** The spool directory with --server and no --spool: "spool" in the working directory. */
    static final Path DEFAULT_SPOOL = Path.of("spool");
    /** Reports waiting for the uplink before new ones are merged into the last. */
    static final int OUTBOX_CAPACITY = 16;
    static final String SPOOL_SUFFIX = ".report";
    static final String REJECTED_SUFFIX = ".rejected";

    @Option(names = "--stdin", description = "read the capture (pcap or pcapng, as from tcpdump -w -) from standard input")
    boolean stdin;

    @Option(names = "--name", paramLabel = "NAME", description = "the sensor's name in reports (default: the host name)")
    String name;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "report every DURATION of capture time, and of wall-clock time on a quiet link; "
                    + "1s to 1d (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--server", paramLabel = "URL", description = "Kizashi server to post reports to, for example "
            + "https://kizashi.example.jp (reports go to URL" + REPORTS_PATH + ")")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the API token for --server "
            + "(default: the environment variable " + TOKEN_VARIABLE + ")")
    Path tokenFile;

    @Option(names = "--spool", paramLabel = "DIR", description = "directory for reports not yet delivered (default "
            + "with --server: ./spool); without --server, reports are only written there")
    Path spool;

    @Option(names = "--samples-per-second", paramLabel = "N", defaultValue = "10",
            description = "packets sampled for the live map per second of capture time (default: ${DEFAULT-VALUE})")
    int samplesPerSecond;

    @CommandLine.Mixin
    TelescopeOptions telescope = new TelescopeOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream input;
    private final Map<String, String> environment;
    private final boolean detectTerminal;

    TelescopeSensorCommand() {
        this(System.in, System.getenv(), true);
    }

    /** For tests: the capture stream in place of standard input, and the environment; never a terminal. */
    TelescopeSensorCommand(InputStream input, Map<String, String> environment) {
        this(input, environment, false);
    }

    private TelescopeSensorCommand(InputStream input, Map<String, String> environment, boolean detectTerminal) {
        this.input = Objects.requireNonNull(input, "input");
        this.environment = Map.copyOf(environment);
        this.detectTerminal = detectTerminal;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!stdin) {
            throw usage("reading standard input is the only mode for now: add --stdin "
                    + "(tcpdump -i IF -w - | ./kizashi telescope sensor --stdin ...)");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw usage("--interval must be between 1s and 1d (got " + interval.toSeconds() + "s)");
        }
        if (samplesPerSecond < 0 || samplesPerSecond > 10_000) {
            throw usage("--samples-per-second must be between 0 and 10000");
        }
        URI endpoint = server == null ? null : endpoint(server, spec.commandLine());
        String token = endpoint == null ? null : token(tokenFile, environment, spec.commandLine());
        if (endpoint == null && spool == null) {
            throw usage("nowhere to send reports: give --server URL (with --token-file FILE or " + TOKEN_VARIABLE
                    + "), --spool DIR, or both");
        }
        if (endpoint == null && tokenFile != null) {
            throw usage("--token-file needs --server");
        }
        Path spoolDirectory = spool != null ? spool : DEFAULT_SPOOL;
        String sensorName = name != null ? name.strip() : hostName(environment);
        if (sensorName.isEmpty() || sensorName.length() > 200) {
            throw usage("--name must be 1 to 200 characters");
        }
        AnalysisSettings settings = telescope.settings(spec.commandLine());
        try (Enrichment enrichment = telescope.enrichment(spec.commandLine());
             Uplink uplink = new Uplink(endpoint, token, spoolDirectory, new Log(err, detectTerminal && ProgressBar.standardErrorIsTerminal()))) {
            settings = settings.withOrganisationNetworks(watchedNetworks(settings.organisationNetworks(), uplink));
            Sensor sensor = new Sensor(sensorName, settings.withEnricher(enrichment.enricher()), interval, samplesPerSecond,
                    uplink);
            return sensor.run(input);
        }
    }

    /**
     * The ranges whose hosts raise infected-host alerts: those registered on the server (with their organisations'
     * ids), and those given with --org, numbered -1, -2, ... so that they never pass for a registered organisation.
     */
    private static List<OrganisationNetwork> watchedNetworks(List<OrganisationNetwork> local, Uplink uplink) {
        List<OrganisationNetwork> networks = new ArrayList<>();
        for (OrganisationNetwork n : local) {
            networks.add(new OrganisationNetwork(-n.id(), -n.organisationId(), n.prefix(), n.description()));
        }
        if (uplink.hasServer()) {
            try {
                List<OrganisationNetwork> registered = uplink.registeredNetworks();
                networks.addAll(registered);
                uplink.log.line("loaded " + registered.size() + " registered organisation ranges from the server");
            } catch (IOException e) {
                uplink.log.error("could not load the organisations' ranges from the server (" + Failures.oneLine(e)
                        + "); infected-host alerts only for --org ranges");
            }
        }
        return networks;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** {@code url} + {@link #REPORTS_PATH}, checked. */
    static URI endpoint(String url, CommandLine commandLine) {
        String base = url.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        try {
            URI uri = new URI(base + REPORTS_PATH);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new CommandLine.ParameterException(commandLine, "--server must be an http:// or https:// URL, for example https://kizashi.example.jp "
                        + "(got '" + url + "')");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(commandLine, "--server '" + url + "' is not a URL: " + e.getReason());
        }
    }

    /** The API token from the file, else from the environment, checked. */
    static String token(Path tokenFile, Map<String, String> environment, CommandLine commandLine) {
        String token;
        String from;
        if (tokenFile != null) {
            from = "--token-file " + tokenFile;
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(commandLine, "cannot read " + from + ": no such file");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "cannot read " + from + ": " + Failures.oneLine(e));
            }
        } else {
            from = TOKEN_VARIABLE;
            token = environment.get(TOKEN_VARIABLE);
            if (token == null) {
                throw new CommandLine.ParameterException(commandLine, "--server needs an API token: --token-file FILE or the environment variable "
                        + TOKEN_VARIABLE);
            }
        }
        token = token.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (token.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, from + " holds no token");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new CommandLine.ParameterException(commandLine, from + " does not hold a token (spaces or control characters in it)");
        }
        return token;
    }

    /** The host name, without asking DNS (a sensor on a closed network may have none). */
    static String hostName(Map<String, String> environment) {
        for (String variable : List.of("HOSTNAME", "COMPUTERNAME")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        try {
            String value = Files.readString(Path.of("/etc/hostname")).strip();
            if (!value.isEmpty()) {
                return value.lines().findFirst().orElse(value).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return "sensor";
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The reading side: analysis, report cutting, status. */
    static final class Sensor {
        private static final long UNSET = Long.MIN_VALUE;

        private final String name;
        private final long intervalNanos;
        private final Uplink uplink;
        private final TelescopeAnalysis analysis;
        private final LiveSampler sampler;
        private final List<TelescopeAlert> alerts = new ArrayList<>();
        /** Held by the reading thread except while it waits for input; the ticker takes it to cut on a quiet link. */
        private final ReentrantLock lock = new ReentrantLock(true);

        // Guarded by lock.
        private long windowStartNanos = UNSET;
        private long nextCutNanos = Long.MAX_VALUE;
        private long lastFrameNanos = UNSET;
        private boolean framesInWindow;
        private boolean finished;
        /** Frames the analysis failed on (it counts bad packets itself; this is for anything unforeseen). */
        private long failedFrames;
        /** System.nanoTime() of the last report; read by the ticker without the lock. */
        private volatile long lastReportTicks;

        /** Counts as of the last wait for input, for the status line (read without the lock). */
        private volatile PacketCounts published = PacketCounts.ZERO;

        Sensor(String name, AnalysisSettings settings, Duration interval, int samplesPerSecond, Uplink uplink) {
            this.name = name;
            this.intervalNanos = interval.toNanos();
            this.uplink = uplink;
            this.analysis = new TelescopeAnalysis(settings, alerts::add);
            this.sampler = new LiveSampler(samplesPerSecond, System.nanoTime());
            analysis.tap(sampler::offer);
        }

        int run(InputStream in) {
            Thread hook = new Thread(this::emergencyStop, "kizashi-sensor-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return runUntilEnd(in);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already
                }
            }
        }

        private int runUntilEnd(InputStream in) {
            Thread ticker = null;
            int exit;
            String failure = null;
            lock.lock();
            try {
                lastReportTicks = System.nanoTime();
                uplink.start();
                ticker = Thread.ofPlatform().daemon().name("kizashi-sensor-ticker").start(this::tick);
                FrameSink sink = this::frame;
                try (CaptureReader reader = CaptureReader.open(new Gate(in), CaptureReader.STANDARD_INPUT)) {
                    reader.read(sink);
                    exit = 0;
                } catch (CaptureFormatException e) {
                    failure = e.getMessage();
                    exit = 2;
                } catch (IOException e) {
                    failure = CaptureReader.STANDARD_INPUT + ": " + Failures.oneLine(e);
                    exit = 1;
                }
                if (!finished) {
                    finished = true;
                    analysis.finish();
                    SensorReport last = cut(finalEnd(), true);
                    if (last != null) {
                        uplink.outbox.put(last);
                    }
                }
            } finally {
                finished = true;
                uplink.outbox.close();
                lock.unlock();
                if (ticker != null) {
                    ticker.interrupt();
                }
            }
            boolean delivered = uplink.awaitDelivered();
            PacketCounts total = analysis.counts();
            uplink.log.line(String.format(Locale.ROOT, "sensor %s: %s: %s frames, %s darknet, %s malformed; "
                            + "%d reports sent, %d spooled%s", name, exit == 0 ? "end of input" : "stopped",
                    Numbers.grouped(total.total()), Numbers.grouped(total.darknet()),
                    Numbers.grouped(total.malformed()), uplink.sent.get(), uplink.spooled.get(),
                    uplink.spooled.get() > 0 ? " (in " + uplink.spool + ")" : ""));
            if (failure != null) {
                uplink.log.error(failure);
            }
            if (!delivered || uplink.lost.get() > 0) {
                uplink.log.error(uplink.lost.get() + " report(s) could neither be sent nor spooled");
                return Math.max(exit, 1);
            }
            return exit;
        }

        /** One frame, on the reading thread (lock held). */
        private void frame(long timestampNanos, int linkType, byte[] buffer, int offset, int capturedLength,
                           int originalLength) {
            if (finished) {
                return; // stopped by a signal while this batch was read
            }
            if (timestampNanos >= nextCutNanos || windowStartNanos == UNSET) {
                captureTimeCut(timestampNanos);
            }
            try {
                analysis.frame(timestampNanos, linkType, buffer, offset, capturedLength, originalLength);
            } catch (RuntimeException e) {
                // A sensor must not die on one frame (for instance a timestamp the aggregate cannot hold).
                if (failedFrames++ == 0) {
                    uplink.log.error("skipped a frame the analysis could not take: " + Failures.oneLine(e)
                            + " (further ones are counted silently)");
                }
                return;
            }
            if (timestampNanos > lastFrameNanos) {
                lastFrameNanos = timestampNanos;
            }
            framesInWindow = true;
        }

        private void captureTimeCut(long timestampNanos) {
            if (windowStartNanos == UNSET) {
                windowStartNanos = align(timestampNanos);
                nextCutNanos = windowStartNanos + intervalNanos;
                return;
            }
            long end = nextCutNanos;
            uplink.outbox.put(cut(end, false));
            long start = timestampNanos < end + intervalNanos ? end : align(timestampNanos);
            windowStartNanos = start;
            nextCutNanos = start + intervalNanos;
        }

        /** Every second: the status line on a terminal, and a report when none was cut for an interval. */
        private void tick() {
            long previousTotal = 0;
            long previousTicks = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                PacketCounts counts = published;
                if (uplink.log.terminal) {
                    double seconds = Math.max(1, now - previousTicks) / 1e9;
                    long pps = Math.round((counts.total() - previousTotal) / seconds);
                    uplink.log.status(String.format(Locale.ROOT,
                            "%s packets, %s darknet, %s malformed, %s pps, %d reports sent, %d spooled%s",
                            Numbers.compact(counts.total()), Numbers.compact(counts.darknet()),
                            Numbers.compact(counts.malformed()), Numbers.compact(pps), uplink.sent.get(),
                            uplink.spooled.get(), uplink.problem == null ? "" : " (" + uplink.problem + ")"));
                }
                previousTotal = counts.total();
                previousTicks = now;
                if (now - lastReportTicks >= intervalNanos) {
                    lock.lock();
                    try {
                        if (!finished && System.nanoTime() - lastReportTicks >= intervalNanos) {
                            wallClockCut();
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }

        /**
         * No capture-time cut for an interval of wall-clock time (a quiet link): report anyway. When the window's end
         * has passed on the wall clock, the report ends there, as if a packet had come after it (any packet at or
         * after it would have cut the report already); otherwise (the capture's clock runs ahead) at the last packet,
         * or now.
         */
        private void wallClockCut() {
            long now = wallNanos();
            long end;
            if (windowStartNanos != UNSET && nextCutNanos <= now) {
                end = nextCutNanos;
            } else if (framesInWindow) {
                end = Math.max(windowStartNanos, microsCeiling(lastFrameNanos));
            } else {
                end = Math.max(windowStartNanos, now);
            }
            uplink.outbox.put(cut(end, false));
            windowStartNanos = end;
            nextCutNanos = align(end) + intervalNanos;
        }

        private long finalEnd() {
            if (windowStartNanos == UNSET) {
                return wallNanos();
            }
            return framesInWindow ? Math.max(windowStartNanos, microsCeiling(lastFrameNanos)) : windowStartNanos;
        }

        /**
         * The report of everything since the last cut, ending at {@code endNanos}. With {@code onlyIfAny}, null when
         * nothing at all happened since the last report.
         */
        private SensorReport cut(long endNanos, boolean onlyIfAny) {
            PacketCounts counts = analysis.takeCounts();
            List<TelescopeAlert> newAlerts = List.copyOf(alerts);
            alerts.clear();
            List<LiveSample> samples = sampler.drain();
            DarknetAccumulator aggregate = analysis.takeAccumulator();
            long startNanos = windowStartNanos == UNSET ? uplink.startedNanos : windowStartNanos;
            framesInWindow = false;
            lastReportTicks = System.nanoTime();
            published = analysis.counts();
            if (onlyIfAny && counts.total() == 0 && newAlerts.isEmpty()) {
                return null;
            }
            return new SensorReport(name, instant(startNanos), instant(Math.max(startNanos, endNanos)), counts,
                    aggregate, newAlerts, samples);
        }

        /** SIGTERM or Ctrl+C: the partial report and whatever waits in the outbox go to the spool. */
        private void emergencyStop() {
            try {
                if (!lock.tryLock(2, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (finished) {
                    return;
                }
                finished = true;
                SensorReport last = cut(finalEnd(), true);
                if (last != null) {
                    uplink.outbox.put(last);
                }
                uplink.outbox.close();
            } finally {
                lock.unlock();
            }
            uplink.spoolRemaining();
        }

        private long align(long nanos) {
            return Math.floorDiv(nanos, intervalNanos) * intervalNanos;
        }

        private static long microsCeiling(long nanos) {
            return Math.floorDiv(nanos, 1000L) * 1000L + 1000L;
        }

        private static long wallNanos() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        private static Instant instant(long nanos) {
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }

        /** The input stream, releasing the lock while it waits, so that the ticker can cut reports meanwhile. */
        private final class Gate extends FilterInputStream {
            Gate(InputStream in) {
                super(in);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                published = analysis.counts();
                lock.unlock();
                try {
                    return in.read(b, off, len);
                } finally {
                    lock.lock();
                }
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public long skip(long n) throws IOException {
                lock.unlock();
                try {
                    return in.skip(n);
                } finally {
                    lock.lock();
                }
            }

            @Override
            public void close() {
                // standard input belongs to the process
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Reports waiting for the uplink, at most {@code capacity}: when full, a new report is merged into the newest
     * waiting one, so that a slow server costs resolution in time, never counts.
     */
    static final class Outbox {
        private final int capacity;
        private final Deque<SensorReport> reports = new ArrayDeque<>();
        private boolean closed;
        private long merges;

        Outbox(int capacity) {
            this.capacity = capacity;
        }

        synchronized void put(SensorReport report) {
            if (closed) {
                throw new IllegalStateException("the outbox is closed");
            }
            if (reports.size() >= capacity) {
                reports.addLast(reports.pollLast().merge(report));
                merges++;
            } else {
                reports.addLast(report);
            }
            notifyAll();
        }

        /** The oldest report, waiting for one; null once closed and empty. */
        synchronized SensorReport take() throws InterruptedException {
            while (reports.isEmpty() && !closed) {
                wait();
            }
            return reports.pollFirst();
        }

        synchronized List<SensorReport> takeAll() {
            List<SensorReport> all = new ArrayList<>(reports);
            reports.clear();
            return all;
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        synchronized long merges() {
            return merges;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Delivers reports: posts them to the server, or spools them, and posts spooled ones again. */
    static final class Uplink implements AutoCloseable {
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC);
        /** {@code <sensor>-<stamp>[.n].report}. */
        private static final Pattern SPOOLED = Pattern.compile("(.*)-(\\d{8}T\\d{6}Z)(?:\\.(\\d+))?\\.report");

        final Outbox outbox = new Outbox(OUTBOX_CAPACITY);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong spooled = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final long startedNanos = Sensor.wallNanos();
        final Path spool;
        final Log log;
        private final URI endpoint;
        private final String token;
        private final HttpClient client;
        private Thread thread;
        /** Why the last report could not be posted, until one is; for the status line. */
        volatile String problem;

        Uplink(URI endpoint, String token, Path spool, Log log) {
            this.endpoint = endpoint;
            this.token = token;
            this.spool = spool;
            this.log = log;
            this.client = endpoint == null ? null : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }

        void start() {
            thread = Thread.ofVirtual().name("kizashi-sensor-uplink").start(this::loop);
        }

        /** Waits until every report was delivered or spooled; false when interrupted first. */
        boolean awaitDelivered() {
            if (thread == null) {
                return true;
            }
            try {
                thread.join();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void loop() {
            while (true) {
                SensorReport report;
                try {
                    report = outbox.take();
                } catch (InterruptedException e) {
                    spoolRemaining();
                    return;
                }
                if (report == null) {
                    return;
                }
                try {
                    deliver(report);
                } catch (RuntimeException e) {
                    log.error("unexpected failure delivering a report: " + Failures.oneLine(e));
                    spoolOrLose(report, "after a failure");
                }
            }
        }

        void spoolRemaining() {
            for (SensorReport report : outbox.takeAll()) {
                spoolOrLose(report, "shutting down");
            }
        }

        private void deliver(SensorReport report) {
            byte[] bytes = report.toBytes();
            String what = describe(report);
            if (endpoint == null) {
                spoolOrLose(report, bytes, what, null);
                return;
            }
            Posted resent = postSpooled();
            if (!resent.ok()) {
                problem = resent.problem();
                spoolOrLose(report, bytes, what, resent.problem());
                return;
            }
            Posted posted = post(bytes);
            problem = posted.ok() || posted.rejected() ? null : posted.problem();
            if (posted.ok()) {
                sent.incrementAndGet();
                log.report(what + ": sent");
            } else if (posted.rejected()) {
                rejected.incrementAndGet();
                Path kept = writeSpool(report, bytes, REJECTED_SUFFIX);
                log.error("the server rejected " + what + " (" + posted.problem() + ")"
                        + (kept != null ? "; kept as " + kept : ""));
                if (kept == null) {
                    lost.incrementAndGet();
                }
            } else {
                spoolOrLose(report, bytes, what, posted.problem());
            }
        }

        private void spoolOrLose(SensorReport report, String why) {
            spoolOrLose(report, report.toBytes(), describe(report), why);
        }

        private void spoolOrLose(SensorReport report, byte[] bytes, String what, String why) {
            Path file = writeSpool(report, bytes, SPOOL_SUFFIX);
            if (file != null) {
                spooled.incrementAndGet();
                log.report(what + ": spooled as " + file + (why != null ? " (" + why + ")" : ""));
            } else {
                lost.incrementAndGet();
            }
        }

        /** Writes the report to the spool (atomically: a reader never sees half a file); null when that failed. */
        private Path writeSpool(SensorReport report, byte[] bytes, String suffix) {
            String base = report.sensor().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + STAMP.format(report.from());
            try {
                Files.createDirectories(spool);
                Path target = spool.resolve(base + suffix);
                for (int n = 1; Files.exists(target); n++) {
                    target = spool.resolve(base + "." + n + suffix);
                }
                Path temporary = spool.resolve("." + target.getFileName() + ".tmp");
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } catch (IOException | RuntimeException e) {
                log.error("cannot write " + describe(report) + " to the spool directory " + spool + ": "
                        + Failures.oneLine(e));
                return null;
            }
        }

        /** Posts the spooled reports, oldest first, until one fails; not ok when one could not be delivered. */
        Posted postSpooled() {
            List<Path> files = spooledFiles(spool);
            for (Path file : files) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    continue; // an importer took it
                } catch (IOException e) {
                    log.error("cannot read spooled report " + file + ": " + Failures.oneLine(e));
                    continue;
                }
                Posted posted = post(bytes);
                if (posted.ok() || posted.rejected()) {
                    try {
                        if (posted.ok()) {
                            Files.deleteIfExists(file);
                            sent.incrementAndGet();
                            log.report("spooled report " + file.getFileName() + ": sent");
                        } else {
                            Path rejected = file.resolveSibling(file.getFileName().toString()
                                    .replaceFirst("\\.report$", REJECTED_SUFFIX));
                            Files.move(file, rejected, StandardCopyOption.REPLACE_EXISTING);
                            this.rejected.incrementAndGet();
                            log.error("the server rejected spooled report " + file.getFileName() + " ("
                                    + posted.problem() + "); renamed to " + rejected.getFileName());
                        }
                    } catch (IOException e) {
                        log.error("cannot remove delivered spooled report " + file + ": " + Failures.oneLine(e));
                        return new Posted(0, "spool not writable");
                    }
                } else {
                    return posted;
                }
            }
            return new Posted(200, null);
        }

        /** The spooled reports in a directory, oldest first (by the time in their names). */
        static List<Path> spooledFiles(Path directory) {
            List<Path> files = new ArrayList<>();
            if (!Files.isDirectory(directory)) {
                return files;
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SPOOL_SUFFIX)) {
                for (Path p : stream) {
                    if (Files.isRegularFile(p)) {
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                return files;
            }
            files.sort(Comparator.comparing((Path p) -> sortKey(p.getFileName().toString()))
                    .thenComparing(p -> p.getFileName().toString()));
            return files;
        }

        private static String sortKey(String fileName) {
            Matcher m = SPOOLED.matcher(fileName);
            if (!m.matches()) {
                return "~" + fileName; // unknown names after the known ones
            }
            String n = m.group(3) == null ? "0" : m.group(3);
            return m.group(2) + "." + "0".repeat(Math.max(0, 9 - n.length())) + n;
        }

        /** The outcome of one POST: ok (2xx), rejected (a 4xx that retrying cannot fix), or worth retrying. */
        record Posted(int status, String problem) {
            boolean ok() {
                return status >= 200 && status < 300;
            }

            boolean rejected() {
                return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408
                        && status != 429;
            }
        }

        boolean hasServer() {
            return endpoint != null;
        }

        /** The organisations' ranges registered on the server (GET /api/v1/telescope/networks). */
        List<OrganisationNetwork> registeredNetworks() throws IOException {
            URI uri = endpoint.resolve(NETWORKS_PATH);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .header("User-Agent", "kizashi-sensor/" + Main.version())
                    .GET().build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + response.statusCode());
            }
            List<OrganisationNetwork> networks = new ArrayList<>();
            try {
                for (JsonNode n : new ObjectMapper().readTree(response.body())) {
                    networks.add(new OrganisationNetwork(n.get("id").asLong(), n.get("organisationId").asLong(),
                            IpPrefix.parse(n.get("prefix").asText()), ""));
                }
            } catch (RuntimeException e) {
                throw new IOException(uri + " answered something else than a list of ranges: " + e.getMessage(), e);
            }
            return networks;
        }

        Posted post(byte[] bytes) {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(60))
                    .expectContinue(true)
                    .header("Content-Type", "application/octet-stream")
                    .header("Authorization", "Bearer " + token)
                    .header("User-Agent", "kizashi-sensor/" + Main.version())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Posted(status, null);
                }
                String body = response.body() == null ? "" : response.body().strip();
                String detail = body.isEmpty() ? "" : ": " + body.lines().findFirst().orElse("");
                if (detail.length() > 200) {
                    detail = detail.substring(0, 200) + "...";
                }
                String problem = "HTTP " + status + detail;
                if (status == 401 || status == 403) {
                    log.error("the server refused the sensor's token (HTTP " + status + "); reports are spooled "
                            + "until it accepts it");
                }
                return new Posted(status, problem);
            } catch (HttpConnectTimeoutException e) {
                return new Posted(0, "no connection to " + authority() + " within 10 s");
            } catch (HttpTimeoutException e) {
                return new Posted(0, authority() + " did not answer within 60 s");
            } catch (ConnectException e) {
                return new Posted(0, "cannot connect to " + authority());
            } catch (IOException e) {
                return new Posted(0, authority() + ": " + Failures.oneLine(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Posted(0, "interrupted");
            }
        }

        private String authority() {
            return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        }

        private static String describe(SensorReport report) {
            PacketCounts c = report.counts();
            return String.format(Locale.ROOT, "report %s to %s (%s frames, %s darknet, %s malformed, %d alerts)",
                    report.from(), report.to(), Numbers.grouped(c.total()), Numbers.grouped(c.darknet()),
                    Numbers.grouped(c.malformed()), report.alerts().size());
        }

        @Override
        public void close() {
            if (client != null) {
                client.shutdownNow();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Standard error, shared by the threads: on a terminal a status line redrawn in place (reports are not logged,
     * errors are), otherwise a line per report.
     */
    static final class Log {
        private final PrintWriter err;
        final boolean terminal;
        private int statusLength;

        Log(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        synchronized void status(String line) {
            String padding = line.length() < statusLength ? " ".repeat(statusLength - line.length()) : "";
            err.print("\r" + line + padding);
            err.flush();
            statusLength = line.length();
        }

        synchronized void report(String line) {
            if (!terminal) {
                line(line);
            }
        }

        synchronized void error(String message) {
            line("kizashi: " + message);
        }

        synchronized void line(String line) {
            if (statusLength > 0) {
                err.print("\r" + " ".repeat(statusLength) + "\r");
                statusLength = 0;
            }
            err.println(line);
            err.flush();
        }
    }
}

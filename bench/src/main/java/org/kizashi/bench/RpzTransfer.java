package org.kizashi.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.kizashi.active.dns.DnsPrimary;
import org.kizashi.active.dns.TransferAccess;
import org.kizashi.active.dns.ZoneHistory;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.rpz.RpzZone;
import org.kizashi.core.active.TriggerKind;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A full transfer of the million-entry zone from our primary against BIND serving the same zone, in one run on one
 * machine (goal: Unbound gets the zone from us no slower than from BIND).
 *
 * <p>The zone is built from the benchmark list as {@code ./kizashi active rpz} builds it, served by {@link DnsPrimary}
 * (in this JVM) and, from the zone file {@link RpzZone#writeZoneFile} writes, by {@code named} as a primary, each on a
 * free port of 127.0.0.1. Then, alternating between the two primaries:
 * <ol>
 *   <li>raw AXFR: a minimal client that reads the length-prefixed messages and only walks the records to find the
 *       closing SOA, so the server's speed shows; our primary renders the transfer once per serial and caches it, so
 *       its first (cold) transfer is reported apart from the warm ones;</li>
 *   <li>dnsjava {@link ZoneTransferIn} (records parsed and counted), and {@code dig axfr} when installed;</li>
 *   <li>a fresh Unbound ({@code rpz: primary:}) per repetition: the time from starting it until queries for the
 *       last entry of the list and for the last name in DNSSEC canonical order (as both primaries send them)
 *       are both answered with the policy's NXDOMAIN, polling every 15 ms; then the middle entry is checked, and a
 *       name not listed must still resolve.</li>
 * </ol>
 * Unbound never reaches the Internet: a root zone of its own ({@code auth-zone "."} for upstream, with a wildcard
 * answering every name 192.0.2.1, TTL 0) and root hints pointing at 127.0.0.1.
 *
 * <pre>java -Xmx4g -cp bench/target/benchmarks.jar org.kizashi.bench.RpzTransfer [--entries N] [--reps N]
 *     [--list FILE] [--no-unbound] [--no-raw] [--timeout SECONDS]</pre>
 */
public final class RpzTransfer {
    private static final String NAMED = "/usr/sbin/named";
    private static final String UNBOUND = "/usr/sbin/unbound";
    private static final String DIG = "/usr/bin/dig";
    private static final int POLL_MILLIS = 15;

    private RpzTransfer() {
    }

    /** One raw transfer: wall time, messages, bytes on the wire (with the length prefixes) and records. */
    record Transfer(double seconds, long messages, long bytes, long records) {
    }

    /** One Unbound run: seconds until the last entry was enforced, and until Unbound first answered at all. */
    record UnboundRun(double enforced, double up) {
    }

    public static void main(String[] args) throws Exception {
        int entries = ActiveLists.MILLION;
        int reps = 5;
        Path list = null;
        boolean unbound = true;
        boolean raw = true;
        int timeoutSeconds = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--list" -> list = Path.of(args[++i]);
                case "--no-unbound" -> unbound = false;
                case "--no-raw" -> raw = false;
                case "--timeout" -> timeoutSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!Files.isExecutable(Path.of(NAMED))) {
            throw new IllegalStateException(NAMED + " is needed: apt-get install bind9");
        }
        if (unbound && !Files.isExecutable(Path.of(UNBOUND))) {
            throw new IllegalStateException(UNBOUND + " is needed: apt-get install unbound");
        }
        Path base = ActiveLists.workDirectory();
        Files.createDirectories(base);
        if (list == null) {
            list = ActiveLists.listFile(base, entries);
        }
        Path dir = Files.createTempDirectory(base, "transfer-").toAbsolutePath();

        System.err.println("building the zone from " + list);
        PolicySet policies = RpzBuild.readPolicies(list, Instant.now()).policies();
        ZoneHistory history = new ZoneHistory(RpzZone.Settings.of(RpzBuild.ORIGIN, null), policies,
                Clock.systemUTC());
        RpzZone zone = history.current();
        Path zoneFile = dir.resolve("rpz.zone");
        try (Writer out = Files.newBufferedWriter(zoneFile, StandardCharsets.US_ASCII)) {
            zone.writeZoneFile(out);
        }
        int last = policies.size() - 1;
        if (policies.kind(last) != TriggerKind.DOMAIN) {
            throw new IllegalStateException("the last entry is not a domain: " + policies.trigger(last));
        }
        int middle = policies.size() / 2;
        while (policies.kind(middle) != TriggerKind.DOMAIN) {
            middle++;
        }
        String lastName = policies.name(last) + ".";
        String middleName = policies.name(middle) + ".";
        String canonicalLastName = canonicalLastName(zone);
        System.out.printf(Locale.ROOT, "zone %s serial %d: %,d entries, %,d records; zone file %,d bytes; "
                        + "last entry %s, middle entry %s, last name in canonical order %s%n", zone.origin(),
                zone.serial(), policies.size(), zone.recordCount() + 1, Files.size(zoneFile), lastName, middleName,
                canonicalLastName);

        List<Process> children = new CopyOnWriteArrayList<>(); // also read by the shutdown hook
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroyForcibly)));
        try (DnsPrimary primary = new DnsPrimary(new InetSocketAddress("127.0.0.1", 0), TransferAccess.loopback(),
                List.of(), Clock.systemUTC())) {
            primary.serve(history);
            primary.start();
            int ours = primary.address().getPort();
            int bind = freePort();
            Process named = startBind(dir.resolve("bind"), zoneFile, bind, zone.serial(), children);
            awaitSerial(ours, zone.serial(), Duration.ofSeconds(10));
            System.out.printf(Locale.ROOT, "primaries: ours on 127.0.0.1#%d, BIND on 127.0.0.1#%d (%s)%n", ours, bind,
                    version(NAMED, "-v"));
            if (raw) {
                rawTransfers(ours, bind, reps, zone);
            }
            if (unbound) {
                List<Source> sources = List.of(new Source("ours", ours), new Source("BIND", bind));
                unboundTransfers(sources, reps, dir, List.of(lastName, canonicalLastName), middleName,
                        Duration.ofSeconds(timeoutSeconds), children);
            }
            named.destroy();
            named.waitFor(10, TimeUnit.SECONDS);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        Files.deleteIfExists(zoneFile); // 50 MB a run; the logs stay
        System.out.println("logs: " + dir);
    }

    // ---- raw transfers ----------------------------------------------------------------------------------------------

    private static void rawTransfers(int ours, int bind, int reps, RpzZone zone) throws Exception {
        Name origin = zone.origin();
        long expected = zone.recordCount() + 1L;
        System.err.println("raw AXFR: the first transfer from each primary");
        Transfer cold = rawAxfr(ours, origin, expected);
        System.out.printf(Locale.ROOT, "raw AXFR ours, first (cold: renders the messages): %.3f s, %,d messages, "
                + "%,d bytes, %,d records%n", cold.seconds(), cold.messages(), cold.bytes(), cold.records());
        Transfer first = rawAxfr(bind, origin, expected);
        System.out.printf(Locale.ROOT, "raw AXFR BIND, first: %.3f s, %,d messages, %,d bytes, %,d records%n",
                first.seconds(), first.messages(), first.bytes(), first.records());
        double[] rawOurs = new double[reps];
        double[] rawBind = new double[reps];
        double[] javaOurs = new double[reps];
        double[] javaBind = new double[reps];
        boolean dig = Files.isExecutable(Path.of(DIG));
        double[] digOurs = new double[reps];
        double[] digBind = new double[reps];
        for (int rep = 0; rep < reps; rep++) {
            System.err.printf(Locale.ROOT, "raw AXFR rep %d/%d%n", rep + 1, reps);
            boolean oursFirst = rep % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isOurs = oursFirst == (k == 0);
                int port = isOurs ? ours : bind;
                Transfer t = rawAxfr(port, origin, expected);
                (isOurs ? rawOurs : rawBind)[rep] = t.seconds();
                System.out.printf(Locale.ROOT, "rep %d raw AXFR %s: %.3f s (%,d messages, %,d bytes)%n", rep + 1,
                        isOurs ? "ours" : "BIND", t.seconds(), t.messages(), t.bytes());
            }
            for (int k = 0; k < 2; k++) {
                boolean isOurs = oursFirst == (k == 0);
                int port = isOurs ? ours : bind;
                double seconds = dnsjavaAxfr(port, origin, expected);
                (isOurs ? javaOurs : javaBind)[rep] = seconds;
                System.out.printf(Locale.ROOT, "rep %d dnsjava ZoneTransferIn %s: %.3f s%n", rep + 1,
                        isOurs ? "ours" : "BIND", seconds);
            }
            for (int k = 0; dig && k < 2; k++) {
                boolean isOurs = oursFirst == (k == 0);
                int port = isOurs ? ours : bind;
                double seconds = digAxfr(port, origin, expected);
                (isOurs ? digOurs : digBind)[rep] = seconds;
                System.out.printf(Locale.ROOT, "rep %d dig axfr %s: %.3f s%n", rep + 1, isOurs ? "ours" : "BIND",
                        seconds);
            }
        }
        summary("raw AXFR (warm)", rawOurs, rawBind, reps);
        System.out.printf(Locale.ROOT, "SUMMARY raw AXFR ours, first (cold, rendering included): %.3f s%n",
                cold.seconds());
        summary("dnsjava ZoneTransferIn", javaOurs, javaBind, reps);
        if (dig) {
            summary("dig axfr", digOurs, digBind, reps);
        }
    }

    private static void summary(String what, double[] ours, double[] bind, int reps) {
        double o = RpzBuild.median(ours);
        double b = RpzBuild.median(bind);
        System.out.printf(Locale.ROOT, "SUMMARY %s (median of %d): ours %.3f s, BIND %.3f s, ratio ours/BIND %.2f%n",
                what, reps, o, b, o / b);
    }

    /** AXFR with a minimal client: messages read and walked to count records and find the closing SOA. */
    static Transfer rawAxfr(int port, Name origin, long expectedRecords) throws IOException {
        byte[] query = Message.newQuery(Record.newRecord(origin, Type.AXFR, DClass.IN)).toWire();
        long start = System.nanoTime();
        long messages = 0;
        long bytes = 0;
        long records = 0;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(300_000);
            OutputStream out = socket.getOutputStream();
            byte[] framed = new byte[query.length + 2];
            framed[0] = (byte) (query.length >>> 8);
            framed[1] = (byte) query.length;
            System.arraycopy(query, 0, framed, 2, query.length);
            out.write(framed);
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 17));
            byte[] buffer = new byte[65_535];
            int soas = 0;
            while (soas < 2) {
                int length = in.readUnsignedShort();
                in.readFully(buffer, 0, length);
                messages++;
                bytes += length + 2;
                int rcode = buffer[3] & 0x0f;
                if (rcode != Rcode.NOERROR) {
                    throw new IOException("AXFR from port " + port + ": " + Rcode.string(rcode));
                }
                int questions = u16(buffer, 4);
                int answers = u16(buffer, 6);
                int at = 12;
                for (int q = 0; q < questions; q++) {
                    at = skipName(buffer, at) + 4;
                }
                for (int a = 0; a < answers; a++) {
                    at = skipName(buffer, at);
                    if (u16(buffer, at) == Type.SOA) {
                        soas++;
                    }
                    at += 10 + u16(buffer, at + 8);
                    records++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (records != expectedRecords) {
            throw new IllegalStateException("AXFR from port " + port + " gave " + records + " records, expected "
                    + expectedRecords);
        }
        return new Transfer(seconds, messages, bytes, records);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int skipName(byte[] b, int at) {
        while (true) {
            int length = b[at] & 0xff;
            if (length == 0) {
                return at + 1;
            }
            if ((length & 0xc0) == 0xc0) {
                return at + 2;
            }
            at += length + 1;
        }
    }

    /** AXFR with dnsjava: every record parsed, then counted (none kept). */
    private static double dnsjavaAxfr(int port, Name origin, long expected) throws IOException, ZoneTransferException {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, new InetSocketAddress("127.0.0.1", port), null);
        xfr.setTimeout(Duration.ofMinutes(5));
        long[] count = {0};
        long start = System.nanoTime();
        xfr.run(new ZoneTransferIn.ZoneTransferHandler() {
            @Override
            public void startAXFR() {
            }

            @Override
            public void startIXFR() throws ZoneTransferException {
                throw new ZoneTransferException("an IXFR answer to an AXFR");
            }

            @Override
            public void startIXFRDeletes(Record soa) {
            }

            @Override
            public void startIXFRAdds(Record soa) {
            }

            @Override
            public void handleRecord(Record r) {
                count[0]++;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (count[0] < expected - 1) {
            throw new IllegalStateException("dnsjava AXFR from port " + port + ": " + count[0] + " records");
        }
        return seconds;
    }

    /** {@code dig axfr}, its output (the zone in text) to a file, checked for the record count. */
    private static double digAxfr(int port, Name origin, long expected) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kizashi-dig-", ".txt");
        try {
            double seconds = RpzBuild.runProcess(List.of(DIG, "@127.0.0.1", "-p", String.valueOf(port),
                    origin.toString(), "AXFR", "+noall", "+answer", "+stats"), null, out);
            String tail = tail(out, 2_000);
            if (!tail.contains("XFR size: " + expected + " records")) {
                throw new IllegalStateException("dig axfr from port " + port + " did not transfer " + expected
                        + " records:\n" + tail);
            }
            return seconds;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(Path file, int bytes) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            channel.position(Math.max(0, size - bytes));
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(bytes, size));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reading the tail
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        }
    }

    // ---- Unbound ----------------------------------------------------------------------------------------------------

    /** A primary Unbound can pull the zone from. */
    record Source(String name, int port) {
    }

    private static void unboundTransfers(List<Source> sources, int reps, Path dir, List<String> lastNames,
                                         String middleName, Duration timeout, List<Process> children)
            throws Exception {
        double[][] enforced = new double[sources.size()][reps];
        double[] up = new double[sources.size() * reps];
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < sources.size(); k++) {
                // Rotate the order each repetition so that no primary always goes first.
                int index = (rep + k) % sources.size();
                Source source = sources.get(index);
                System.err.printf(Locale.ROOT, "Unbound rep %d/%d from %s%n", rep + 1, reps, source.name());
                Path runDir = dir.resolve("unbound-" + (rep + 1) + "-" + source.name().replaceAll("[^A-Za-z]", ""));
                UnboundRun run = unboundRun(source.port(), runDir, lastNames, middleName, timeout, children);
                enforced[index][rep] = run.enforced();
                up[rep * sources.size() + k] = run.up();
                System.out.printf(Locale.ROOT, "rep %d Unbound from %s: last entry enforced after %.2f s "
                        + "(Unbound answering after %.2f s)%n", rep + 1, source.name(), run.enforced(), run.up());
            }
        }
        double o = RpzBuild.median(enforced[0]);
        double b = RpzBuild.median(enforced[1]);
        System.out.printf(Locale.ROOT, "SUMMARY Unbound start to last entry enforced (median of %d): ours %.2f s, "
                + "BIND %.2f s, ratio ours/BIND %.2f (goal: at most 1); Unbound itself answering after %.2f s%n",
                reps, o, b, o / b, RpzBuild.median(up));
        for (int i = 2; i < sources.size(); i++) {
            double m = RpzBuild.median(enforced[i]);
            System.out.printf(Locale.ROOT, "SUMMARY Unbound from %s (median of %d): %.2f s, ratio to BIND %.2f%n",
                    sources.get(i).name(), reps, m, m / b);
        }
    }

    /**
     * Starts a fresh Unbound pulling the zone from {@code primaryPort}; stops it once every name of {@code lastNames}
     * gets NXDOMAIN (then checks {@code middleName}, and that a name not listed resolves).
     */
    static UnboundRun unboundRun(int primaryPort, Path runDir, List<String> lastNames, String middleName,
                                 Duration timeout, List<Process> children) throws Exception {
        Files.createDirectories(runDir);
        int port = freePort();
        Files.writeString(runDir.resolve("root.zone"), """
                . 86400 IN SOA localhost. hostmaster.localhost. 1 1800 900 604800 0
                . 86400 IN NS localhost.
                *. 0 IN A %s
                """.formatted(ActiveLists.UNLISTED_ANSWER));
        Files.writeString(runDir.resolve("root.hints"), """
                . 3600000 NS localhost.
                localhost. 3600000 A 127.0.0.1
                """);
        Path conf = runDir.resolve("unbound.conf");
        Files.writeString(conf, """
                server:
                  interface: 127.0.0.1@%1$d
                  port: %1$d
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  directory: "%2$s"
                  pidfile: "%2$s/unbound.pid"
                  use-syslog: no
                  logfile: ""
                  verbosity: 1
                  log-time-ascii: yes
                  num-threads: 1
                  do-ip6: no
                  access-control: 127.0.0.0/8 allow
                  module-config: "respip iterator"
                  do-not-query-localhost: no
                  root-hints: "%2$s/root.hints"
                auth-zone:
                  name: "."
                  zonefile: "%2$s/root.zone"
                  for-downstream: no
                  for-upstream: yes
                  fallback-enabled: no
                rpz:
                  name: "%3$s"
                  primary: 127.0.0.1@%4$d
                """.formatted(port, runDir, RpzBuild.ORIGIN, primaryPort));
        Path log = runDir.resolve("unbound.log");
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setTimeout(Duration.ofMillis(250));
        List<Message> queries = new ArrayList<>();
        for (String name : lastNames) {
            queries.add(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
        }
        long start = System.nanoTime();
        Process unbound = new ProcessBuilder(UNBOUND, "-d", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        children.add(unbound);
        try {
            long deadline = start + timeout.toNanos();
            long upAt = -1;
            int next = 0;
            while (true) {
                if (!unbound.isAlive()) {
                    throw new IllegalStateException("unbound exited " + unbound.exitValue() + ":\n"
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the last entry was not enforced within " + timeout + ":\n"
                            + Files.readString(log));
                }
                try {
                    Message answer = resolver.send(queries.get(next));
                    long now = System.nanoTime();
                    if (upAt < 0) {
                        upAt = now;
                    }
                    if (answer.getRcode() == Rcode.NXDOMAIN && ++next == queries.size()) {
                        double enforced = (now - start) / 1e9;
                        check(resolver, middleName, Rcode.NXDOMAIN, log);
                        check(resolver, "not-listed-" + System.nanoTime() + ".com.", Rcode.NOERROR, log);
                        return new UnboundRun(enforced, (upAt - start) / 1e9);
                    }
                    if (answer.getRcode() == Rcode.NXDOMAIN) {
                        continue; // the next name at once
                    }
                } catch (IOException e) {
                    // not listening yet, or busy loading: ask again
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            unbound.destroy();
            if (!unbound.waitFor(20, TimeUnit.SECONDS)) {
                unbound.destroyForcibly();
            }
            children.remove(unbound);
        }
    }

    private static void check(SimpleResolver resolver, String name, int rcode, Path log) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        Message answer = null;
        for (int attempt = 0; attempt < 5 && answer == null; attempt++) {
            try {
                answer = resolver.send(query);
            } catch (IOException e) {
                // busy: once more
            }
        }
        if (answer == null || answer.getRcode() != rcode) {
            throw new IllegalStateException(name + ": expected " + Rcode.string(rcode) + ", got " + answer
                    + "\nunbound log:\n" + Files.readString(log));
        }
    }

    // ---- BIND -------------------------------------------------------------------------------------------------------

    private static Process startBind(Path bindDir, Path zoneFile, int port, long serial, List<Process> children)
            throws Exception {
        Files.createDirectories(bindDir);
        Path conf = bindDir.resolve("named.conf");
        Files.writeString(conf, """
                options {
                  directory "%1$s";
                  pid-file "%1$s/named.pid";
                  session-keyfile "%1$s/session.key";
                  managed-keys-directory "%1$s";
                  listen-on port %2$d { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion no;
                  notify no;
                  dnssec-validation no;
                  allow-query { 127.0.0.0/8; };
                  allow-transfer { 127.0.0.1; };
                };
                controls { };
                zone "%3$s" { type primary; file "%4$s"; allow-transfer { 127.0.0.1; }; };
                """.formatted(bindDir, port, RpzBuild.ORIGIN.toString(true), zoneFile));
        Path log = bindDir.resolve("named.log");
        System.err.println("starting BIND as a primary (it loads the zone file)");
        long start = System.nanoTime();
        Process named = new ProcessBuilder(NAMED, "-g", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        children.add(named);
        try {
            awaitSerial(port, serial, Duration.ofMinutes(5));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nnamed log:\n" + Files.readString(log), e);
        }
        System.out.printf(Locale.ROOT, "BIND loaded the zone file and answers after %.2f s%n",
                (System.nanoTime() - start) / 1e9);
        return named;
    }

    private static void awaitSerial(int port, long serial, Duration timeout) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setTimeout(Duration.ofMillis(500));
        Message query = Message.newQuery(Record.newRecord(RpzBuild.ORIGIN, Type.SOA, DClass.IN));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Message answer = resolver.send(query);
                for (Record r : answer.getSection(Section.ANSWER)) {
                    if (r instanceof SOARecord soa && soa.getSerial() == serial) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("127.0.0.1#" + port + " did not answer serial " + serial + " within "
                + timeout);
    }

    /**
     * A query name enforced by the entry whose owner comes last in DNSSEC canonical order (the order BIND transfers
     * in): the name itself, or a name below a wildcard.
     */
    private static String canonicalLastName(RpzZone zone) {
        PolicySet policies = zone.policies();
        Name max = null;
        int maxId = -1;
        for (int id = 0; id < policies.size(); id++) {
            TriggerKind kind = policies.kind(id);
            if (kind == TriggerKind.DOMAIN || kind == TriggerKind.WILDCARD) {
                Name owner = zone.record(id).getName();
                if (max == null || owner.compareTo(max) > 0) {
                    max = owner;
                    maxId = id;
                }
            }
        }
        return (policies.kind(maxId) == TriggerKind.WILDCARD ? "www." : "") + policies.name(maxId) + ".";
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static String version(String binary, String flag) {
        try {
            Process p = new ProcessBuilder(binary, flag).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return text.lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}

package org.kizashi.active.hits;

import org.kizashi.active.LineProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kizashi.core.net.IpAddress;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The parsers read what Debian 12's Unbound 1.17 and BIND 9.18 really write: each resolver is started on a free port
 * with a small policy zone, asked a few names, and its log parsed. Skipped where the packages are not installed,
 * except on CI (CI=true), where that fails.
 */
class RealResolverLogsTest {
    private static final String ZONE = """
            $TTL 60
            @ SOA localhost. hostmaster.localhost. 1 3600 600 86400 60
            @ NS localhost.
            c2.evil.example CNAME .
            *.dga.example CNAME .
            nodata.example CNAME *.
            allow.example CNAME rpz-passthru.
            ready.probe CNAME .
            32.2.0.0.127.rpz-client-ip CNAME .
            """;
    /** Asked until the policy is in force, which can be after the resolver starts answering. */
    private static final String PROBE = "ready.probe";

    @TempDir
    Path dir;

    private final List<BlockEvent> events = new ArrayList<>();
    private final List<LineProblem> problems = new ArrayList<>();

    @Test
    void readsUnbound117Logs() throws Exception {
        Path unbound = binary("/usr/sbin/unbound", "unbound");
        Files.writeString(dir.resolve("rpz.zone"), ZONE);
        int port = freePort();
        Path log = dir.resolve("unbound.log");
        Files.writeString(dir.resolve("unbound.conf"), """
                server:
                    interface: 127.0.0.1@%1$d
                    port: %1$d
                    do-ip6: no
                    do-daemonize: no
                    username: ""
                    chroot: ""
                    pidfile: ""
                    directory: "%2$s"
                    logfile: "%3$s"
                    use-syslog: no
                    module-config: "respip iterator"
                    access-control: 127.0.0.0/8 allow
                    do-not-query-localhost: yes
                rpz:
                    name: rpz.kizashi
                    zonefile: "%2$s/rpz.zone"
                    rpz-log: yes
                    rpz-log-name: "kizashi cc"
                """.formatted(port, dir, log));

        List<String> command = List.of(unbound.toString(), "-d", "-c", dir.resolve("unbound.conf").toString());
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        runQueries(command, port, dir.resolve("unbound.out"));
        Instant after = Instant.now();

        String text = Files.readString(log);
        new UnboundRpzLogParser("unused", ZoneOffset.UTC, Clock.systemUTC())
                .parse(new StringReader(text), "unbound.log", this::addUnlessProbe, problems::add);

        assertThat(problems).as(text).isEmpty();
        assertThat(events).extracting(BlockEvent::queryName, BlockEvent::action, BlockEvent::client,
                BlockEvent::trigger).as(text).containsExactly(
                tuple("c2.evil.example", "nxdomain", IpAddress.parse("127.0.0.1"), "qname c2.evil.example"),
                tuple("x7.dga.example", "nxdomain", IpAddress.parse("127.0.0.1"), "qname *.dga.example"),
                tuple("nodata.example", "nodata", IpAddress.parse("127.0.0.1"), "qname nodata.example"),
                tuple("allow.example", "passthru", IpAddress.parse("127.0.0.1"), "qname allow.example"),
                tuple("ok.example", "nxdomain", IpAddress.parse("127.0.0.2"), "clientip 127.0.0.2/32"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.list()).isEqualTo("kizashi cc");
            assertThat(e.time()).isBetween(before, after);
        });
    }

    @Test
    void readsBind918Logs() throws Exception {
        Path named = binary("/usr/sbin/named", "bind9");
        Files.writeString(dir.resolve("rpz.zone"), ZONE);
        int port = freePort();
        Path log = dir.resolve("rpz.log");
        Files.writeString(dir.resolve("named.conf"), """
                options {
                    directory "%2$s";
                    listen-on port %1$d { 127.0.0.1; };
                    listen-on-v6 { none; };
                    pid-file none;
                    session-keyfile "%2$s/session.key";
                    recursion yes;
                    allow-query { any; };
                    dnssec-validation no;
                    response-policy { zone "rpz.kizashi"; } qname-wait-recurse no break-dnssec yes;
                };
                controls { };
                logging {
                    channel rpz_hits {
                        file "%3$s";
                        print-time yes;
                        print-category yes;
                        print-severity yes;
                        severity info;
                    };
                    category rpz { rpz_hits; };
                    category rpz-passthru { rpz_hits; };
                };
                zone "rpz.kizashi" { type primary; file "%2$s/rpz.zone"; allow-query { none; }; };
                """.formatted(port, dir, log));

        List<String> command = List.of(named.toString(), "-f", "-c", dir.resolve("named.conf").toString());
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        runQueries(command, port, dir.resolve("named.out"));
        Instant after = Instant.now();

        String text = Files.readString(log);
        new BindRpzLogParser(List.of(), ZoneId.systemDefault(), Clock.systemUTC())
                .parse(new StringReader(text), "rpz.log", this::addUnlessProbe, problems::add);

        assertThat(problems).as(text).isEmpty();
        assertThat(events).extracting(BlockEvent::queryName, BlockEvent::action, BlockEvent::client,
                BlockEvent::list).as(text).containsExactly(
                tuple("c2.evil.example", "nxdomain", IpAddress.parse("127.0.0.1"), "rpz.kizashi"),
                tuple("x7.dga.example", "nxdomain", IpAddress.parse("127.0.0.1"), "rpz.kizashi"),
                tuple("nodata.example", "nodata", IpAddress.parse("127.0.0.1"), "rpz.kizashi"),
                tuple("allow.example", "passthru", IpAddress.parse("127.0.0.1"), "rpz.kizashi"),
                tuple("ok.example", "nxdomain", IpAddress.parse("127.0.0.2"), "rpz.kizashi"));
        assertThat(events.get(4).trigger()).isEqualTo("client-ip 32.2.0.0.127.rpz-client-ip.rpz.kizashi");
        assertThat(events).allSatisfy(e -> assertThat(e.time()).isBetween(before, after));
    }

    private void addUnlessProbe(BlockEvent event) {
        if (!event.queryName().equals(PROBE)) {
            events.add(event);
        }
    }

    /** Starts the resolver, asks the names the zone lists, and stops it (which flushes its log). */
    private static void runQueries(List<String> command, int port, Path output) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        try {
            awaitAnswers(process, port, output);
            ask(port, "c2.evil.example.", "127.0.0.1");
            ask(port, "x7.dga.example.", "127.0.0.1");
            ask(port, "nodata.example.", "127.0.0.1");
            ask(port, "allow.example.", "127.0.0.1");
            ask(port, "ok.example.", "127.0.0.2");
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void awaitAnswers(Process process, int port, Path output) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("resolver exited " + process.exitValue() + ":\n"
                        + Files.readString(output));
            }
            try {
                if (query(port, PROBE + ".", "127.0.0.1").getRcode() == Rcode.NXDOMAIN) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("resolver did not apply the policy within 20 s:\n"
                + Files.readString(output));
    }

    /** Asks; an answer is not needed (passthru recurses to an Internet the test may not have). */
    private static void ask(int port, String name, String from) {
        try {
            query(port, name, from);
        } catch (IOException e) {
            // the policy was applied and logged before the resolver gave up
        }
    }

    private static Message query(int port, String name, String from) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setLocalAddress(new InetSocketAddress(from, 0));
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static Path binary(String path, String debianPackage) {
        Path binary = Path.of(path);
        if (!Files.isExecutable(binary)) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            assertThat(ci).as(path + " is required on CI (apt-get install " + debianPackage + ")").isFalse();
            Assumptions.abort(path + " is not installed (apt-get install " + debianPackage + ")");
        }
        return binary;
    }
}

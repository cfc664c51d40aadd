package org.kizashi.active.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** A real resolver (Unbound or BIND from Debian's packages) run for a test, on a free port of 127.0.0.1. */
public final class ResolverProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ResolverProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Aborts the test when the binary is missing off CI; on CI (CI=true) its absence fails the test. */
    public static Path binary(String path, String debianPackage) {
        Path binary = Path.of(path);
        if (!Files.isExecutable(binary)) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            assertThat(ci).as(path + " is required on CI (apt-get install " + debianPackage + ")").isFalse();
            Assumptions.abort(path + " is not installed (apt-get install " + debianPackage + ")");
        }
        return binary;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    public static ResolverProcess start(List<String> command, int port, Path log) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ResolverProcess resolver = new ResolverProcess(process, port, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                // A name of the tests' own zone: answered once the resolver has loaded it.
                if (resolver.query("fine.example.test.", Type.A, "127.0.0.1").getRcode() == Rcode.NOERROR) {
                    return resolver;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        resolver.close();
        throw new IllegalStateException(command.get(0) + " did not answer within 20 s:\n" + Files.readString(log));
    }

    /**
     * The names a test client looks up, resolved as from the Internet: the zone example.test, with evil, www.evil,
     * phish, later, fine, nodata, drop, bad-address (192.0.2.66) and warning (127.0.0.80).
     */
    public static Path writeExampleZone(Path dir) throws IOException {
        Path zone = dir.resolve("example.test.zone");
        Files.writeString(zone, """
                $TTL 60
                example.test. 3600 IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 60
                example.test. 3600 IN NS ns.example.test.
                ns.example.test. 3600 IN A 192.0.2.1
                evil.example.test. 60 IN A 192.0.2.10
                www.evil.example.test. 60 IN A 192.0.2.10
                cnc.example.test. 60 IN A 192.0.2.14
                phish.example.test. 60 IN A 192.0.2.13
                later.example.test. 60 IN A 192.0.2.11
                fine.example.test. 60 IN A 192.0.2.12
                bad-address.example.test. 60 IN A 192.0.2.66
                warning.example.test. 60 IN A 127.0.0.80
                nodata.example.test. 60 IN A 192.0.2.15
                drop.example.test. 60 IN A 192.0.2.16
                """);
        return zone;
    }

    /**
     * Unbound 1.17 on {@code port}, resolving example.test from a local auth-zone (it answers local-data before any
     * policy, so the tests' names must come through the iterator) and pulling {@code zones}, in that order, from the
     * primary at {@code primaryPort}, with rpz-log on.
     */
    public static ResolverProcess unbound(Path dir, int port, int primaryPort, List<String> zones) throws Exception {
        Path binary = binary("/usr/sbin/unbound", "unbound");
        writeExampleZone(dir);
        StringBuilder rpz = new StringBuilder();
        for (String zone : zones) {
            rpz.append("rpz:\n  name: \"").append(zone).append("\"\n  primary: 127.0.0.1@").append(primaryPort)
                    .append("\n  rpz-log: yes\n  rpz-log-name: \"").append(zone).append("\"\n");
        }
        Path conf = dir.resolve("unbound.conf");
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
                  access-control: 127.0.0.0/8 allow
                  module-config: "respip iterator"
                  do-not-query-localhost: no
                  local-zone: "test." nodefault
                auth-zone:
                  name: "example.test."
                  zonefile: "%2$s/example.test.zone"
                  for-downstream: no
                  for-upstream: yes
                """.formatted(port, dir) + rpz);
        return start(List.of(binary.toString(), "-d", "-c", conf.toString()), port, dir.resolve("unbound.log"));
    }

    /** Asks the resolver, from the local address {@code from} (a 127/8 address, to play a given client). */
    public Message query(String name, int type, String from) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setLocalAddress(new InetSocketAddress(from, 0));
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

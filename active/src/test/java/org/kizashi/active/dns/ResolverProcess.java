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
final class ResolverProcess implements AutoCloseable {
    final Process process;
    final int port;
    final Path log;

    private ResolverProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Aborts the test when the binary is missing off CI; on CI (CI=true) its absence fails the test. */
    static Path binary(String path, String debianPackage) {
        Path binary = Path.of(path);
        if (!Files.isExecutable(binary)) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            assertThat(ci).as(path + " is required on CI (apt-get install " + debianPackage + ")").isFalse();
            Assumptions.abort(path + " is not installed (apt-get install " + debianPackage + ")");
        }
        return binary;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    static ResolverProcess start(List<String> command, int port, Path log) throws Exception {
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

    /** Asks the resolver, from the local address {@code from} (a 127/8 address, to play a given client). */
    Message query(String name, int type, String from) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setLocalAddress(new InetSocketAddress(from, 0));
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    String logText() throws IOException {
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

package org.kizashi.active.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/** RDAP lookups against a local server answering with registry-like responses from test resources. */
class RdapClientTest {
    private static final Duration TIMEOUT = Duration.ofMillis(700);

    private HttpServer server;
    private ExecutorService handlers;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private String base;
    private RdapClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rdap-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        RdapServers servers = RdapServers.of(
                Map.of("example", URI.create(base + "/registry/"), "jp", URI.create(base + "/jprs")),
                Map.of(IpPrefix.parse("203.0.113.0/24"), URI.create(base + "/apnic"),
                        IpPrefix.parse("198.51.100.0/24"), URI.create(base + "/apnic"),
                        IpPrefix.parse("2001:db8::/32"), URI.create(base + "/apnic"),
                        IpPrefix.parse("192.0.2.0/25"), URI.create(base + "/slow"),
                        IpPrefix.parse("192.0.2.128/26"), URI.create(base + "/broken"),
                        IpPrefix.parse("192.0.2.192/26"), URI.create(base + "/unavailable")));
        client = new RdapClient(servers, TIMEOUT);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requested.add(path);
        accepted.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
        switch (path) {
            case "/registry/domain/malware-dist.example" ->
                    send(exchange, 200, resource("domain-malware-dist.example"));
            case "/jprs/domain/hanbai.example.jp" -> send(exchange, 200, resource("domain-hanbai.example.jp"));
            case "/apnic/ip/203.0.113.45" -> send(exchange, 200, resource("ip-203.0.113.0"));
            case "/apnic/ip/198.51.100.7" -> send(exchange, 200, resource("ip-198.51.100.0"));
            case "/apnic/ip/2001:db8:5::1" -> send(exchange, 200, resource("ip-2001-db8-5"));
            case "/broken/ip/192.0.2.130" -> send(exchange, 200, "<html><body>Service temporarily unavailable"
                    .getBytes(StandardCharsets.UTF_8));
            case "/unavailable/ip/192.0.2.200" -> send(exchange, 503, new byte[0]);
            case "/slow/ip/192.0.2.1" -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, resource("ip-203.0.113.0"));
            }
            default -> send(exchange, 404, resource("not-found"));
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/rdap+json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RdapClientTest.class.getResourceAsStream("/notify/rdap/" + name + ".json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheAbuseContactNestedInTheRegistrarEntityOfADomain() {
        AbuseLookup lookup = client.forDomain("Malware-Dist.EXAMPLE.");

        assertThat(lookup.found()).isTrue();
        AbuseContact contact = lookup.contact().orElseThrow();
        assertThat(contact.email()).isEqualTo("abuse@registrar.example");
        assertThat(contact.name()).isEqualTo("Example Registrar Abuse Desk");
        assertThat(contact.role()).isEqualTo("abuse");
        assertThat(contact.isAbuseRole()).isTrue();
        // The registrant's address is in the record too, but the abuse contact is whom to tell.
        assertThat(requested).containsExactly("/registry/domain/malware-dist.example");
        assertThat(accepted.get(0)).contains("application/rdap+json");
        assertThat(lookup.query()).isEqualTo("domain malware-dist.example");
        assertThat(lookup.server()).contains(URI.create(base + "/registry"));
        assertThat(lookup.explanation()).isEqualTo("abuse contact of domain malware-dist.example from " + base
                + "/registry: abuse@registrar.example (Example Registrar Abuse Desk), role abuse");
    }

    @Test
    void fallsBackToTheTechnicalContactWithoutAbuseRoleAndSaysSo() {
        AbuseLookup lookup = client.forDomain("hanbai.example.jp");

        AbuseContact contact = lookup.contact().orElseThrow();
        // The registrant's e-mail is redacted; of the technical contact's two, the preferred one without "mailto:".
        assertThat(contact.email()).isEqualTo("tech@hosting.example.jp");
        assertThat(contact.role()).isEqualTo("technical");
        assertThat(contact.name()).isEqualTo("技術 太郎");
        assertThat(contact.handle()).isEqualTo("TT042JP");
        assertThat(contact.isAbuseRole()).isFalse();
        assertThat(lookup.explanation()).startsWith("the RDAP record of domain hanbai.example.jp at " + base
                + "/jprs has no abuse contact; using the technical contact instead: tech@hosting.example.jp");
    }

    @Test
    void findsTheIrtAbuseContactOfAnApnicStyleNetwork() {
        AbuseLookup lookup = client.forAddress(IpAddress.parse("203.0.113.45"));

        assertThat(lookup.contact()).hasValueSatisfying(contact -> {
            assertThat(contact.email()).isEqualTo("abuse@hosting.example.jp");
            assertThat(contact.handle()).isEqualTo("IRT-EXAMPLEHOSTING-JP");
            assertThat(contact.role()).isEqualTo("abuse");
        });
        assertThat(requested).containsExactly("/apnic/ip/203.0.113.45");
        assertThat(lookup.query()).isEqualTo("ip 203.0.113.45");
    }

    @Test
    void prefersANestedAbuseContactToTheRegistrantAboveIt() {
        AbuseLookup lookup = client.forAddress(IpAddress.parse("2001:db8:5:0:0:0:0:1"));

        assertThat(requested).containsExactly("/apnic/ip/2001:db8:5::1");
        assertThat(lookup.contact().map(AbuseContact::email)).contains("abuse@cloud.example");
    }

    @Test
    void anAbuseContactWithoutEmailIsReportedNotReplacedByTheTechnicalOne() {
        AbuseLookup lookup = client.forAddress(IpAddress.parse("198.51.100.7"));

        assertThat(lookup.found()).isFalse();
        assertThat(lookup.explanation()).isEqualTo("the RDAP record of ip 198.51.100.7 at " + base
                + "/apnic names abuse contact 'IRT-SILENT' without an e-mail address");
    }

    @Test
    void aDomainTheRegistryDoesNotKnowGivesAResultNamingQueryAndServer() {
        AbuseLookup lookup = client.forDomain("nothing.example.jp");

        assertThat(lookup.found()).isFalse();
        assertThat(lookup.explanation()).isEqualTo("RDAP server " + base
                + "/jprs has no record of domain nothing.example.jp (HTTP 404: Not Found)");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeGivesAResultWithinTheTimeout() {
        long start = System.nanoTime();
        AbuseLookup lookup = client.forAddress(IpAddress.parse("192.0.2.1"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(lookup.found()).isFalse();
        assertThat(lookup.explanation()).isEqualTo("RDAP server " + base + "/slow did not answer ip 192.0.2.1"
                + " within 0.7 s");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerThatIsNotJsonOrNotOkIsNamedAsSuch() {
        AbuseLookup broken = client.forAddress(IpAddress.parse("192.0.2.130"));
        AbuseLookup unavailable = client.forAddress(IpAddress.parse("192.0.2.200"));

        assertThat(broken.found()).isFalse();
        assertThat(broken.explanation()).startsWith("RDAP server " + base + "/broken answered ip 192.0.2.130"
                + " with something other than RDAP JSON: ");
        assertThat(unavailable.explanation()).isEqualTo("RDAP server " + base
                + "/unavailable answered HTTP 503 for ip 192.0.2.200");
    }

    @Test
    void unconfiguredUnreachableAndInvalidQueriesGiveResultsNotExceptions() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RdapClient unreachable = new RdapClient(RdapServers.single(URI.create("http://127.0.0.1:" + closedPort)),
                TIMEOUT);

        AbuseLookup refused = unreachable.forDomain("malware-dist.example");
        AbuseLookup unconfigured = client.forDomain("example.org");
        AbuseLookup invalid = client.forDomain("bad..example");

        assertThat(refused.found()).isFalse();
        assertThat(refused.explanation()).isEqualTo("RDAP server http://127.0.0.1:" + closedPort
                + " could not be asked for domain malware-dist.example: connection refused or host unreachable");
        assertThat(unconfigured.explanation()).isEqualTo("no RDAP server is configured for domain example.org");
        assertThat(unconfigured.server()).isEmpty();
        assertThat(invalid.found()).isFalse();
        assertThat(invalid.explanation()).startsWith("cannot look up domain bad..example: ");
        assertThat(requested).isEmpty();
    }

    @Test
    void asksForAnInternationalisedNameInPunycodeAtTheServerOfItsLongestSuffix() {
        RdapClient byLongestSuffix = new RdapClient(RdapServers.of(
                Map.of("jp", URI.create(base + "/jprs"), "example.jp", URI.create(base + "/registry")), Map.of()),
                TIMEOUT);

        byLongestSuffix.forDomain("販売.example.jp");

        assertThat(requested).containsExactly("/registry/domain/xn--6qs761j.example.jp");
    }
}

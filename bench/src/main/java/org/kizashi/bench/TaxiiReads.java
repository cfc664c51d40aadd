package org.kizashi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.server.Mode;
import org.kizashi.server.Platform;
import org.kizashi.server.config.Configuration;

/**
 * TAXII page reads against a large collection: starts the platform (H2 in a temporary directory, or PostgreSQL in a
 * new schema), fills the CEPTOAR council's collection with generated objects (the {@link IntelIngest} mix, in
 * bundles of 100,000), then reads pages of 100 over HTTP as the administrator with HTTP Basic: from random positions
 * (added_after), with {@code match[type]}, and following {@code next}. Prints the median, p95 and p99 latency of each.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.kizashi.bench.TaxiiReads [--objects N] [--db h2|postgresql] [--requests N]</pre>
 */
public final class TaxiiReads {
    private static final String PASSWORD = "bench-admin-password-1";
    private static final int BUNDLE = 100_000;

    private TaxiiReads() {
    }

    public static void main(String[] args) throws Exception {
        int objects = 1_000_000;
        int requests = 300;
        String db = "postgresql";
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> objects = Integer.parseInt(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--db" -> db = args[++i];
                case "--pg" -> pgUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, String> flags = new HashMap<>();
        flags.put("http.port", "0");
        flags.put("admin.password", PASSWORD);
        String schema = null;
        if (db.equals("postgresql")) {
            schema = "kz_taxii_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "")) {
                c.createStatement().execute("CREATE SCHEMA " + schema);
            }
            flags.put("db.vendor", "postgresql");
            flags.put("db.url", pgUrl + "?currentSchema=" + schema);
            flags.put("db.user", "postgres");
        } else {
            flags.put("db.vendor", "h2");
            flags.put("data-dir", java.nio.file.Files.createTempDirectory("kizashi-taxii-").toString());
        }
        try (Platform platform = Platform.start(Configuration.load(null, Map.of(), flags), Mode.DEVELOPMENT, "bench",
                Clock.systemUTC())) {
            Community council = platform.database().communities().communities().stream()
                    .filter(c -> c.kind() == Community.Kind.COUNCIL).findFirst().orElseThrow();
            long provider = platform.database().users().findByUsername("admin").orElseThrow().organisationId();
            Instant loadStart = Instant.now();
            fill(platform, council, provider, objects);
            measure(platform.port(), council.collectionId(), requests, loadStart, Instant.now());
        } finally {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "")) {
                    c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static void fill(Platform platform, Community council, long provider, int objects) throws Exception {
        StixImport importer = new StixImport(StixValidators.withPatterns(), platform.database().stixObjects(),
                new ObjectMapper());
        long started = System.nanoTime();
        Random random = new Random(11);
        for (int done = 0; done < objects; done += BUNDLE) {
            int n = Math.min(BUNDLE, objects - done);
            ImportReport report = importer.read(new ByteArrayInputStream(IntelIngest.bundle(n, random)), "bench",
                    new SharingScope(council.id(), SharingLevel.GREEN, provider), false, k -> { });
            if (report.count(ImportReport.Status.ADDED) != n) {
                throw new IllegalStateException("stored " + report.count(ImportReport.Status.ADDED) + " of " + n);
            }
            System.out.printf(Locale.ROOT, "loaded %,d objects (%.0f s)%n", done + n,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** Pages from random positions between {@code from} and {@code to}, the span of the dates added. */
    private static void measure(int port, String collection, int requests, Instant from, Instant to)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String base = "http://127.0.0.1:" + port + "/taxii2/kizashi/collections/" + collection + "/objects/";
        Random random = new Random(3);
        Map<String, List<Long>> latencies = new HashMap<>();
        String[] types = {"indicator", "malware", "relationship", "ipv4-addr", "report"};
        String next = null;
        for (int i = -50; i < requests; i++) { // the first 50 warm up and are not counted
            Instant at = from.plusMillis((long) (random.nextDouble() * Duration.between(from, to).toMillis()));
            String[][] cases = {
                    {"added_after", base + "?limit=100&added_after=" + at},
                    {"match[type]", base + "?limit=100&match[type]=" + types[random.nextInt(types.length)]
                            + "&added_after=" + at},
                    {"next", next == null ? base + "?limit=100" : base + "?limit=100&next=" + next}};
            for (String[] c : cases) {
                long start = System.nanoTime();
                Page page = get(http, auth, c[1]);
                long micros = (System.nanoTime() - start) / 1000;
                if (page.status() != 200) {
                    throw new IllegalStateException(c[1] + " answered " + page.status());
                }
                if (c[0].equals("next")) {
                    JsonNode body = json.readTree(page.body());
                    next = body.path("more").asBoolean() ? body.path("next").asText() : null;
                }
                if (i >= 0) {
                    latencies.computeIfAbsent(c[0], k -> new ArrayList<>()).add(micros);
                }
            }
        }
        latencies.forEach((name, values) -> {
            values.sort(Long::compare);
            System.out.printf(Locale.ROOT, "%-12s pages of 100: median %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests)%n",
                    name, values.get(values.size() / 2) / 1000.0, values.get((int) (values.size() * 0.95)) / 1000.0,
                    values.get((int) (values.size() * 0.99)) / 1000.0, values.size());
        });
    }

    private record Page(int status, String body) {
    }

    private static Page get(HttpClient http, String auth, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .header("Accept", "application/taxii+json;version=2.1").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Page(r.statusCode(), r.body());
    }
}

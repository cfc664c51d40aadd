package org.kizashi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.SharingScope;
import org.kizashi.intel.exchange.ImportReport;
import org.kizashi.intel.exchange.StixImport;
import org.kizashi.intel.exchange.StixObjects;
import org.kizashi.intel.exchange.StixValidators;
import org.kizashi.intel.stix.StixProblem;
import org.kizashi.intel.stix.StixValidator;
import org.kizashi.store.Database;
import org.kizashi.store.DatabaseSettings;
import org.kizashi.store.Vendor;

/**
 * The sharing hub's ingest rate: a generated bundle of STIX 2.1 objects (indicators with patterns, observables,
 * malware, relationships, reports) imported by {@link StixImport} (streamed, every object validated, stored in
 * batches), into embedded H2 and into PostgreSQL, each repetition into a new community. Prints objects per second per
 * repetition and the median.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.kizashi.bench.IntelIngest [--objects N] [--reps N] [--pg JDBC-URL]</pre>
 */
public final class IntelIngest {
    private IntelIngest() {
    }

    public static void main(String[] args) throws Exception {
        int objects = 100_000;
        int reps = 3;
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
        String databases = "both";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> objects = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--pg" -> pgUrl = args[++i];
                case "--db" -> databases = args[++i]; // h2, postgresql or both
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        byte[] bundle = bundle(objects, new Random(7));
        System.out.printf(Locale.ROOT, "bundle: %,d objects, %,d bytes%n", objects, bundle.length);
        validateOnly(bundle, objects, reps);
        if (!databases.equals("postgresql")) {
            Path h2Dir = Files.createTempDirectory("kizashi-ingest-");
            run("H2 (embedded file)", DatabaseSettings.embedded(h2Dir), bundle, objects, reps);
        }
        if (databases.equals("h2")) {
            return;
        }
        String schema = "kz_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        try {
            run("PostgreSQL", new DatabaseSettings(Vendor.POSTGRESQL, pgUrl + "?currentSchema=" + schema, "postgres",
                    "", 4), bundle, objects, reps);
        } finally {
            try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** Parsing and validating alone, on one thread: the part of ingest that is not the database's. */
    private static void validateOnly(byte[] bundle, int objects, int reps) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StixValidator validator = StixValidators.withPatterns();
        double[] rates = new double[reps];
        for (int rep = -1; rep < reps; rep++) {
            long start = System.nanoTime();
            long errors = 0;
            long values = 0;
            for (JsonNode object : json.readTree(bundle).path("objects")) {
                errors += validator.validate(object).stream()
                        .filter(p -> p.severity() == StixProblem.Severity.ERROR).count();
                values += StixObjects.version(object).values().size(); // what is stored, with its title and values
            }
            if (values == 0) {
                throw new IllegalStateException("no observable value in the generated bundle");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (errors > 0) {
                throw new IllegalStateException(errors + " problems in the generated bundle");
            }
            if (rep >= 0) {
                rates[rep] = objects / seconds;
            }
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "parse, validate and index only (one thread) median: %,.0f objects/s%n",
                rates[rates.length / 2]);
    }

    private static void run(String name, DatabaseSettings settings, byte[] bundle, int objects, int reps)
            throws Exception {
        try (Database db = Database.open(settings, Clock.systemUTC())) {
            long provider = db.organisations().create("bench-" + UUID.randomUUID()).id();
            StixImport importer = new StixImport(StixValidators.withPatterns(), db.stixObjects(), new ObjectMapper());
            double[] rates = new double[reps + 1];
            for (int rep = 0; rep <= reps; rep++) { // repetition 0 warms the JIT up and is not counted
                Community community = db.communities().create("bench " + UUID.randomUUID(), Community.Kind.OTHER,
                        OptionalLong.empty());
                long start = System.nanoTime();
                ImportReport report = importer.read(new ByteArrayInputStream(bundle), "bench",
                        new SharingScope(community.id(), SharingLevel.GREEN, provider), false, n -> { });
                double seconds = (System.nanoTime() - start) / 1e9;
                if (report.count(ImportReport.Status.ADDED) != objects) {
                    throw new IllegalStateException("stored " + report.count(ImportReport.Status.ADDED) + " of "
                            + objects + ": " + report.items().stream().filter(
                            item -> item.status() != ImportReport.Status.ADDED).findFirst().orElseThrow());
                }
                rates[rep] = objects / seconds;
                System.out.printf(Locale.ROOT, "%s %s: %.2f s, %,.0f objects/s%n", name,
                        rep == 0 ? "warm-up" : "rep " + rep, seconds, rates[rep]);
            }
            double[] counted = Arrays.copyOfRange(rates, 1, rates.length);
            Arrays.sort(counted);
            System.out.printf(Locale.ROOT, "%s median: %,.0f objects/s validated and stored%n", name,
                    counted[counted.length / 2]);
        }
    }

    /** A bundle like a day of a sector's sharing: mostly indicators and observables, some context objects. */
    static byte[] bundle(int count, Random random) {
        List<String> objects = new ArrayList<>(count);
        List<String> malware = new ArrayList<>();
        List<String> indicators = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String created = String.format(Locale.ROOT, "2026-11-%02dT%02d:%02d:%02d.%03dZ", 1 + random.nextInt(22),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000));
            int kind = random.nextInt(100);
            String ip = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
            String domain = "c2-" + Long.toHexString(random.nextLong()) + ".example";
            if ((kind < 5 || malware.isEmpty()) && malware.size() < 500) {
                String id = "malware--" + UUID.randomUUID();
                malware.add(id);
                objects.add("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\""
                        + created + "\",\"modified\":\"" + created + "\",\"name\":\"family-" + malware.size()
                        + "\",\"is_family\":true,\"malware_types\":[\"remote-access-trojan\"]}");
            } else if (kind < 45) {
                String id = "indicator--" + UUID.randomUUID();
                indicators.add(id);
                String pattern = switch (random.nextInt(3)) {
                    case 0 -> "[ipv4-addr:value = '" + ip + "']";
                    case 1 -> "[domain-name:value = '" + domain + "'] OR [url:value = 'http://" + domain + "/a']";
                    default -> "[file:hashes.'SHA-256' = '" + hex(random, 64) + "']";
                };
                objects.add("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\""
                        + created + "\",\"modified\":\"" + created + "\",\"name\":\"C&C " + i + "\",\"pattern\":\""
                        + pattern + "\",\"pattern_type\":\"stix\",\"valid_from\":\"" + created
                        + "\",\"indicator_types\":[\"malicious-activity\"]}");
            } else if (kind < 85) {
                objects.add(switch (random.nextInt(3)) {
                    case 0 -> "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--" + UUID.randomUUID()
                            + "\",\"value\":\"" + ip + "\"}";
                    case 1 -> "{\"type\":\"domain-name\",\"spec_version\":\"2.1\",\"id\":\"domain-name--"
                            + UUID.randomUUID() + "\",\"value\":\"" + domain + "\"}";
                    default -> "{\"type\":\"file\",\"spec_version\":\"2.1\",\"id\":\"file--" + UUID.randomUUID()
                            + "\",\"name\":\"invoice.exe\",\"hashes\":{\"SHA-256\":\"" + hex(random, 64)
                            + "\",\"MD5\":\"" + hex(random, 32) + "\"}}";
                });
            } else if (kind < 97 && !indicators.isEmpty()) {
                objects.add("{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--"
                        + UUID.randomUUID() + "\",\"created\":\"" + created + "\",\"modified\":\"" + created
                        + "\",\"relationship_type\":\"indicates\",\"source_ref\":\""
                        + indicators.get(random.nextInt(indicators.size())) + "\",\"target_ref\":\""
                        + malware.get(random.nextInt(malware.size())) + "\"}");
            } else {
                objects.add("{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"report--" + UUID.randomUUID()
                        + "\",\"created\":\"" + created + "\",\"modified\":\"" + created + "\",\"name\":\"標的型メール "
                        + i + "\",\"published\":\"" + created + "\",\"report_types\":[\"campaign\"],\"object_refs\":[\""
                        + malware.get(random.nextInt(malware.size())) + "\"]}");
            }
        }
        return ("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
                + String.join(",\n", objects) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(Random random, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}

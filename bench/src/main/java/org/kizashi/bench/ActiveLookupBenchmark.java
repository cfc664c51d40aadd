package org.kizashi.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kizashi.active.policy.PolicySet;
import org.kizashi.active.url.UrlList;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process lookups against a million entries, one thread (goal: at least a million lookups a second per core):
 * {@link PolicySet#lookupName} (what a resolver plug-in or the sinkhole asks per query), {@link
 * PolicySet#lookupResponseAddress} (rpz-ip, per answer address) and {@link UrlList#match} (the warning proxy, per
 * request). The set is built from the same generated entries as the zone benchmarks ({@link ActiveLists}).
 *
 * <p>Queries are generated before the measurement, a million of each (more than the caches hold, as a resolver's
 * stream of distinct names would), and taken round-robin. Names: 10 % listed names, 5 % subdomains of listed
 * wildcards, 85 % names of 2 to 5 labels that are not listed (under the same suffixes, so every parent is hashed
 * and looked up). Addresses: 10 % listed IPv4 addresses, 5 % addresses in listed IPv4 /24s, 3 % in listed IPv6
 * prefixes, 72 % other IPv4 and 10 % other IPv6 addresses. URLs: 10 % listed exactly, 5 % below a listed host or
 * directory, 15 % other pages of a listed host (a match when the whole host is listed), 70 % pages of hosts not
 * listed. Setup prints the hit rates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
public class ActiveLookupBenchmark {
    private static final int QUERIES = 1 << 20;

    /** The policy set of the benchmark list and the names and addresses to look up. */
    @State(Scope.Benchmark)
    public static class Policies {
        @Param("1000000")
        public int entries;

        PolicySet set;
        String[] names;
        IpAddress[] addresses;

        @Setup(Level.Trial)
        public void setUp() {
            set = ActiveLists.policySet(ActiveLists.entries(entries));
            List<String> domains = new ArrayList<>();
            List<String> wildcards = new ArrayList<>();
            List<IpPrefix> v4Hosts = new ArrayList<>();
            List<IpPrefix> v4Networks = new ArrayList<>();
            List<IpPrefix> v6 = new ArrayList<>();
            for (int id = 0; id < set.size(); id++) {
                switch (set.kind(id)) {
                    case DOMAIN -> domains.add(set.name(id));
                    case WILDCARD -> wildcards.add(set.name(id));
                    case IP -> {
                        IpPrefix prefix = set.prefix(id);
                        (!prefix.network().isV4() ? v6 : prefix.length() == 32 ? v4Hosts : v4Networks).add(prefix);
                    }
                    default -> { }
                }
            }
            ActiveLists random = new ActiveLists(ActiveLists.SEED + 1);
            names = new String[QUERIES];
            addresses = new IpAddress[QUERIES];
            int nameHits = 0;
            int addressHits = 0;
            for (int i = 0; i < QUERIES; i++) {
                int r = random.nextInt(100);
                if (r < 10) {
                    names[i] = domains.get(random.nextInt(domains.size()));
                } else if (r < 15) {
                    names[i] = random.label(new StringBuilder()).append('.')
                            .append(wildcards.get(random.nextInt(wildcards.size()))).toString();
                } else {
                    names[i] = random.domain(2, 5);
                }
                nameHits += set.lookupName(names[i]) != PolicySet.NO_MATCH ? 1 : 0;
                r = random.nextInt(100);
                if (r < 10) {
                    addresses[i] = v4Hosts.get(random.nextInt(v4Hosts.size())).network();
                } else if (r < 15) {
                    addresses[i] = random.inside(v4Networks.get(random.nextInt(v4Networks.size())));
                } else if (r < 18) {
                    addresses[i] = random.inside(v6.get(random.nextInt(v6.size())));
                } else {
                    addresses[i] = random.address(r >= 90);
                }
                addressHits += set.lookupResponseAddress(addresses[i]) != PolicySet.NO_MATCH ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%n%,d entries (%,d names, %,d wildcards, %,d + %,d IPv4, %,d IPv6); "
                    + "queries matching: names %.1f %%, addresses %.1f %%%n", set.size(), domains.size(),
                    wildcards.size(), v4Hosts.size(), v4Networks.size(), v6.size(), 100.0 * nameHits / QUERIES,
                    100.0 * addressHits / QUERIES);
        }
    }

    /** The URL list of a million generated expressions and the URLs to match. */
    @State(Scope.Benchmark)
    public static class Urls {
        @Param("1000000")
        public int urlEntries;

        UrlList list;
        String[] urls;

        @Setup(Level.Trial)
        public void setUp() {
            ActiveLists random = new ActiveLists(ActiveLists.SEED + 2);
            String[] expressions = new String[urlEntries];
            UrlList.Builder builder = UrlList.builder();
            for (int i = 0; i < urlEntries; i++) {
                expressions[i] = random.urlExpression();
                builder.add(expressions[i], i);
            }
            list = builder.build();
            urls = new String[QUERIES];
            int hits = 0;
            for (int i = 0; i < QUERIES; i++) {
                int r = random.nextInt(100);
                String listed = expressions[random.nextInt(urlEntries)];
                if (r < 10) {
                    urls[i] = "http://" + listed;
                } else if (r < 15) {
                    while (!listed.endsWith("/")) { // a listed whole host or directory
                        listed = expressions[random.nextInt(urlEntries)];
                    }
                    urls[i] = "https://" + listed + random.label(new StringBuilder()) + "/index.html";
                } else if (r < 30) {
                    String host = listed.substring(0, listed.indexOf('/'));
                    urls[i] = "http://" + host + "/" + random.label(new StringBuilder()) + "/"
                            + random.label(new StringBuilder()) + ".php?q=" + random.nextInt(1000);
                } else {
                    urls[i] = "https://" + random.domain(2, 4) + "/" + random.label(new StringBuilder()) + "/"
                            + random.label(new StringBuilder()) + ".html";
                }
                hits += list.match(urls[i]).isPresent() ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%n%,d URL expressions; URLs matching: %.1f %%%n", list.size(),
                    100.0 * hits / QUERIES);
        }
    }

    /** The next query, round-robin. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int next() {
            return next++ & (QUERIES - 1);
        }
    }

    /** The entry for a query name (exact name, else the longest listed wildcard). */
    @Benchmark
    public int lookupName(Policies policies, Cursor cursor) {
        return policies.set.lookupName(policies.names[cursor.next()]);
    }

    /** The entry for an answer address (rpz-ip: the longest listed prefix). */
    @Benchmark
    public int lookupResponseAddress(Policies policies, Cursor cursor) {
        return policies.set.lookupResponseAddress(policies.addresses[cursor.next()]);
    }

    /** The most specific URL entry for a requested URL. */
    @Benchmark
    public Optional<UrlList.Match> urlMatch(Urls urls, Cursor cursor) {
        return urls.list.match(urls.urls[cursor.next()]);
    }
}

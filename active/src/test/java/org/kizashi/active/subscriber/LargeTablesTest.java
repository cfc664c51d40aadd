package org.kizashi.active.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Larger tables and lease sets than the other tests: the answers must match a naive scan. Sizes are kept small
 * enough for the build; the benchmarks measure speed.
 */
class LargeTablesTest {
    private static final Logger LOG = LoggerFactory.getLogger(LargeTablesTest.class);
    private static final Instant DAY = Instant.parse("2026-11-23T00:00:00Z");

    private static IpPrefix randomV4Prefix(Random random) {
        int length = 8 + random.nextInt(25);
        int mask = length == 32 ? -1 : ~(-1 >>> length);
        return new IpPrefix(IpAddress.ofV4(random.nextInt() & mask), length);
    }

    private static IpPrefix randomV6Prefix(Random random) {
        int length = 16 + random.nextInt(49);
        long high = 0x2001_0db8_0000_0000L | (random.nextLong() & 0x0000_0000_ffff_ffffL);
        high &= -1L << (64 - length);
        return new IpPrefix(IpAddress.of(high, 0), length);
    }

    @Test
    void ispTableMatchesANaiveScanAndLooksUpQuickly() {
        Random random = new Random(42);
        List<IspEntry> entries = new ArrayList<>();
        Set<IpPrefix> seen = new HashSet<>();
        while (entries.size() < 50_000) {
            IpPrefix p = entries.size() % 5 == 4 ? randomV6Prefix(random) : randomV4Prefix(random);
            if (seen.add(p)) {
                entries.add(new IspEntry(p, entries.size(), "isp-" + entries.size()));
            }
        }
        long built = System.nanoTime();
        IspTable table = IspTable.of(entries);
        LOG.info("ISP table of {} prefixes built in {} ms", table.size(), (System.nanoTime() - built) / 1_000_000);
        assertThat(table.problems()).isEmpty();

        List<IspEntry> small = entries.subList(0, 2_000);
        IspTable smallTable = IspTable.of(small);
        for (int i = 0; i < 5_000; i++) {
            IpAddress a = i % 5 == 4 ? randomV6Prefix(random).network() : IpAddress.ofV4(random.nextInt());
            if (i % 3 == 0) {
                IspEntry e = small.get(random.nextInt(small.size()));
                a = e.prefix().last();
            }
            IspEntry expected = null;
            for (IspEntry e : small) {
                if (e.prefix().contains(a) && (expected == null || e.prefix().length() > expected.prefix().length())) {
                    expected = e;
                }
            }
            assertThat(smallTable.lookup(a).orElse(null)).as(a.toString()).isEqualTo(expected);
        }

        IpAddress[] queries = new IpAddress[1 << 16];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = i % 5 == 4 ? randomV6Prefix(random).last() : IpAddress.ofV4(random.nextInt());
        }
        int hits = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 200_000; i++) {
            if (table.lookup(queries[i & (queries.length - 1)]).isPresent()) {
                hits++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("ISP table: 2,000,000 lookups in {} s ({} per second), {} hits", String.format("%.3f", seconds),
                String.format("%,.0f", 2_000_000 / seconds), hits);
        assertThat(hits).isPositive();
    }

    @Test
    void resolverMatchesANaiveScanOfClosedLeases() {
        Random random = new Random(7);
        IspTable isps = IspTable.of(List.of(new IspEntry(IpPrefix.parse("198.51.100.0/24"), 64500, "example-net")));
        List<AddressLease> leases = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int host = random.nextInt(40);
            Instant start = DAY.plusSeconds(random.nextInt(86_400));
            leases.add(new AddressLease("s" + random.nextInt(30), IpPrefix.parse("198.51.100." + host + "/32"), null,
                    start, start.plusSeconds(random.nextInt(7_200)), new SourceLine("random", i + 1)));
        }
        SubscriberResolver resolver = SubscriberResolver.builder(isps).addAll(leases).build();
        Map<IpAddress, List<AddressLease>> byAddress = new HashMap<>();
        for (AddressLease l : leases) {
            byAddress.computeIfAbsent(l.addresses().network(), a -> new ArrayList<>()).add(l);
        }
        for (int i = 0; i < 20_000; i++) {
            IpAddress address = IpAddress.parse("198.51.100." + random.nextInt(41));
            Instant time = DAY.plusSeconds(random.nextInt(90_000));
            Set<String> holders = new HashSet<>();
            for (AddressLease l : byAddress.getOrDefault(address, List.of())) {
                if (!time.isBefore(l.start()) && time.isBefore(l.end())) {
                    holders.add(l.subscriber());
                }
            }
            Attribution a = resolver.resolve(address, time, OptionalInt.empty());
            if (holders.size() == 1) {
                assertThat(a).isInstanceOfSatisfying(Attribution.Found.class,
                        f -> assertThat(f.subscriber()).isEqualTo(holders.iterator().next()));
            } else {
                assertThat(a).as(a.explanation()).isInstanceOfSatisfying(Attribution.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(holders.isEmpty() ? Refusal.NO_LEASE
                                : Refusal.AMBIGUOUS_OVERLAP));
            }
        }
    }

    @Test
    void manyLeasesIndexAndResolve() {
        IspTable isps = IspTable.of(List.of(new IspEntry(IpPrefix.parse("10.0.0.0/8"), 64500, "big-isp"),
                new IspEntry(IpPrefix.parse("2001:db8::/32"), 64500, "big-isp")));
        int addresses = 20_000;
        int sessionsPerAddress = 10;
        List<AddressLease> leases = new ArrayList<>(addresses * sessionsPerAddress);
        SourceLine source = new SourceLine("generated", 1);
        for (int a = 0; a < addresses; a++) {
            IpPrefix prefix = a % 4 == 3
                    ? new IpPrefix(IpAddress.of(0x2001_0db8_0000_0000L | (long) a << 8, 0), 56)
                    : new IpPrefix(IpAddress.ofV4(0x0a00_0000 | a), 32);
            for (int s = 0; s < sessionsPerAddress; s++) {
                Instant start = DAY.plusSeconds(s * 3_600L);
                Instant end = s == sessionsPerAddress - 1 ? null : start.plusSeconds(3_000);
                leases.add(new AddressLease("sub-" + (a * 7 + s) % 250_000, prefix, null, start, end, source));
            }
        }
        long built = System.nanoTime();
        SubscriberResolver resolver = SubscriberResolver.builder(isps).asOf(DAY.plusSeconds(86_400))
                .addAll(leases).build();
        LOG.info("Resolver over {} leases built in {} ms", resolver.leaseCount(),
                (System.nanoTime() - built) / 1_000_000);
        leases.clear();

        Random random = new Random(1);
        IpAddress[] queries = new IpAddress[1 << 14];
        for (int i = 0; i < queries.length; i++) {
            int a = random.nextInt(addresses);
            queries[i] = a % 4 == 3 ? IpAddress.of(0x2001_0db8_0000_0000L | (long) a << 8 | 0x12, 0x1234)
                    : IpAddress.ofV4(0x0a00_0000 | a);
        }
        int found = 0;
        int lookups = 100_000;
        long start = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            Instant time = DAY.plusSeconds((i * 7_919L) % 40_000);
            if (resolver.resolve(queries[i & (queries.length - 1)], time, OptionalInt.empty())
                    instanceof Attribution.Found) {
                found++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("Resolver: {} resolutions in {} s ({} per second), {} found", lookups,
                String.format("%.3f", seconds), String.format("%,.0f", lookups / seconds), found);
        assertThat(found).isPositive();
    }
}

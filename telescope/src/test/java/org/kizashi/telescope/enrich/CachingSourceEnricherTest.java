package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.kizashi.core.net.IpAddress;

class CachingSourceEnricherTest {
    /** Answers derived from the address, and counts how often it is asked. */
    static final class Counting implements SourceEnricher, AutoCloseable {
        final AtomicInteger countryCalls = new AtomicInteger();
        final AtomicInteger asnCalls = new AtomicInteger();
        boolean closed;

        @Override
        public String country(long high, long low) {
            countryCalls.incrementAndGet();
            return CountryCodes.canonical(String.valueOf(new char[] {
                (char) ('A' + Math.floorMod(low, 26)), (char) ('A' + Math.floorMod(high + low / 26, 26))}));
        }

        @Override
        public long asn(long high, long low) {
            asnCalls.incrementAndGet();
            return (low & 0xffff_ffffL) ^ (high & 0xffff);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static String expectedCountry(IpAddress a) {
        return new Counting().country(a.high(), a.low());
    }

    @Test
    void repeatedLookupsAreAnsweredFromTheCache() {
        Counting delegate = new Counting();
        CachingSourceEnricher cache = new CachingSourceEnricher(delegate, 1024);
        IpAddress a = IpAddress.parse("203.0.113.7");
        String first = cache.country(a.high(), a.low());
        for (int i = 0; i < 100; i++) {
            assertThat(cache.country(a.high(), a.low())).isSameAs(first);
            assertThat(cache.asn(a.high(), a.low())).isEqualTo(delegate.asn(a.high(), a.low()));
        }
        assertThat(delegate.countryCalls).hasValue(1);
        assertThat(delegate.asnCalls).hasValue(1 + 100); // one for the miss, plus this test's own calls
    }

    @Test
    void addressesSharingASetEvictEachOtherButNeverMix() {
        Counting delegate = new Counting();
        CachingSourceEnricher cache = new CachingSourceEnricher(delegate, 16);
        List<IpAddress> same = new ArrayList<>(); // IPv4 and IPv6 addresses that fall into one set
        IpAddress first = IpAddress.parse("198.51.100.1");
        same.add(first);
        for (int i = 2; same.size() < 3; i++) {
            IpAddress v4 = IpAddress.parse("198.51.100." + i);
            IpAddress v6 = IpAddress.parse("2001:db8::" + Integer.toHexString(i));
            for (IpAddress candidate : new IpAddress[] {v4, v6}) {
                if (same.size() < 3 && cache.set(candidate.high(), candidate.low()) == cache.set(first.high(), first.low())) {
                    same.add(candidate);
                }
            }
        }
        // Two addresses of one set both stay cached.
        for (int round = 0; round < 5; round++) {
            for (IpAddress x : same.subList(0, 2)) {
                assertThat(cache.country(x.high(), x.low())).as(x.toString()).isEqualTo(expectedCountry(x));
            }
        }
        assertThat(delegate.countryCalls).hasValue(2);
        // Three take turns: each lookup misses, and every answer is still the address's own.
        for (int round = 0; round < 5; round++) {
            for (IpAddress x : same) {
                assertThat(cache.country(x.high(), x.low())).as(x.toString()).isEqualTo(expectedCountry(x));
                assertThat(cache.asn(x.high(), x.low())).as(x.toString())
                    .isEqualTo((x.low() & 0xffff_ffffL) ^ (x.high() & 0xffff));
            }
        }
        assertThat(delegate.countryCalls.get()).isGreaterThanOrEqualTo(2 + 15 - 2);
    }

    @Test
    void sameLowWordDifferentHighWordIsADifferentSource() {
        Counting delegate = new Counting();
        CachingSourceEnricher cache = new CachingSourceEnricher(delegate, 16);
        assertThat(cache.asn(1, 5)).isEqualTo(5 ^ 1);
        assertThat(cache.asn(2, 5)).isEqualTo(5 ^ 2);
        assertThat(cache.asn(1, 5)).isEqualTo(5 ^ 1);
    }

    @Test
    void slotsAreRoundedToAPowerOfTwoWithinBounds() {
        assertThat(new CachingSourceEnricher(SourceEnricher.NONE, 1).slots()).isEqualTo(CachingSourceEnricher.MIN_SLOTS);
        assertThat(new CachingSourceEnricher(SourceEnricher.NONE, 1000).slots()).isEqualTo(1024);
        assertThat(new CachingSourceEnricher(SourceEnricher.NONE, 1024).slots()).isEqualTo(1024);
        assertThat(CachingSourceEnricher.slotsFor(1025)).isEqualTo(2048);
        assertThat(CachingSourceEnricher.slotsFor(-5)).isEqualTo(CachingSourceEnricher.MIN_SLOTS);
        assertThat(CachingSourceEnricher.slotsFor(Integer.MAX_VALUE)).isEqualTo(CachingSourceEnricher.MAX_SLOTS);
        assertThat(CachingSourceEnricher.slotsFor(CachingSourceEnricher.MAX_SLOTS - 1)).isEqualTo(CachingSourceEnricher.MAX_SLOTS);
    }

    @Test
    void nullCountryFromADelegateIsUnknownAndCloseIsPassedOn() {
        SourceEnricher nulls = new SourceEnricher() {
            @Override
            public String country(long high, long low) {
                return null;
            }

            @Override
            public long asn(long high, long low) {
                return 0;
            }
        };
        assertThat(new CachingSourceEnricher(nulls, 16).country(0, 1)).isEmpty();
        Counting delegate = new Counting();
        new CachingSourceEnricher(delegate, 16).close();
        assertThat(delegate.closed).isTrue();
    }

    @Test
    void threadsSharingOneCacheAlwaysGetTheirOwnAddressesAnswer() throws Exception {
        Counting delegate = new Counting();
        CachingSourceEnricher cache = new CachingSourceEnricher(delegate, 64); // small: many evictions
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 200_000; i++) {
                        long low = IpAddress.ofV4(0x0a00_0000 + (i * 7 + seed) % 500).low();
                        if (cache.asn(0, low) != (low & 0xffff_ffffL)) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

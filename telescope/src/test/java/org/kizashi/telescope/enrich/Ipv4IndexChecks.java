package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;

/** Comparisons of IPv4 indexes with MaxMind's reader, shared by the tests. */
final class Ipv4IndexChecks {
    private Ipv4IndexChecks() {
    }

    /** The low word of an IPv4 address in the 128-bit form. */
    static long low(long v4) {
        return 0x0000_ffff_0000_0000L | (v4 & 0xffff_ffffL);
    }

    /** The reader's own answer for an IPv4 address, as the index keeps it. */
    static int readerValue(MmdbDatabase db, long v4) throws IOException {
        return db.layout().kind == Ipv4Index.Kind.COUNTRY
            ? CountryCodes.index(CountryCodes.canonical(db.country(0, low(v4))))
            : (int) db.asn(0, low(v4));
    }

    /**
     * Checks an index built from a database against the reader: at {@code random} random addresses, and at the first
     * address of every {@code stride}-th range and the address before it.
     *
     * @return the number of addresses compared
     */
    static int assertSameAsReader(MmdbDatabase db, Ipv4Index index, int random, int stride, long seed)
            throws IOException {
        Random r = new Random(seed);
        int compared = 0;
        for (int i = 0; i < random; i++) {
            long a = r.nextLong(1L << 32);
            assertThat(index.value(index.find((int) a))).as("%s at %s", db.file().getFileName(), v4(a))
                .isEqualTo(readerValue(db, a));
            compared++;
        }
        for (int i = 0; i < index.size(); i += stride) {
            long start = Integer.toUnsignedLong(index.start(i));
            assertThat(index.value(index.find((int) start))).as("%s at %s", db.file().getFileName(), v4(start))
                .isEqualTo(readerValue(db, start));
            if (start > 0) {
                assertThat(index.value(index.find((int) start - 1)))
                    .as("%s at %s", db.file().getFileName(), v4(start - 1))
                    .isEqualTo(readerValue(db, start - 1));
            }
            compared += 2;
        }
        return compared;
    }

    /** Checks an enricher with indexes against one reading the databases only, at random and given addresses. */
    static void assertSameAnswers(SourceEnricher indexed, SourceEnricher reader, int random, long seed,
                                  long... addresses) {
        Random r = new Random(seed);
        for (int i = 0; i < random + addresses.length; i++) {
            long a = i < addresses.length ? addresses[i] : r.nextLong(1L << 32);
            assertThat(indexed.country(0, low(a))).as("country of %s", v4(a)).isEqualTo(reader.country(0, low(a)));
            assertThat(indexed.asn(0, low(a))).as("AS of %s", v4(a)).isEqualTo(reader.asn(0, low(a)));
        }
    }

    /** The IPv4 indexing of an enricher from {@link SourceEnrichers#open}, waited for. */
    static MmdbSourceEnricher indexed(CloseableSourceEnricher e) throws InterruptedException {
        MmdbSourceEnricher m = (MmdbSourceEnricher) ((CachingSourceEnricher) e).delegate();
        assertThat(m.awaitIpv4Index(Duration.ofMinutes(2))).as("indexed").isTrue();
        return m;
    }

    static String v4(long a) {
        return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }
}

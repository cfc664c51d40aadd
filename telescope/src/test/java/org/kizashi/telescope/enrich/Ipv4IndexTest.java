package org.kizashi.telescope.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class Ipv4IndexTest {
    private static int v4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    /** The obvious model: the value of the range with the greatest start at or below the address. */
    private static int modelValue(TreeMap<Long, Integer> model, long address) {
        return model.floorEntry(address).getValue();
    }

    @Test
    void findsTheRangeOfEveryAddressAndMergesEqualNeighbours() {
        Ipv4Index index = new Ipv4Index.Builder(Ipv4Index.Kind.ASN, 4)
            .add(0, 0)
            .add(v4(1, 0, 0, 0), 13335)
            .add(v4(1, 0, 1, 0), 13335) // merged into the previous range
            .add(v4(1, 0, 4, 0), 38803)
            .add(v4(1, 0, 8, 0), 0)
            .add(v4(200, 1, 2, 3), -1) // AS 4294967295, unsigned
            .add(v4(255, 255, 255, 255), 7)
            .build();
        assertThat(index.size()).isEqualTo(6);
        assertThat(index.asn(0)).isZero();
        assertThat(index.asn(v4(0, 255, 255, 255))).isZero();
        assertThat(index.asn(v4(1, 0, 0, 0))).isEqualTo(13335);
        assertThat(index.asn(v4(1, 0, 3, 255))).isEqualTo(13335);
        assertThat(index.asn(v4(1, 0, 4, 0))).isEqualTo(38803);
        assertThat(index.asn(v4(1, 0, 8, 0))).isZero();
        assertThat(index.asn(v4(200, 1, 2, 2))).isZero();
        assertThat(index.asn(v4(200, 1, 2, 3))).isEqualTo(4_294_967_295L);
        assertThat(index.asn(v4(255, 255, 255, 254))).isEqualTo(4_294_967_295L);
        assertThat(index.asn(-1)).isEqualTo(7);
    }

    @Test
    void answersAsTheModelOnRandomRanges() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int ranges = 1 + random.nextInt(round < 10 ? 50 : 200_000);
            TreeMap<Long, Integer> model = new TreeMap<>();
            model.put(0L, random.nextInt(CountryCodes.COUNT + 1));
            while (model.size() < ranges) {
                // Dense around a few blocks (many ranges per /16) and sparse elsewhere.
                long start = random.nextBoolean() ? random.nextLong(1L << 32)
                    : (0x0a0b_0000L | random.nextInt(1 << 16));
                model.put(start, random.nextInt(CountryCodes.COUNT + 1));
            }
            Ipv4Index.Builder b = new Ipv4Index.Builder(Ipv4Index.Kind.COUNTRY, 16);
            model.forEach((start, value) -> b.add((int) (long) start, value));
            Ipv4Index index = b.build();
            for (int i = 0; i < 20_000; i++) {
                long address = switch (i % 4) {
                    case 0 -> random.nextLong(1L << 32);
                    case 1 -> 0x0a0b_0000L | random.nextInt(1 << 16);
                    case 2 -> { // a range's first address
                        Long start = model.ceilingKey(random.nextLong(1L << 32));
                        yield start == null ? model.lastKey() : start;
                    }
                    default -> { // just before a range's first address
                        long start = model.floorKey(random.nextLong(1L << 32));
                        yield start == 0 ? 0 : start - 1;
                    }
                };
                assertThat(index.country((int) address))
                    .as("address %d of %d ranges", address, ranges)
                    .isEqualTo(CountryCodes.byIndex(modelValue(model, address)));
            }
            if (model.size() <= 1000) {
                for (long start : model.keySet()) {
                    assertThat(index.country((int) start)).isEqualTo(CountryCodes.byIndex(modelValue(model, start)));
                    if (start > 0) {
                        assertThat(index.country((int) start - 1))
                            .isEqualTo(CountryCodes.byIndex(modelValue(model, start - 1)));
                    }
                }
            }
        }
    }

    @Test
    void blocksAnswerUnknownWhateverTheIndexSays() {
        Random random = new Random(7);
        TreeMap<Long, Integer> model = new TreeMap<>();
        model.put(0L, 5);
        while (model.size() < 5000) {
            model.put(random.nextLong(1L << 32), 1 + random.nextInt(1000));
        }
        model.put(0x0a00_0000L, 9); // a range starting exactly where a block starts
        model.put(0x0b00_0000L, 0); // unknown just after a block: merges with it
        Ipv4Index.Builder b = new Ipv4Index.Builder(Ipv4Index.Kind.ASN, 16);
        model.forEach((start, value) -> b.add((int) (long) start, value));
        Ipv4Index index = b.build();
        long[][] blocks = NonGlobalAddresses.ipv4Blocks();
        Ipv4Index masked = index.withUnknown(blocks);
        for (int i = 0; i < 200_000; i++) {
            long address = i < 1000 ? blocks[i % blocks.length][i % 2] + (i % 3) - 1 : random.nextLong(1L << 32);
            address &= 0xffff_ffffL;
            boolean inBlock = false;
            for (long[] block : blocks) {
                inBlock |= address >= block[0] && address <= block[1];
            }
            long expected = inBlock ? 0 : modelValue(model, address);
            assertThat(masked.asn((int) address)).as(Long.toString(address)).isEqualTo(expected);
        }
        for (int i = 1; i < masked.size(); i++) {
            assertThat(masked.value(i)).as("neighbours differ").isNotEqualTo(masked.value(i - 1));
        }
        assertThat(masked.asn(v4(10, 1, 2, 3))).isZero();
        assertThat(masked.asn(v4(255, 255, 255, 255))).isZero();
        assertThat(masked.asn(v4(0, 0, 0, 0))).isZero();
    }

    @Test
    void rejectsRangesThatDoNotCoverTheSpaceInOrder() {
        assertThatThrownBy(() -> new Ipv4Index.Builder(Ipv4Index.Kind.ASN, 1).add(5, 1))
            .hasMessageContaining("first range");
        assertThatThrownBy(() -> new Ipv4Index.Builder(Ipv4Index.Kind.ASN, 1).add(0, 1).add(-1, 2).add(5, 3))
            .hasMessageContaining("out of order");
        assertThatThrownBy(() -> new Ipv4Index.Builder(Ipv4Index.Kind.COUNTRY, 1).add(0, CountryCodes.COUNT + 1))
            .hasMessageContaining("country");
        assertThatThrownBy(() -> new Ipv4Index.Builder(Ipv4Index.Kind.ASN, 1).build())
            .hasMessageContaining("no ranges");
    }

    @Test
    void restoredArraysAreCheckedAndCountriesOutOfRangeAreUnknown() {
        Ipv4Index index = new Ipv4Index.Builder(Ipv4Index.Kind.COUNTRY, 4)
            .add(0, 0).add(v4(8, 8, 8, 0), CountryCodes.index("US")).add(v4(8, 8, 9, 0), 0).build();
        Ipv4Index copy = Ipv4Index.restore(index.keys().clone(), index.countries().clone(), null,
            index.blocks().clone());
        assertThat(copy).isEqualTo(index);
        assertThat(copy.country(v4(8, 8, 8, 8))).isEqualTo("US");

        short[] bad = index.countries().clone();
        bad[1] = (short) 9999;
        assertThat(Ipv4Index.restore(index.keys(), bad, null, index.blocks()).country(v4(8, 8, 8, 8))).isEmpty();

        int[] blocks = index.blocks().clone();
        blocks[100] = 2;
        assertThatThrownBy(() -> Ipv4Index.restore(index.keys(), index.countries(), null, blocks))
            .hasMessageContaining("block table");
        int[] keys = index.keys().clone();
        keys[0] = 0;
        assertThatThrownBy(() -> Ipv4Index.restore(keys, index.countries(), null, index.blocks()))
            .hasMessageContaining("start at 0");
        assertThatThrownBy(() -> Ipv4Index.restore(index.keys(), index.countries(), new int[3], index.blocks()))
            .hasMessageContaining("one array");
    }

    @Test
    void countryCodesHaveCompactIndexes() {
        assertThat(CountryCodes.index("JP")).isEqualTo(CountryCodes.index("jp")).isPositive();
        assertThat(CountryCodes.byIndex(CountryCodes.index("jp"))).isSameAs(CountryCodes.canonical("JP"));
        assertThat(CountryCodes.index("")).isZero();
        assertThat(CountryCodes.index(null)).isZero();
        assertThat(CountryCodes.index("J1")).isZero();
        assertThat(CountryCodes.byIndex(0)).isEmpty();
        assertThat(CountryCodes.index("ZZ")).isEqualTo(CountryCodes.COUNT);
        assertThat(CountryCodes.index("AA")).isEqualTo(1);
    }
}

package org.kizashi.telescope.enrich;

import java.util.Arrays;

/**
 * The IPv4 space of one database flattened into sorted, disjoint ranges that cover every address, each with one
 * answer: a country ({@link CountryCodes#index}, 0 for unknown) or an AS number (unsigned 32 bits, 0 for unknown).
 * Neighbouring ranges have different answers. A lookup is a binary search that allocates nothing: a table of the
 * 65,536 {@code /16} blocks narrows it to the ranges that start in the address's block, typically a handful, so it
 * touches three or four cache lines (about 20 to 50 ns when they are not cached).
 *
 * <p>Immutable, so thread-safe once published. Memory: 6 bytes (country) or 8 bytes (AS) per range, plus 256 KiB
 * for the {@code /16} table.
 */
final class Ipv4Index {
    /** What the values are. */
    enum Kind {
        COUNTRY,
        ASN
    }

    /** Number of /16 blocks; the block table has one more entry. */
    static final int BLOCKS = 1 << 16;

    private final Kind kind;
    /** First address of each range XOR {@link Integer#MIN_VALUE}, so that signed comparison orders them. */
    private final int[] keys;
    /** Country of each range ({@link CountryCodes#index}), or null for {@link Kind#ASN}. */
    private final short[] countries;
    /** AS number of each range (unsigned), or null for {@link Kind#COUNTRY}. */
    private final int[] numbers;
    /** For each /16 block, the range holding its first address; entry {@value #BLOCKS} is the last range. */
    private final int[] blocks;

    private Ipv4Index(int[] keys, short[] countries, int[] numbers, int[] blocks) {
        this.kind = countries != null ? Kind.COUNTRY : Kind.ASN;
        this.keys = keys;
        this.countries = countries;
        this.numbers = numbers;
        this.blocks = blocks;
    }

    /** The block table of sorted keys. */
    private static int[] blocks(int[] keys) {
        int[] b = new int[BLOCKS + 1];
        int i = 0;
        for (int block = 0; block < BLOCKS; block++) {
            int first = (block << 16) ^ Integer.MIN_VALUE;
            while (i + 1 < keys.length && keys[i + 1] <= first) {
                i++;
            }
            b[block] = i;
        }
        b[BLOCKS] = keys.length - 1;
        return b;
    }

    /**
     * An index read back from storage, with the arrays of {@link #keys()}, {@link #countries()} or {@link #numbers()}
     * (the other null) and {@link #blocks()}, which it takes over. Checks only what keeps lookups within the arrays
     * (the block table, the first key); whether the content is what was written is the storage's checksum's business.
     * Countries out of range answer "unknown".
     *
     * @throws IllegalArgumentException when the arrays do not fit together
     */
    static Ipv4Index restore(int[] keys, short[] countries, int[] numbers, int[] blocks) {
        int n = keys.length;
        if ((countries == null) == (numbers == null) || (countries != null ? countries.length : numbers.length) != n) {
            throw new IllegalArgumentException("one array of values, as long as the keys");
        }
        if (n == 0 || keys[0] != Integer.MIN_VALUE) {
            throw new IllegalArgumentException(n == 0 ? "no ranges" : "the first range does not start at 0");
        }
        if (blocks.length != BLOCKS + 1 || blocks[0] != 0 || blocks[BLOCKS] != n - 1) {
            throw new IllegalArgumentException("bad block table");
        }
        for (int b = 0; b < BLOCKS; b++) {
            if (blocks[b] > blocks[b + 1]) {
                throw new IllegalArgumentException("bad block table at " + b);
            }
        }
        return new Ipv4Index(keys, countries, numbers, blocks);
    }

    Kind kind() {
        return kind;
    }

    /** Number of ranges. */
    int size() {
        return keys.length;
    }

    /** First address (unsigned) of range {@code i}. */
    int start(int i) {
        return keys[i] ^ Integer.MIN_VALUE;
    }

    /** Value of range {@code i}: {@link CountryCodes#index} or the AS number as an unsigned int. */
    int value(int i) {
        return kind == Kind.COUNTRY ? countries[i] : numbers[i];
    }

    // The arrays themselves, for storage (not copied: never change them).

    int[] keys() {
        return keys;
    }

    short[] countries() {
        return countries;
    }

    int[] numbers() {
        return numbers;
    }

    int[] blocks() {
        return blocks;
    }

    /** Country of an IPv4 address (as an int, {@code a.b.c.d} = {@code 0xaabbccdd}); "" when unknown. */
    String country(int address) {
        int code = countries[find(address)];
        return code > 0 && code <= CountryCodes.COUNT ? CountryCodes.byIndex(code) : "";
    }

    /** AS number of an IPv4 address; 0 when unknown. */
    long asn(int address) {
        return numbers[find(address)] & 0xffff_ffffL;
    }

    /** Index of the range holding an address. */
    int find(int address) {
        int[] keys = this.keys;
        int block = address >>> 16;
        int lo = blocks[block];
        int hi = blocks[block + 1];
        int key = address ^ Integer.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (keys[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Index of the first range starting at or after an address, or {@link #size()} when none does. */
    private int firstFrom(long address) {
        if (address > 0xffff_ffffL) {
            return keys.length;
        }
        int r = find((int) address);
        return Integer.toUnsignedLong(start(r)) == address ? r : r + 1;
    }

    /**
     * This index with the given blocks answering "unknown" (value 0) whatever it says for them. Copies the ranges
     * between the blocks in bulk.
     *
     * @param unknown {@code {first, last}} pairs of unsigned addresses, in address order, not overlapping
     */
    Ipv4Index withUnknown(long[][] unknown) {
        int capacity = keys.length + 2 * unknown.length;
        int[] k = new int[capacity];
        short[] c = countries == null ? null : new short[capacity];
        int[] a = numbers == null ? null : new int[capacity];
        int out = 0;
        long at = 0; // first address not covered by the output yet
        for (int b = 0; b <= unknown.length; b++) {
            long first = b < unknown.length ? unknown[b][0] : 1L << 32;
            if (b < unknown.length && (first < at || unknown[b][1] < first || unknown[b][1] > 0xffff_ffffL)) {
                throw new IllegalArgumentException("blocks out of order or out of range");
            }
            if (at < first) {
                int r = find((int) at);
                out = append(k, c, a, out, (int) at, value(r));
                int to = firstFrom(first);
                if (r + 1 < to) { // these differ from their neighbours, range r included
                    System.arraycopy(keys, r + 1, k, out, to - r - 1);
                    if (c != null) {
                        System.arraycopy(countries, r + 1, c, out, to - r - 1);
                    } else {
                        System.arraycopy(numbers, r + 1, a, out, to - r - 1);
                    }
                    out += to - r - 1;
                }
            }
            if (b < unknown.length) {
                out = append(k, c, a, out, (int) first, 0);
                at = unknown[b][1] + 1;
            }
        }
        int[] keys = Arrays.copyOf(k, out);
        return new Ipv4Index(keys, c == null ? null : Arrays.copyOf(c, out), a == null ? null : Arrays.copyOf(a, out),
            blocks(keys));
    }

    /** Appends a range unless the last one has the same value; the new size. */
    private static int append(int[] keys, short[] countries, int[] numbers, int size, int start, int value) {
        if (size > 0 && (countries != null ? countries[size - 1] : numbers[size - 1]) == value) {
            return size;
        }
        keys[size] = start ^ Integer.MIN_VALUE;
        if (countries != null) {
            countries[size] = (short) value;
        } else {
            numbers[size] = value;
        }
        return size + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Index other && kind == other.kind && Arrays.equals(keys, other.keys)
            && Arrays.equals(countries, other.countries) && Arrays.equals(numbers, other.numbers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31
            + (kind == Kind.COUNTRY ? Arrays.hashCode(countries) : Arrays.hashCode(numbers));
    }

    @Override
    public String toString() {
        return "Ipv4Index[" + kind + ", " + size() + " ranges]";
    }

    /** Collects ranges in address order, merging neighbours with equal values. Not thread-safe. */
    static final class Builder {
        private final Kind kind;
        private int[] starts;
        private int[] values;
        private int size;

        Builder(Kind kind, int expected) {
            this.kind = kind;
            this.starts = new int[Math.max(16, expected)];
            this.values = new int[starts.length];
        }

        /**
         * Adds the range starting at {@code start} (unsigned), which ends where the next one starts (or at
         * 255.255.255.255).
         *
         * @throws IllegalArgumentException when the first range does not start at 0, a start is not above the previous
         *                                  one, or a country value is not a {@link CountryCodes#index}
         */
        Builder add(int start, int value) {
            if (kind == Kind.COUNTRY && (value < 0 || value > CountryCodes.COUNT)) {
                throw new IllegalArgumentException("not a country index: " + value);
            }
            if (size == 0) {
                if (start != 0) {
                    throw new IllegalArgumentException("the first range starts at " + Integer.toUnsignedString(start));
                }
            } else {
                if (Integer.compareUnsigned(start, starts[size - 1]) <= 0) {
                    throw new IllegalArgumentException(
                        "range starts out of order at " + Integer.toUnsignedString(start));
                }
                if (values[size - 1] == value) {
                    return this;
                }
            }
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            starts[size] = start;
            values[size] = value;
            size++;
            return this;
        }

        Ipv4Index build() {
            if (size == 0) {
                throw new IllegalArgumentException("no ranges");
            }
            int[] keys = new int[size];
            for (int i = 0; i < size; i++) {
                keys[i] = starts[i] ^ Integer.MIN_VALUE;
            }
            if (kind == Kind.COUNTRY) {
                short[] countries = new short[size];
                for (int i = 0; i < size; i++) {
                    countries[i] = (short) values[i];
                }
                return new Ipv4Index(keys, countries, null, blocks(keys));
            }
            return new Ipv4Index(keys, null, Arrays.copyOf(values, size), blocks(keys));
        }
    }
}

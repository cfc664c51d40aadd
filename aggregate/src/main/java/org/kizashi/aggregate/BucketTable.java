package org.kizashi.aggregate;

import java.util.Arrays;

/**
 * All time-series buckets of an accumulator. A bucket is a row: key, packets and bytes side by side in one
 * {@code long[]} and its two distinct counters side by side in one {@code Object[]}, so that updating a bucket touches
 * few cache lines (memory latency, not arithmetic, bounds the speed of {@code add}). Rows are found through an
 * open-addressing index of row numbers keyed by the packed {@link Keys key}; no key objects, no boxing.
 *
 * <p>A sparse bucket (one source, one destination) costs about 100 bytes: 24 for the numbers, 8 for the references,
 * 2 x 32 for two one-token sets, 8-16 for the index; a busy one holds two sketches of 2^p bytes instead of the sets.
 */
final class BucketTable {
    private static final long FIBONACCI = 0x9E37_79B9_7F4A_7C15L;
    private static final int NUMBERS = 3;
    private static final int KEY = 0;
    private static final int PACKETS = 1;
    private static final int BYTES = 2;

    private final int[] precisionByResolution;
    /** Row + 1, 0 for a free slot; at most half full. */
    private int[] index;
    private int shift;
    private long[] numbers;
    /** Per row: sources, destinations ({@link Uniques} states). */
    private Object[] states;
    private int size;

    BucketTable(int[] precisionByResolution) {
        this.precisionByResolution = precisionByResolution;
        int capacity = 64;
        numbers = new long[NUMBERS * capacity];
        states = new Object[2 * capacity];
        index = new int[2 * capacity];
        shift = 64 - Integer.numberOfTrailingZeros(index.length);
    }

    int size() {
        return size;
    }

    long key(int row) {
        return numbers[NUMBERS * row + KEY];
    }

    long packets(int row) {
        return numbers[NUMBERS * row + PACKETS];
    }

    long bytes(int row) {
        return numbers[NUMBERS * row + BYTES];
    }

    Object sources(int row) {
        return states[2 * row];
    }

    Object destinations(int row) {
        return states[2 * row + 1];
    }

    private int home(long key) {
        return (int) ((key * FIBONACCI) >>> shift);
    }

    /** Row of {@code key}, or -1. */
    int find(long key) {
        int mask = index.length - 1;
        for (int i = home(key); ; i = (i + 1) & mask) {
            int row = index[i] - 1;
            if (row < 0) {
                return -1;
            }
            if (numbers[NUMBERS * row + KEY] == key) {
                return row;
            }
        }
    }

    /** Row of {@code key}, created empty if absent. Rows never move, so callers may cache them. */
    int rowOf(long key) {
        int mask = index.length - 1;
        int i = home(key);
        for (int row; (row = index[i] - 1) >= 0; i = (i + 1) & mask) {
            if (numbers[NUMBERS * row + KEY] == key) {
                return row;
            }
        }
        if (NUMBERS * (size + 1) > numbers.length) {
            numbers = Arrays.copyOf(numbers, 2 * numbers.length);
            states = Arrays.copyOf(states, 2 * states.length);
        }
        int row = size++;
        numbers[NUMBERS * row + KEY] = key;
        if (2 * size > index.length) {
            growIndex();
        } else {
            index[i] = row + 1;
        }
        return row;
    }

    /** Counts a packet in a bucket; a source token of {@link Tally#NO_TOKEN} leaves the sources alone. */
    void add(int row, int packetBytes, int sourceToken, int destinationToken, int precision) {
        int at = NUMBERS * row;
        numbers[at + PACKETS]++;
        numbers[at + BYTES] += packetBytes;
        int state = 2 * row;
        if (sourceToken != Tally.NO_TOKEN) {
            states[state] = Uniques.add(states[state], sourceToken, precision);
        }
        states[state + 1] = Uniques.add(states[state + 1], destinationToken, precision);
    }

    /** Adds a bucket of another table; copies its states, never shares them. */
    void merge(long key, long bucketPackets, long bucketBytes, Object bucketSources, Object bucketDestinations) {
        int row = rowOf(key);
        int precision = precisionByResolution[Keys.resolution(key)];
        numbers[NUMBERS * row + PACKETS] += bucketPackets;
        numbers[NUMBERS * row + BYTES] += bucketBytes;
        states[2 * row] = Uniques.union(states[2 * row], bucketSources, precision);
        states[2 * row + 1] = Uniques.union(states[2 * row + 1], bucketDestinations, precision);
    }

    /** Adds a decoded bucket, taking its states over. */
    void put(long key, long bucketPackets, long bucketBytes, Object bucketSources, Object bucketDestinations) {
        int row = rowOf(key);
        numbers[NUMBERS * row + PACKETS] = bucketPackets;
        numbers[NUMBERS * row + BYTES] = bucketBytes;
        states[2 * row] = bucketSources;
        states[2 * row + 1] = bucketDestinations;
    }

    /** Keys in unsigned order: by resolution, series, then time. */
    long[] sortedKeys() {
        long[] sorted = new long[size];
        for (int row = 0; row < size; row++) {
            sorted[row] = key(row) ^ Long.MIN_VALUE;
        }
        Arrays.sort(sorted);
        for (int k = 0; k < size; k++) {
            sorted[k] ^= Long.MIN_VALUE;
        }
        return sorted;
    }

    private void growIndex() {
        index = new int[index.length * 2];
        shift--;
        int mask = index.length - 1;
        for (int row = 0; row < size; row++) {
            int i = home(key(row));
            while (index[i] != 0) {
                i = (i + 1) & mask;
            }
            index[i] = row + 1;
        }
    }
}

package org.kizashi.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A count-min sketch of the packets counted for sources evicted from a {@link SourceTable}, so that a source coming
 * back is re-admitted with (an upper bound of) the packets it already had instead of starting from zero: heavy sources
 * that were unlucky survive the churn of millions of one-packet sources. Estimates never fall short of the truth; they
 * exceed it by the packets of colliding sources, on average (evicted packets) / (4 x blocks) per counter.
 *
 * <p>Four counters per source, all in one 64-byte block (as in Caffeine's frequency sketch): one cache miss per
 * lookup. {@code blocks} is the smallest power of two not below twice the table bound (at least 1,024, at most 2^22),
 * so the sketch takes about 128 bytes per tracked source (16 MiB for 100,000), and exists only once the table has
 * evicted something. Merging adds counters: the same state as one
 * sketch of all evictions.
 */
final class EvictedCounts {
    private static final long FIBONACCI = 0x9E37_79B9_7F4A_7C15L;
    private static final int BLOCK = 16;

    private final int[] counters;
    private final int shift;

    EvictedCounts(int bound) {
        long wanted = Math.max(1_024, 2L * bound);
        int blocks = (int) Math.min(1 << 22, Long.highestOneBit(wanted) << (Long.bitCount(wanted) == 1 ? 0 : 1));
        counters = new int[blocks * BLOCK];
        shift = 64 - Integer.numberOfTrailingZeros(blocks);
    }

    private int block(long sourceHash) {
        // Re-mixed so that sources colliding in the table's index do not also share a block.
        return (int) ((sourceHash * FIBONACCI) >>> shift) * BLOCK;
    }

    /** Counter {@code row} (0-3) of a block: one of four, chosen by two more bits of the hash. */
    private static int offset(long sourceHash, int row) {
        return 4 * row + ((int) (sourceHash >>> (2 * row)) & 3);
    }

    long estimate(long sourceHash) {
        int block = block(sourceHash);
        int min = Integer.MAX_VALUE;
        for (int row = 0; row < 4; row++) {
            min = Math.min(min, counters[block + offset(sourceHash, row)]);
        }
        return min;
    }

    void add(long sourceHash, long weight) {
        int block = block(sourceHash);
        for (int row = 0; row < 4; row++) {
            int at = block + offset(sourceHash, row);
            counters[at] = saturatedSum(counters[at], weight);
        }
    }

    void addAll(EvictedCounts other) {
        for (int k = 0; k < counters.length; k++) {
            counters[k] = saturatedSum(counters[k], other.counters[k]);
        }
    }

    /** Stuck at the maximum rather than wrapping: an estimate must never fall short. */
    private static int saturatedSum(int counter, long weight) {
        return (int) Math.min(Integer.MAX_VALUE, counter + weight);
    }

    /** Non-zero counters only, as (gap, value) pairs: a sketch is mostly zeros until very busy. */
    void write(DataOutput out) throws IOException {
        int nonZero = 0;
        for (int counter : counters) {
            if (counter != 0) {
                nonZero++;
            }
        }
        Wire.writeVarLong(out, nonZero);
        int previous = -1;
        for (int k = 0; k < counters.length; k++) {
            if (counters[k] != 0) {
                Wire.writeVarLong(out, k - previous - 1);
                Wire.writeVarLong(out, counters[k]);
                previous = k;
            }
        }
    }

    static EvictedCounts read(DataInput in, int bound) throws IOException {
        EvictedCounts sketch = new EvictedCounts(bound);
        int nonZero = Wire.readVarInt(in, sketch.counters.length, "evicted counts");
        int at = -1;
        for (int k = 0; k < nonZero; k++) {
            long next = at + 1 + Wire.readVarLong(in);
            if (next < 0 || next >= sketch.counters.length) {
                throw new IOException("evicted counts out of range");
            }
            at = (int) next;
            sketch.counters[at] = Wire.readVarInt(in, Integer.MAX_VALUE, "evicted count");
        }
        return sketch;
    }
}

package org.kizashi.aggregate;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Distinct counting whose state is one plain object, so that the millions of sparse counters (a port hit by one
 * source in one hour) cost a few dozen bytes and only busy ones pay for a sketch:
 * <ul>
 *   <li>{@code null}: nothing seen;</li>
 *   <li>{@code int[]}: the exact set of UltraLogLog tokens seen, as an open-addressing table ({@code [0]} holds the
 *       size, the rest a power-of-two number of slots, {@link #FREE} marking free ones);</li>
 *   <li>{@link UltraLogLog} of the given precision, once more than {@link #maxExact} distinct tokens were seen.</li>
 * </ul>
 * hash4j guarantees that adding a token equals adding its hash, and a sketch's state does not depend on the order of
 * additions; since the switch to a sketch depends only on the number of distinct tokens, the state is a function of
 * the <em>set</em> of inputs. Merged partial states are therefore identical to the single-pass state, byte for byte.
 *
 * <p>Callers store the returned state back: adding may replace the object (growth, switch to a sketch).
 */
final class Uniques {
    /** The hash every distinct count uses; komihash is fast on two longs and passes the hash4j quality bar. */
    static final Hasher64 HASHER = Hashing.komihash5_0();

    /** The low 6 bits of a token are at most 38, so -1 (63) is never a token. */
    static final int FREE = -1;

    private static final byte EMPTY_FORM = 0;
    private static final byte EXACT_FORM = 1;
    private static final byte SKETCH_FORM = 2;

    private Uniques() {
    }

    static int token(long hash) {
        return UltraLogLog.computeToken(hash);
    }

    /**
     * Largest exact set kept for a precision: 2^p / 8 tokens, whose table (at most half full, 4 bytes a slot) takes
     * about the 2^p bytes of the sketch it stands for. Below that the exact set is both smaller and exact.
     */
    static int maxExact(int precision) {
        return 1 << (precision - 3);
    }

    static Object add(Object state, int token, int precision) {
        if (state instanceof UltraLogLog sketch) {
            return sketch.addToken(token);
        }
        return addToSet((int[]) state, token, precision);
    }

    private static Object addToSet(int[] set, int token, int precision) {
        if (set == null) {
            set = newSet(2);
        }
        int mask = set.length - 2;
        // The upper 26 bits of a token are hash bits, uniform enough to index directly.
        int i = (token >>> 6) & mask;
        for (int present; (present = set[1 + i]) != FREE; i = (i + 1) & mask) {
            if (present == token) {
                return set;
            }
        }
        int size = set[0] + 1;
        if (size > maxExact(precision)) {
            return toSketch(set, precision).addToken(token);
        }
        if (2 * size > mask + 1) { // at most half full: short probe sequences
            set = rehash(set, 2 * (mask + 1));
            insertNew(set, token);
        } else {
            set[1 + i] = token;
        }
        set[0] = size;
        return set;
    }

    /**
     * An empty state to reuse in place of {@code state}, which is dropped: a small set, emptied, else null. The caller
     * must add to it before it is read ({@link #write} tells an empty set from null).
     */
    static Object recycle(Object state) {
        if (state instanceof int[] set && set.length <= 17) {
            Arrays.fill(set, 1, set.length, FREE);
            set[0] = 0;
            return set;
        }
        return null;
    }

    private static int[] newSet(int capacity) {
        int[] set = new int[1 + capacity];
        Arrays.fill(set, 1, set.length, FREE);
        return set;
    }

    private static int[] rehash(int[] set, int capacity) {
        int[] bigger = newSet(capacity);
        for (int k = 1; k < set.length; k++) {
            if (set[k] != FREE) {
                insertNew(bigger, set[k]);
            }
        }
        bigger[0] = set[0];
        return bigger;
    }

    private static void insertNew(int[] set, int token) {
        int mask = set.length - 2;
        int i = (token >>> 6) & mask;
        while (set[1 + i] != FREE) {
            i = (i + 1) & mask;
        }
        set[1 + i] = token;
    }

    private static UltraLogLog toSketch(int[] set, int precision) {
        UltraLogLog sketch = UltraLogLog.create(precision);
        for (int k = 1; k < set.length; k++) {
            if (set[k] != FREE) {
                sketch.addToken(set[k]);
            }
        }
        return sketch;
    }

    /** Distinct count: exact for a set (up to token collisions, negligible below a few thousand), else estimated. */
    static long estimate(Object state) {
        if (state == null) {
            return 0;
        }
        if (state instanceof int[] set) {
            return set[0];
        }
        return Math.round(((UltraLogLog) state).getDistinctCountEstimate());
    }

    /** A state that shares nothing with {@code state}. */
    static Object copy(Object state) {
        if (state instanceof int[] set) {
            return set.clone();
        }
        return state == null ? null : ((UltraLogLog) state).copy();
    }

    /**
     * Adds everything counted in {@code from} to {@code into} and returns the new state of {@code into}; never keeps
     * a reference to {@code from} or its arrays. Both must have the same precision.
     */
    static Object union(Object into, Object from, int precision) {
        if (from == null) {
            return into;
        }
        if (from instanceof UltraLogLog other) {
            if (into instanceof UltraLogLog sketch) {
                return sketch.add(other);
            }
            UltraLogLog sketch = other.copy();
            if (into != null) {
                int[] set = (int[]) into;
                for (int k = 1; k < set.length; k++) {
                    if (set[k] != FREE) {
                        sketch.addToken(set[k]);
                    }
                }
            }
            return sketch;
        }
        int[] set = (int[]) from;
        for (int k = 1; k < set.length; k++) {
            if (set[k] != FREE) {
                into = add(into, set[k], precision);
            }
        }
        return into;
    }

    /** Sorted tokens of a set, the canonical form written out. */
    private static int[] sortedTokens(int[] set) {
        int[] tokens = new int[set[0]];
        int n = 0;
        for (int k = 1; k < set.length; k++) {
            if (set[k] != FREE) {
                tokens[n++] = set[k];
            }
        }
        Arrays.sort(tokens);
        return tokens;
    }

    static void write(DataOutput out, Object state) throws IOException {
        if (state == null) {
            out.writeByte(EMPTY_FORM);
        } else if (state instanceof int[] set) {
            out.writeByte(EXACT_FORM);
            int[] tokens = sortedTokens(set);
            Wire.writeVarLong(out, tokens.length);
            for (int token : tokens) {
                out.writeInt(token);
            }
        } else {
            UltraLogLog sketch = (UltraLogLog) state;
            out.writeByte(SKETCH_FORM);
            out.writeByte(sketch.getP());
            out.write(sketch.getState());
        }
    }

    static Object read(DataInput in, int precision) throws IOException {
        byte form = in.readByte();
        switch (form) {
            case EMPTY_FORM -> {
                return null;
            }
            case EXACT_FORM -> {
                int n = Wire.readVarInt(in, maxExact(precision), "exact set size");
                Object state = null;
                for (int k = 0; k < n; k++) {
                    int token = in.readInt();
                    if ((token & 63) > 38) {
                        throw new IOException("invalid distinct-count token " + Integer.toHexString(token));
                    }
                    state = add(state, token, precision);
                }
                return state;
            }
            case SKETCH_FORM -> {
                int p = in.readUnsignedByte();
                if (p != precision) {
                    throw new IOException("sketch precision " + p + " where " + precision + " is configured");
                }
                byte[] registers = new byte[1 << p];
                in.readFully(registers);
                return UltraLogLog.wrap(registers);
            }
            default -> throw new IOException("unknown distinct-count form " + form);
        }
    }
}

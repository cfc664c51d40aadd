package org.kizashi.active.subscriber;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.kizashi.core.net.IpPrefix;

/**
 * Longest-prefix match by binary search: nested prefixes are flattened once into disjoint address ranges, each
 * labelled with its most specific prefix, so a lookup is one search over sorted primitive arrays (no allocation, no
 * walk down a trie). A table by the address's top 16 bits narrows each search to the few ranges starting there, so
 * that large tables do not cost a cache miss per search step.
 */
final class PrefixRanges {
    private static final int BUCKETS = 1 << 16;

    private final boolean v4;
    private final long[] startHigh;
    private final long[] startLow;
    private final long[] endHigh;
    private final long[] endLow;
    private final int[] label;
    private final int[] bucketStart;

    private PrefixRanges(boolean v4, Flattener flat) {
        this.v4 = v4;
        int size = flat.count;
        startHigh = Arrays.copyOf(flat.startHigh, size);
        startLow = Arrays.copyOf(flat.startLow, size);
        endHigh = Arrays.copyOf(flat.endHigh, size);
        endLow = Arrays.copyOf(flat.endLow, size);
        label = Arrays.copyOf(flat.label, size);
        bucketStart = new int[BUCKETS + 1];
        int range = 0;
        for (int b = 0; b <= BUCKETS; b++) {
            while (range < size && bucket(startHigh[range], startLow[range]) < b) {
                range++;
            }
            bucketStart[b] = range;
        }
    }

    /**
     * Flattens distinct prefixes of one address family; a range's label is the index in {@code prefixes} of the most
     * specific prefix holding it.
     */
    static PrefixRanges of(List<IpPrefix> prefixes, boolean v4) {
        int n = prefixes.size();
        long[] firstHigh = new long[n];
        long[] firstLow = new long[n];
        long[] lastHigh = new long[n];
        long[] lastLow = new long[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            IpPrefix p = prefixes.get(i);
            int length = Bits128.length128(p);
            firstHigh[i] = p.network().high();
            firstLow[i] = p.network().low();
            lastHigh[i] = Bits128.lastHigh(firstHigh[i], length);
            lastLow[i] = Bits128.lastLow(firstLow[i], length);
            order[i] = i;
        }
        // By first address, then the wider prefix first, so that a prefix comes after every prefix containing it.
        Arrays.sort(order, (a, b) -> {
            int c = Bits128.compare(firstHigh[a], firstLow[a], firstHigh[b], firstLow[b]);
            return c != 0 ? c : Bits128.compare(lastHigh[b], lastLow[b], lastHigh[a], lastLow[a]);
        });
        Flattener flat = new Flattener(firstHigh, firstLow, lastHigh, lastLow);
        for (int i : order) {
            flat.add(i);
        }
        flat.closeAll();
        return new PrefixRanges(v4, flat);
    }

    /** The label of the most specific prefix containing the address, or -1. */
    int find(long high, long low) {
        int b = bucket(high, low);
        int lo = Math.max(0, bucketStart[b] - 1); // the last range starting before the bucket may reach into it
        int hi = bucketStart[b + 1] - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Bits128.compare(startHigh[mid], startLow[mid], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || Bits128.compare(high, low, endHigh[found], endLow[found]) > 0) {
            return -1;
        }
        return label[found];
    }

    /** The top 16 bits of the address within its family. */
    private int bucket(long high, long low) {
        return v4 ? (int) (low >>> 16) & 0xffff : (int) (high >>> 48);
    }

    /**
     * Sweeps the prefixes in order with a stack of the prefixes still open at the cursor; each prefix yields at most
     * a range before its first nested prefix and one after its last.
     */
    private static final class Flattener {
        private final long[] firstHigh;
        private final long[] firstLow;
        private final long[] lastHigh;
        private final long[] lastLow;
        private final Deque<Integer> open = new ArrayDeque<>();
        final long[] startHigh;
        final long[] startLow;
        final long[] endHigh;
        final long[] endLow;
        final int[] label;
        int count;
        private long cursorHigh;
        private long cursorLow;
        private boolean cursorPastEnd;

        Flattener(long[] firstHigh, long[] firstLow, long[] lastHigh, long[] lastLow) {
            this.firstHigh = firstHigh;
            this.firstLow = firstLow;
            this.lastHigh = lastHigh;
            this.lastLow = lastLow;
            int capacity = 2 * firstHigh.length + 1;
            startHigh = new long[capacity];
            startLow = new long[capacity];
            endHigh = new long[capacity];
            endLow = new long[capacity];
            label = new int[capacity];
        }

        void add(int prefix) {
            while (!open.isEmpty() && endsBefore(open.peek(), prefix)) {
                close(open.pop());
            }
            if (!open.isEmpty() && !cursorPastEnd
                    && Bits128.compare(cursorHigh, cursorLow, firstHigh[prefix], firstLow[prefix]) < 0) {
                long endLow = firstLow[prefix] - 1;
                long endHigh = firstLow[prefix] == 0 ? firstHigh[prefix] - 1 : firstHigh[prefix];
                emit(cursorHigh, cursorLow, endHigh, endLow, open.peek());
            }
            cursorHigh = firstHigh[prefix];
            cursorLow = firstLow[prefix];
            cursorPastEnd = false;
            open.push(prefix);
        }

        void closeAll() {
            while (!open.isEmpty()) {
                close(open.pop());
            }
        }

        private boolean endsBefore(int a, int b) {
            return Bits128.compare(lastHigh[a], lastLow[a], firstHigh[b], firstLow[b]) < 0;
        }

        private void close(int prefix) {
            if (cursorPastEnd || Bits128.compare(cursorHigh, cursorLow, lastHigh[prefix], lastLow[prefix]) > 0) {
                return;
            }
            emit(cursorHigh, cursorLow, lastHigh[prefix], lastLow[prefix], prefix);
            cursorLow = lastLow[prefix] + 1;
            cursorHigh = cursorLow == 0 ? lastHigh[prefix] + 1 : lastHigh[prefix];
            cursorPastEnd = lastHigh[prefix] == -1L && lastLow[prefix] == -1L;
        }

        private void emit(long sHigh, long sLow, long eHigh, long eLow, int prefix) {
            startHigh[count] = sHigh;
            startLow[count] = sLow;
            endHigh[count] = eHigh;
            endLow[count] = eLow;
            label[count] = prefix;
            count++;
        }
    }
}

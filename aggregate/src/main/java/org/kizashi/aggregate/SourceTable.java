package org.kizashi.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketTag;

/**
 * Per-source records, at most {@code bound} of them, kept by Space-Saving (Metwally, Agrawal, El Abbadi 2005) with a
 * memory of evicted sources: when the table is full, a new source takes the row of the lightest one (weight = packets
 * + missed, found through a lazy filing by weight: constant time for light sources, see {@link #lightest}). Its
 * weight raises {@code floor}, the largest weight ever evicted, and its counted packets go into a count-min sketch
 * ({@link EvictedCounts}). The newcomer starts with
 * {@code missed = min(floor, sketch estimate)}: an upper bound of the packets it sent before, small for a new source,
 * restoring a returning heavy one. (Only counted packets go into the sketch: {@code missed} is already covered by the
 * sketch's estimate, and adding it again would feed collision noise back into the sketch.) Hence:
 * <ul>
 *   <li>a tracked source's true packet count lies in [{@code packets}, {@code packets + missed}];</li>
 *   <li>a source missing from the table sent at most {@code floor} packets: every heavier source is kept. Plain
 *       Space-Saving lets the floor climb to (packets / bound) under the churn of one-packet sources; the sketch keeps
 *       newcomers light, so the evicted ones stay the light ones;</li>
 *   <li>other fields of a source with {@code missed > 0} (bytes, first seen, ports, destinations) cover only the time
 *       since it was last admitted: lower bounds.</li>
 * </ul>
 * Global counts never pass through this table, so the bound costs per-source detail only. Until the bound is first
 * reached nothing is evicted, no sketch exists, the table is exact and merges exactly. Merging adds, to each source
 * one side does not hold, what that side may have missed of it ({@code min(floor, estimate)} there), adds the sketches
 * and floors, and keeps the {@code bound} heaviest (ties by address, so the result does not depend on the order of the
 * operands).
 *
 * <p>Rows are laid out for few cache misses: the numbers of a source side by side in one {@code long[]}, its four
 * objects side by side in one {@code Object[]}; the index keeps 32 bits of each source's hash, so that looking up an
 * absent source reads no row, and an evicted source's small arrays are handed to its successor. A light source costs
 * about 200 bytes, plus about 128 for the sketch once evicting.
 */
final class SourceTable {
    /** Destination ports listed per source: the lowest ones, so that lists of partial tables merge exactly. */
    static final int LISTED_PORTS = 64;

    private static final int NUMBERS = 9;
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int HASH = 2;
    private static final int FIRST_SEEN = 3;
    private static final int LAST_SEEN = 4;
    private static final int PACKETS = 5;
    private static final int MISSED = 6;
    private static final int BYTES = 7;
    /** Tags (bits 0-15), country (16-31), AS number (32-63). */
    private static final int META = 8;

    private static final int OBJECTS = 4;
    /** {@code int[]}: {@code [0]} = count, then the lowest distinct port keys ({@link Keys#portValue}) ascending. */
    private static final int PORTS = 0;
    /** {@link Uniques} of all distinct ports, only once a source hit more than {@link #LISTED_PORTS}. */
    private static final int PORT_UNIQUES = 1;
    private static final int DESTINATIONS = 2;
    private static final int BLOCKS = 3;

    private static final int ROW_BITS = 26;
    private static final long ROW_MASK = (1L << ROW_BITS) - 1;
    private static final long MAX_WEIGHT = (1L << (63 - ROW_BITS)) - 1;

    private static final Comparator<Row> HEAVIEST_FIRST = Comparator.comparingLong(Row::weight).reversed()
            .thenComparing(Row::high, Long::compareUnsigned).thenComparing(Row::low, Long::compareUnsigned);
    private static final Comparator<Row> BY_ADDRESS = Comparator.comparing(Row::high, Long::compareUnsigned)
            .thenComparing(Row::low, Long::compareUnsigned);

    private final int bound;
    private final int precision;

    private int size;
    private long[] numbers;
    private Object[] objects;
    /**
     * Keyed by the source hash, at most half full: the upper 32 bits of the hash, then row + 1 in the lower 32 bits; 0
     * for a free slot. The hash bits rule out nearly every other source without reading its row (a cache miss), and
     * give the home slot when entries move on deletion.
     */
    private long[] index;
    private int shift;
    /*
     * Which source is lightest, kept lazily: every row is filed under a weight no larger than its present one (adding a
     * packet files nothing, so a heavy source costs no work here), and weights only grow between rebuilds. A row filed
     * under the least weight filed is thus a lightest source once its filing is current; {@link #lightest} refiles
     * stale rows until it finds one. Weights below LIGHT_WEIGHTS are filed in stacks by weight (constant time, the
     * common case: evicted sources are light); heavier rows in a min-heap of (weight << ROW_BITS | row).
     */
    private static final int LIGHT_WEIGHTS = 4_096;
    /** Row + 1 on top of the stack of each light weight, 0 when empty; the next row + 1 below each row. */
    private final int[] stackTop = new int[LIGHT_WEIGHTS];
    private int[] below;
    /** No stack below this weight holds a row. */
    private int lightestFiled;
    private long[] heap;
    private int heapSize;

    private long floor;
    private long evictions;
    /** Created at the first eviction. */
    private EvictedCounts evicted;

    SourceTable(int bound, int precision) {
        this.bound = bound;
        this.precision = precision;
        int capacity = Math.max(1, Math.min(bound, 1024));
        numbers = new long[NUMBERS * capacity];
        objects = new Object[OBJECTS * capacity];
        heap = new long[capacity];
        below = new int[capacity];
        index = new long[indexLength(capacity)];
        shift = 64 - Integer.numberOfTrailingZeros(index.length);
    }

    private static int indexLength(int capacity) {
        return Integer.highestOneBit(Math.max(1, capacity)) * 4;
    }

    int size() {
        return size;
    }

    int bound() {
        return bound;
    }

    long floor() {
        return floor;
    }

    long evictions() {
        return evictions;
    }

    boolean tracksSources() {
        return bound > 0;
    }

    private long number(int row, int field) {
        return numbers[NUMBERS * row + field];
    }

    private Object object(int row, int field) {
        return objects[OBJECTS * row + field];
    }

    private long weight(int row) {
        return Math.min(MAX_WEIGHT, number(row, PACKETS) + number(row, MISSED));
    }

    private static long meta(int tags, int countryValue, long asnValue) {
        return (tags & 0xFFFFL) | ((long) countryValue << 16) | (asnValue << 32);
    }

    /** Country and AS of a meta word, for the tie-break of equal last-seen times. */
    private static long origin(long meta) {
        return meta >>> 16;
    }

    void add(long sourceHigh, long sourceLow, long sourceHash, long time, int packetBytes, int tagBits,
             int countryValue, long asnValue, int portKey, int destinationToken, int blockToken) {
        int row = find(sourceHigh, sourceLow, sourceHash);
        if (row < 0) {
            row = admit(sourceHigh, sourceLow, sourceHash, time, countryValue, asnValue);
        }
        int at = NUMBERS * row;
        long[] n = numbers;
        n[at + PACKETS]++;
        n[at + BYTES] += packetBytes;
        if (time < n[at + FIRST_SEEN]) {
            n[at + FIRST_SEEN] = time;
        }
        long meta = n[at + META];
        long incoming = meta(0, countryValue, asnValue);
        if (time > n[at + LAST_SEEN] || (time == n[at + LAST_SEEN] && origin(incoming) > origin(meta))) {
            // The latest packet's enrichment wins (a geolocation update during the day); ties by value, so that the
            // result does not depend on arrival order.
            n[at + LAST_SEEN] = time;
            meta = (meta & 0xFFFF) | incoming;
        }
        n[at + META] = meta | (tagBits & 0xFFFF);
        addPort(row, portKey);
        int objectsAt = OBJECTS * row;
        objects[objectsAt + DESTINATIONS] = Uniques.add(objects[objectsAt + DESTINATIONS], destinationToken, precision);
        objects[objectsAt + BLOCKS] = Uniques.add(objects[objectsAt + BLOCKS], blockToken, precision);
    }

    /** A row for a new source: a fresh one while below the bound, else the lightest source's. */
    private int admit(long sourceHigh, long sourceLow, long sourceHash, long time, int countryValue, long asnValue) {
        int row;
        boolean fresh = size < bound;
        if (fresh) {
            ensureCapacity(size + 1);
            row = size++;
            Arrays.fill(objects, OBJECTS * row, OBJECTS * row + OBJECTS, null);
        } else {
            row = lightest();
            long weight = weight(row);
            floor = Math.max(floor, weight);
            evictions++;
            if (evicted == null) {
                evicted = new EvictedCounts(bound);
            }
            evicted.add(number(row, HASH), number(row, PACKETS));
            unindex(row);
            // The newcomer takes the evicted source's small arrays over, emptied: the churn of one-packet sources
            // then allocates nothing. (add fills them at once, so no empty set is ever written out.)
            int objectsAt = OBJECTS * row;
            int[] ports = (int[]) objects[objectsAt + PORTS];
            if (ports != null) {
                ports[0] = 0;
            }
            objects[objectsAt + PORT_UNIQUES] = null;
            objects[objectsAt + DESTINATIONS] = Uniques.recycle(objects[objectsAt + DESTINATIONS]);
            objects[objectsAt + BLOCKS] = Uniques.recycle(objects[objectsAt + BLOCKS]);
        }
        int at = NUMBERS * row;
        numbers[at + HIGH] = sourceHigh;
        numbers[at + LOW] = sourceLow;
        numbers[at + HASH] = sourceHash;
        numbers[at + FIRST_SEEN] = time;
        numbers[at + LAST_SEEN] = time;
        numbers[at + PACKETS] = 0;
        numbers[at + MISSED] = missedBefore(sourceHash, floor, evicted);
        numbers[at + BYTES] = 0;
        numbers[at + META] = meta(0, countryValue, asnValue);
        index(row);
        file(row, weight(row));
        return row;
    }

    /** Files a row under {@code weight}, which must not exceed its present weight. */
    private void file(int row, long weight) {
        if (weight < LIGHT_WEIGHTS) {
            int w = (int) weight;
            below[row] = stackTop[w];
            stackTop[w] = row + 1;
            lightestFiled = Math.min(lightestFiled, w);
        } else {
            heap[heapSize] = (weight << ROW_BITS) | row;
            siftUp(heapSize++);
        }
    }

    /** Takes the row of a lightest source out of the filing (the table is not empty). */
    private int lightest() {
        while (true) {
            while (lightestFiled < LIGHT_WEIGHTS && stackTop[lightestFiled] == 0) {
                lightestFiled++;
            }
            int row;
            long filed;
            if (lightestFiled < LIGHT_WEIGHTS) {
                filed = lightestFiled;
                row = stackTop[lightestFiled] - 1;
                stackTop[lightestFiled] = below[row];
            } else {
                long entry = heap[0];
                filed = entry >>> ROW_BITS;
                row = (int) (entry & ROW_MASK);
                heap[0] = heap[--heapSize];
                if (heapSize > 0) {
                    siftDown(0);
                }
            }
            long weight = weight(row);
            if (weight == filed) {
                return row;
            }
            file(row, weight);
        }
    }

    /** At most what a source not held by a table could have sent in that table's input. */
    private static long missedBefore(long sourceHash, long floor, EvictedCounts evicted) {
        return evicted == null ? 0 : Math.min(floor, evicted.estimate(sourceHash));
    }

    private void addPort(int row, int portKey) {
        int at = OBJECTS * row + PORTS;
        int[] list = (int[]) objects[at];
        if (list == null) {
            objects[at] = new int[] {1, portKey, 0};
            return;
        }
        int n = list[0];
        if (n == 1 && list[1] == portKey) {
            return; // the common case: a source hammering one port
        }
        if (n == 0) { // taken over from an evicted source
            list[0] = 1;
            list[1] = portKey;
            return;
        }
        int position;
        if (portKey > list[n]) {
            position = n + 1; // above all listed: the common case of a full list
        } else {
            position = Arrays.binarySearch(list, 1, 1 + n, portKey);
            if (position >= 0) {
                return; // listed, hence also counted
            }
            position = -position - 1;
        }
        if (n == LISTED_PORTS) {
            // More distinct ports than the list holds: from now on count them all in a sketch.
            Object counted = objects[at + PORT_UNIQUES - PORTS];
            if (counted == null) {
                counted = portTokens(list);
            }
            objects[at + PORT_UNIQUES - PORTS] = Uniques.add(counted, portToken(portKey), precision);
            if (position <= n) {
                System.arraycopy(list, position, list, position + 1, n - position);
                list[position] = portKey;
            }
            return;
        }
        if (n == list.length - 1) {
            list = Arrays.copyOf(list, 1 + Math.min(LISTED_PORTS, 2 * n));
            objects[at] = list;
        }
        System.arraycopy(list, position, list, position + 1, n + 1 - position);
        list[position] = portKey;
        list[0] = n + 1;
    }

    private Object portTokens(int[] list) {
        Object state = null;
        for (int k = 1; list != null && k <= list[0]; k++) {
            state = Uniques.add(state, portToken(list[k]), precision);
        }
        return state;
    }

    private static int portToken(int portKey) {
        return Uniques.token(Uniques.HASHER.hashIntToLong(portKey));
    }

    // --- index: open addressing on the source hash, linear probing, deletion by backward shift ---

    private static final long HASH_BITS = 0xFFFF_FFFF_0000_0000L;

    /** The home slot of a hash, or of an index entry (whose upper 32 bits are those of the hash). */
    private int home(long sourceHash) {
        return (int) (sourceHash >>> shift);
    }

    private int find(long sourceHigh, long sourceLow, long sourceHash) {
        int mask = index.length - 1;
        long hashBits = sourceHash & HASH_BITS;
        for (int i = home(sourceHash); ; i = (i + 1) & mask) {
            long entry = index[i];
            if (entry == 0) {
                return -1;
            }
            if ((entry & HASH_BITS) == hashBits) {
                int row = (int) entry - 1;
                int at = NUMBERS * row;
                if (numbers[at + LOW] == sourceLow && numbers[at + HIGH] == sourceHigh) {
                    return row;
                }
            }
        }
    }

    private void index(int row) {
        int mask = index.length - 1;
        long hash = number(row, HASH);
        int i = home(hash);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = (hash & HASH_BITS) | (row + 1);
    }

    private void unindex(int row) {
        int mask = index.length - 1;
        int hole = home(number(row, HASH));
        while ((int) index[hole] != row + 1) {
            hole = (hole + 1) & mask;
        }
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int wanted = home(index[j]);
            // The entry at j may move into the hole unless its home lies cyclically in (hole, j].
            boolean staysPut = hole <= j ? hole < wanted && wanted <= j : hole < wanted || wanted <= j;
            if (!staysPut) {
                index[hole] = index[j];
                hole = j;
            }
        }
        index[hole] = 0;
    }

    private void rebuildIndex() {
        int length = indexLength(heap.length);
        if (index.length != length) {
            index = new long[length];
            shift = 64 - Integer.numberOfTrailingZeros(length);
        } else {
            Arrays.fill(index, 0);
        }
        for (int row = 0; row < size; row++) {
            index(row);
        }
    }

    private void ensureCapacity(int needed) {
        int capacity = heap.length;
        if (needed <= capacity) {
            return;
        }
        int grown = (int) Math.min(Integer.MAX_VALUE / NUMBERS, Math.max(needed, 2L * capacity));
        if (needed <= bound) {
            grown = Math.min(grown, bound); // adding never needs more rows than the bound; merging briefly may
        }
        numbers = Arrays.copyOf(numbers, NUMBERS * grown);
        objects = Arrays.copyOf(objects, OBJECTS * grown);
        heap = Arrays.copyOf(heap, grown);
        below = Arrays.copyOf(below, grown);
        rebuildIndex();
    }

    // --- min-heap of the heavy rows filed ---

    private void siftUp(int position) {
        long entry = heap[position];
        while (position > 0) {
            int parent = (position - 1) >>> 1;
            long parentEntry = heap[parent];
            if (parentEntry <= entry) {
                break;
            }
            heap[position] = parentEntry;
            position = parent;
        }
        heap[position] = entry;
    }

    private void siftDown(int position) {
        long entry = heap[position];
        int half = heapSize >>> 1;
        while (position < half) {
            int child = 2 * position + 1;
            long childEntry = heap[child];
            if (child + 1 < heapSize && heap[child + 1] < childEntry) {
                childEntry = heap[++child];
            }
            if (entry <= childEntry) {
                break;
            }
            heap[position] = childEntry;
            position = child;
        }
        heap[position] = entry;
    }

    private void rebuildFiling() {
        Arrays.fill(stackTop, 0);
        lightestFiled = LIGHT_WEIGHTS;
        heapSize = 0;
        for (int row = 0; row < size; row++) {
            file(row, weight(row));
        }
    }

    // --- merge ---

    /** Adds {@code other}'s sources (copied, never shared), then keeps the {@code bound} heaviest. */
    void merge(SourceTable other) {
        int ownRows = size;
        boolean[] matched = new boolean[ownRows];
        for (int r = 0; r < other.size; r++) {
            int row = find(other.number(r, HIGH), other.number(r, LOW), other.number(r, HASH));
            if (row >= 0) {
                combine(row, other, r);
                matched[row] = true;
            } else {
                row = append(other, r);
                numbers[NUMBERS * row + MISSED] += missedBefore(number(row, HASH), floor, evicted);
            }
        }
        for (int row = 0; row < ownRows; row++) {
            if (!matched[row]) {
                numbers[NUMBERS * row + MISSED] += missedBefore(number(row, HASH), other.floor, other.evicted);
            }
        }
        if (other.evicted != null) {
            if (evicted == null) {
                evicted = new EvictedCounts(bound);
            }
            evicted.addAll(other.evicted);
        }
        floor += other.floor; // a source neither side holds sent at most both floors
        evictions += other.evictions;
        if (size > bound) {
            keepHeaviest();
        }
        rebuildFiling();
    }

    private void combine(int row, SourceTable other, int r) {
        int at = NUMBERS * row;
        numbers[at + PACKETS] += other.number(r, PACKETS);
        numbers[at + MISSED] += other.number(r, MISSED);
        numbers[at + BYTES] += other.number(r, BYTES);
        numbers[at + FIRST_SEEN] = Math.min(numbers[at + FIRST_SEEN], other.number(r, FIRST_SEEN));
        long meta = numbers[at + META];
        long theirMeta = other.number(r, META);
        long theirLastSeen = other.number(r, LAST_SEEN);
        if (theirLastSeen > numbers[at + LAST_SEEN]
                || (theirLastSeen == numbers[at + LAST_SEEN] && origin(theirMeta) > origin(meta))) {
            numbers[at + LAST_SEEN] = theirLastSeen;
            meta = (meta & 0xFFFF) | (theirMeta & ~0xFFFFL);
        }
        numbers[at + META] = meta | (theirMeta & 0xFFFF);
        mergePorts(row, (int[]) other.object(r, PORTS), other.object(r, PORT_UNIQUES));
        int objectsAt = OBJECTS * row;
        objects[objectsAt + DESTINATIONS] = Uniques.union(objects[objectsAt + DESTINATIONS],
                other.object(r, DESTINATIONS), precision);
        objects[objectsAt + BLOCKS] = Uniques.union(objects[objectsAt + BLOCKS], other.object(r, BLOCKS), precision);
    }

    private void mergePorts(int row, int[] theirs, Object theirUniques) {
        int[] ours = (int[]) object(row, PORTS);
        Object ourUniques = object(row, PORT_UNIQUES);
        int ourCount = ours == null ? 0 : ours[0];
        int theirCount = theirs == null ? 0 : theirs[0];
        int[] union = new int[ourCount + theirCount];
        int n = 0;
        int i = 1;
        int j = 1;
        while (i <= ourCount || j <= theirCount) {
            if (j > theirCount || (i <= ourCount && ours[i] < theirs[j])) {
                union[n++] = ours[i++];
            } else if (i > ourCount || theirs[j] < ours[i]) {
                union[n++] = theirs[j++];
            } else {
                union[n++] = ours[i++];
                j++;
            }
        }
        if (ourUniques != null || theirUniques != null || n > LISTED_PORTS) {
            // A side with a sketch has all its ports in it; a side without one lists them all.
            Object counted = ourUniques != null ? ourUniques : portTokens(ours);
            counted = Uniques.union(counted, theirUniques != null ? theirUniques : portTokens(theirs), precision);
            objects[OBJECTS * row + PORT_UNIQUES] = counted;
        }
        int kept = Math.min(n, LISTED_PORTS);
        int[] list = new int[1 + Math.max(2, kept)];
        list[0] = kept;
        System.arraycopy(union, 0, list, 1, kept);
        objects[OBJECTS * row + PORTS] = kept == 0 ? null : list;
    }

    private int append(SourceTable other, int r) {
        ensureCapacity(size + 1);
        int row = size++;
        System.arraycopy(other.numbers, NUMBERS * r, numbers, NUMBERS * row, NUMBERS);
        int[] ports = (int[]) other.object(r, PORTS);
        int at = OBJECTS * row;
        objects[at + PORTS] = ports == null ? null : ports.clone();
        objects[at + PORT_UNIQUES] = Uniques.copy(other.object(r, PORT_UNIQUES));
        objects[at + DESTINATIONS] = Uniques.copy(other.object(r, DESTINATIONS));
        objects[at + BLOCKS] = Uniques.copy(other.object(r, BLOCKS));
        index(row);
        return row;
    }

    /** Drops all but the {@code bound} heaviest rows, as evictions. */
    private void keepHeaviest() {
        List<Row> rows = rows();
        rows.sort(HEAVIEST_FIRST);
        boolean[] keep = new boolean[size];
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            if (k < bound) {
                keep[r.row()] = true;
            } else {
                floor = Math.max(floor, r.weight());
                evictions++;
                if (evicted == null) {
                    evicted = new EvictedCounts(bound);
                }
                evicted.add(number(r.row(), HASH), number(r.row(), PACKETS));
            }
        }
        int kept = 0;
        for (int row = 0; row < size; row++) {
            if (keep[row]) {
                if (row != kept) {
                    System.arraycopy(numbers, NUMBERS * row, numbers, NUMBERS * kept, NUMBERS);
                    System.arraycopy(objects, OBJECTS * row, objects, OBJECTS * kept, OBJECTS);
                }
                kept++;
            }
        }
        Arrays.fill(objects, OBJECTS * kept, OBJECTS * size, null);
        size = kept;
        rebuildIndex();
    }

    private record Row(int row, long weight, long high, long low) {
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>(size);
        for (int row = 0; row < size; row++) {
            rows.add(new Row(row, weight(row), number(row, HIGH), number(row, LOW)));
        }
        return rows;
    }

    // --- result ---

    /** Records of all tracked sources, heaviest first (ties by address). */
    List<DarknetSummary.SourceRecord> records() {
        List<Row> rows = rows();
        rows.sort(HEAVIEST_FIRST);
        List<DarknetSummary.SourceRecord> records = new ArrayList<>(rows.size());
        for (Row r : rows) {
            records.add(record(r.row()));
        }
        return Collections.unmodifiableList(records);
    }

    private DarknetSummary.SourceRecord record(int row) {
        int[] list = (int[]) object(row, PORTS);
        int listed = list == null ? 0 : list[0];
        List<SeriesKey.Port> ports = new ArrayList<>(listed);
        for (int k = 1; k <= listed; k++) {
            ports.add(Keys.port(list[k]));
        }
        Object portUniques = object(row, PORT_UNIQUES);
        long distinctPorts = portUniques == null ? listed : Math.max(LISTED_PORTS + 1, Uniques.estimate(portUniques));
        long meta = number(row, META);
        return new DarknetSummary.SourceRecord(IpAddress.of(number(row, HIGH), number(row, LOW)),
                DarknetPacket.instantOfMicros(number(row, FIRST_SEEN)),
                DarknetPacket.instantOfMicros(number(row, LAST_SEEN)),
                number(row, PACKETS), number(row, MISSED), number(row, BYTES), Collections.unmodifiableList(ports),
                distinctPorts, Uniques.estimate(object(row, DESTINATIONS)), Uniques.estimate(object(row, BLOCKS)),
                Collections.unmodifiableSet(PacketTag.of((int) (meta & 0xFFFF))),
                Keys.countryCode((meta >>> 16) & 0xFFFF), meta >>> 32);
    }

    // --- binary form ---

    /** Rows in address order, so that equal tables write equal bytes. */
    void write(DataOutput out) throws IOException {
        Wire.writeVarLong(out, floor);
        Wire.writeVarLong(out, evictions);
        out.writeBoolean(evicted != null);
        if (evicted != null) {
            evicted.write(out);
        }
        Wire.writeVarLong(out, size);
        List<Row> rows = rows();
        rows.sort(BY_ADDRESS);
        for (Row r : rows) {
            int row = r.row();
            out.writeLong(number(row, HIGH));
            out.writeLong(number(row, LOW));
            Wire.writeVarLong(out, number(row, FIRST_SEEN));
            Wire.writeVarLong(out, number(row, LAST_SEEN) - number(row, FIRST_SEEN));
            Wire.writeVarLong(out, number(row, PACKETS));
            Wire.writeVarLong(out, number(row, MISSED));
            Wire.writeVarLong(out, number(row, BYTES));
            Wire.writeVarLong(out, number(row, META));
            int[] list = (int[]) object(row, PORTS);
            int listed = list == null ? 0 : list[0];
            Wire.writeVarLong(out, listed);
            int previous = 0;
            for (int k = 1; k <= listed; k++) {
                Wire.writeVarLong(out, list[k] - previous);
                previous = list[k];
            }
            Uniques.write(out, object(row, PORT_UNIQUES));
            Uniques.write(out, object(row, DESTINATIONS));
            Uniques.write(out, object(row, BLOCKS));
        }
    }

    /** Reads what {@link #write} wrote; {@code tagMap} turns written tag bits into current ones. */
    static SourceTable read(DataInput in, int bound, int precision, TagMap tagMap) throws IOException {
        SourceTable table = new SourceTable(bound, precision);
        table.floor = Wire.readCount(in, "floor");
        table.evictions = Wire.readCount(in, "evictions");
        if (in.readBoolean()) {
            table.evicted = EvictedCounts.read(in, bound);
        }
        int count = Wire.readVarInt(in, bound, "source count");
        table.ensureCapacity(count);
        for (int k = 0; k < count; k++) {
            int row = table.size++;
            int at = NUMBERS * row;
            long high = in.readLong();
            long low = in.readLong();
            table.numbers[at + HIGH] = high;
            table.numbers[at + LOW] = low;
            table.numbers[at + HASH] = Uniques.HASHER.hashLongLongToLong(high, low);
            table.numbers[at + FIRST_SEEN] = Wire.readCount(in, "first seen");
            table.numbers[at + LAST_SEEN] = table.numbers[at + FIRST_SEEN] + Wire.readCount(in, "last seen");
            table.numbers[at + PACKETS] = Wire.readCount(in, "packets");
            table.numbers[at + MISSED] = Wire.readCount(in, "missed packets");
            table.numbers[at + BYTES] = Wire.readCount(in, "bytes");
            long meta = Wire.readVarLong(in);
            table.numbers[at + META] = (meta & ~0xFFFFL) | tagMap.bits(meta & 0xFFFF);
            int listed = Wire.readVarInt(in, LISTED_PORTS, "listed ports");
            if (listed > 0) {
                int[] list = new int[1 + Math.max(2, listed)];
                list[0] = listed;
                long previous = 0;
                for (int p = 1; p <= listed; p++) {
                    long delta = Wire.readVarLong(in);
                    if (delta < 0 || (delta == 0 && p > 1) || previous + delta > 0xFF_FFFFL) {
                        throw new IOException("destination ports out of order");
                    }
                    previous += delta;
                    list[p] = (int) previous;
                }
                table.objects[OBJECTS * row + PORTS] = list;
            }
            table.objects[OBJECTS * row + PORT_UNIQUES] = Uniques.read(in, precision);
            table.objects[OBJECTS * row + DESTINATIONS] = Uniques.read(in, precision);
            table.objects[OBJECTS * row + BLOCKS] = Uniques.read(in, precision);
            if (table.find(high, low, table.numbers[at + HASH]) >= 0) {
                throw new IOException("source listed twice");
            }
            table.index(row);
        }
        table.rebuildFiling();
        return table;
    }

    /** Maps tag bits of a written form to the current {@link PacketTag} bits. */
    interface TagMap {
        int bits(long writtenBits) throws IOException;
    }
}

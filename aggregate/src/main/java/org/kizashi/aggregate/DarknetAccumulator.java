package org.kizashi.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

/**
 * The partial state of {@link DarknetAggregator}: mutable, not thread-safe, created by
 * {@link DarknetAggregator#create()}. It carries its configuration, so a partial aggregate posted by a sensor or left in
 * a spool directory can be read back ({@link #read}, {@link #fromBytes}) and merged without anything else.
 *
 * <p>Binary form (version 1, big-endian, counts as unsigned LEB128): magic {@code KZDA}, version byte, configuration,
 * the names of packet classes and tags (so that reordering those enums does not corrupt stored state), time range,
 * totals, stored buckets in key order (resolutions computed from finer ones are not written), sources in address
 * order. Equal states write equal bytes.
 */
public final class DarknetAccumulator {
    private static final int MAGIC = 0x4B5A_4441; // "KZDA"
    private static final int VERSION = 1;
    /** Bucket numbers have 27 bits; at minute resolution that ends in the year 2225. */
    static final long END_OF_TIME_MICROS = (1L << Keys.BUCKET_BITS) * Resolution.MINUTE.micros();

    private static final Resolution[] RESOLUTIONS = Resolution.values();
    private static final PacketClass[] CLASSES = PacketClass.values();
    private static final PacketTag[] TAGS = PacketTag.values();
    private static final int KNOWN_TAG_BITS = (1 << TAGS.length) - 1;
    /**
     * Bucket row cache slots per resolution and kind of key (direct-mapped, a power of two each): one for the total,
     * one per class and tag value, a few thousand for ports and ASes (a few thousand are busy in any hour), a few
     * hundred for countries.
     */
    private static final int[] CACHE_SLOTS = cacheSlots();
    private static final int KINDS = SeriesKey.Kind.values().length;
    /** No key has all bits set (resolution 3 does not exist): marks an empty cache slot. */
    private static final long NO_KEY = -1L;
    private static final Comparator<Candidate> RANKING = Comparator.comparingLong(Candidate::sources).reversed()
            .thenComparing(Comparator.comparingLong(Candidate::packets).reversed())
            .thenComparingLong(Candidate::value);

    private final DarknetAggregatorConfig config;
    /** Resolutions with series, ascending; those updated per packet; and for each, the one it is computed from. */
    private final int[] keptResolutions;
    private final int[] storedResolutions;
    private final int[] derivedFrom = new int[RESOLUTIONS.length];
    /** Bit set of {@link SeriesKey.Kind} ordinals kept, by resolution ordinal. */
    private final int[] kindsByResolution = new int[RESOLUTIONS.length];
    private final int[] precisionByResolution = new int[RESOLUTIONS.length];
    private final long[] microsByResolution = new long[RESOLUTIONS.length];

    private long firstMicros = Long.MAX_VALUE;
    private long lastMicros = Long.MIN_VALUE;
    private final Tally total = new Tally();
    private final Tally[] byClass = new Tally[CLASSES.length];
    private final Tally[] byTag = new Tally[TAGS.length];
    private final BucketTable buckets;
    private SourceTable sourceTable;

    /**
     * Rows recently used, per (resolution, key kind), direct-mapped by value: consecutive packets mostly fall in the
     * same bucket time, so the total, class and tag buckets and the busy ports, countries and ASes skip the index
     * lookup (a cache miss or two in a table of hundreds of thousands of buckets). Rows never move, so the cache stays
     * valid across merges; a slot holding a key of an earlier bucket time simply misses.
     */
    private final long[] cachedKey;
    private final int[] cachedRow;
    /** Where the slots of (resolution, kind) start in the cache, by {@code resolution * KINDS + kind}. */
    private final int[] cacheOffset = new int[RESOLUTIONS.length * KINDS];
    /**
     * The bucket time each stored resolution was last at: [{@code bucketStart}, {@code bucketEnd}) in microseconds and
     * its key base, so that a packet in the same bucket costs no division.
     */
    private final long[] bucketStart = new long[RESOLUTIONS.length];
    private final long[] bucketEnd = new long[RESOLUTIONS.length];
    private final long[] bucketBase = new long[RESOLUTIONS.length];

    DarknetAccumulator(DarknetAggregatorConfig config) {
        this.config = config;
        List<Integer> kept = new ArrayList<>();
        for (DarknetAggregatorConfig.SeriesSpec spec : config.series()) {
            int resolution = spec.resolution().ordinal();
            int kinds = 0;
            for (SeriesKey.Kind kind : spec.kinds()) {
                kinds |= 1 << kind.ordinal();
            }
            if (kinds != 0) {
                kept.add(resolution);
                kindsByResolution[resolution] = kinds;
                precisionByResolution[resolution] = spec.precision();
                microsByResolution[resolution] = spec.resolution().micros();
            }
        }
        keptResolutions = kept.stream().mapToInt(Integer::intValue).sorted().toArray();
        // A resolution whose kinds a finer stored one keeps at the same precision is the union of that one's buckets
        // (exactly: unions of token sets and of same-precision sketches are the state of the union), so it is not
        // updated per packet but computed when read.
        List<Integer> stored = new ArrayList<>();
        Arrays.fill(derivedFrom, -1);
        for (int resolution : keptResolutions) {
            for (int finer : stored) {
                if (precisionByResolution[finer] == precisionByResolution[resolution]
                        && (kindsByResolution[resolution] & ~kindsByResolution[finer]) == 0) {
                    derivedFrom[resolution] = finer; // the coarsest such, as stored ascends
                }
            }
            if (derivedFrom[resolution] < 0) {
                stored.add(resolution);
            }
        }
        storedResolutions = stored.stream().mapToInt(Integer::intValue).toArray();
        for (int c = 0; c < byClass.length; c++) {
            byClass[c] = new Tally();
        }
        for (int t = 0; t < byTag.length; t++) {
            byTag[t] = new Tally();
        }
        buckets = new BucketTable(precisionByResolution);
        sourceTable = new SourceTable(config.maxSources(), config.sourcePrecision());
        int slots = 0;
        for (int resolution : storedResolutions) {
            for (int kind = 0; kind < KINDS; kind++) {
                cacheOffset[resolution * KINDS + kind] = slots;
                if ((kindsByResolution[resolution] & (1 << kind)) != 0) {
                    slots += CACHE_SLOTS[kind];
                }
            }
        }
        cachedKey = new long[slots];
        cachedRow = new int[slots];
        Arrays.fill(cachedKey, NO_KEY);
        Arrays.fill(bucketStart, Long.MAX_VALUE);
        Arrays.fill(bucketEnd, Long.MIN_VALUE);
    }

    private static int[] cacheSlots() {
        int[] slots = new int[SeriesKey.Kind.values().length];
        slots[SeriesKey.Kind.TOTAL.ordinal()] = 1;
        slots[SeriesKey.Kind.CLASS.ordinal()] = Integer.highestOneBit(CLASSES.length) << 1;
        slots[SeriesKey.Kind.TAG.ordinal()] = Integer.highestOneBit(TAGS.length) << 1;
        slots[SeriesKey.Kind.PORT.ordinal()] = 2_048;
        slots[SeriesKey.Kind.COUNTRY.ordinal()] = 256;
        slots[SeriesKey.Kind.ASN.ordinal()] = 2_048;
        return slots;
    }

    public DarknetAggregatorConfig config() {
        return config;
    }

    // --- add ---

    /*
     * A memo of recent sources, direct-mapped by source hash: for each, the bucket time of every stored resolution and
     * the class, tags, port, country and AS of its last packet, with which the buckets of those keys already count
     * this source; and the classes and tags whose totals do. A packet from a source seen in the same bucket with the
     * same key then skips adding the source to that bucket's distinct count (it is there: adding again changes
     * nothing), which halves the distinct-count updates of the busy sources that send most packets. Exact: the memo
     * holds whole addresses, and counts only ever grow (adding, merging), so what it says stays true.
     */
    private static final int MEMO_BITS = 13;
    /**
     * Per slot, 8 longs side by side (one or two cache lines): source high, source low; the bits of the classes and
     * tags whose totals count the source (bits 0-7 and 8-15; no class bit: empty slot), the last class (16-23), tags
     * (24-31) and country (32-47); the last port (bits 0-31) and AS (32-63); the key base (resolution and bucket) of
     * each resolution, -1 for none.
     */
    private static final int MEMO = 8;
    private static final int MEMO_BASE = 4;
    private final long[] memo = new long[MEMO << MEMO_BITS];

    /**
     * Folds one packet in. Allocation-free unless a bucket or source is new or a set grows: the source and destination
     * are hashed once and their UltraLogLog tokens reused by every counter.
     *
     * @throws IllegalArgumentException when the timestamp is before 1970 or after 2225
     */
    void add(DarknetPacket packet) {
        long time = packet.timestampMicros();
        if (time < 0 || time >= END_OF_TIME_MICROS) {
            throw new IllegalArgumentException(
                    "packet timestamp out of range (1970 to 2225): " + time + " microseconds since the epoch");
        }
        long sourceHigh = packet.sourceHigh();
        long sourceLow = packet.sourceLow();
        long destinationHigh = packet.destinationHigh();
        long destinationLow = packet.destinationLow();
        long sourceHash = Uniques.HASHER.hashLongLongToLong(sourceHigh, sourceLow);
        int sourceToken = Uniques.token(sourceHash);
        int destinationToken = Uniques.token(Uniques.HASHER.hashLongLongToLong(destinationHigh, destinationLow));
        int bytes = Math.max(0, packet.bytes());
        PacketClass packetClass = packet.packetClass();
        int classIndex = (packetClass == null ? PacketClass.OTHER : packetClass).ordinal();
        int tagBits = packet.tags() & KNOWN_TAG_BITS;
        int portValue = Keys.portValue(packet.protocol(), packet.destinationPort());
        int countryValue = Keys.countryValue(packet.country());
        long asnValue = Keys.asnValue(packet.asn());

        firstMicros = Math.min(firstMicros, time);
        lastMicros = Math.max(lastMicros, time);

        int m = MEMO * (int) (sourceHash >>> (64 - MEMO_BITS));
        long[] memo = this.memo;
        int classBit = 1 << classIndex;
        long seen = memo[m + 2];
        boolean known = (seen & 0xFF) != 0 && memo[m + 1] == sourceLow && memo[m] == sourceHigh;
        if (!known) {
            memo[m] = sourceHigh;
            memo[m + 1] = sourceLow;
            seen = 0;
            for (int resolution : storedResolutions) {
                memo[m + MEMO_BASE + resolution] = -1;
            }
        }
        int totalPrecision = config.totalPrecision();
        int knownClasses = (int) seen & 0xFF;
        int knownTagTotals = (int) (seen >>> 8) & 0xFF;
        total.add(bytes, known ? Tally.NO_TOKEN : sourceToken, destinationToken, totalPrecision);
        byClass[classIndex].add(bytes, (knownClasses & classBit) != 0 ? Tally.NO_TOKEN : sourceToken,
                destinationToken, totalPrecision);
        for (int bits = tagBits; bits != 0; bits &= bits - 1) {
            int tag = Integer.numberOfTrailingZeros(bits);
            byTag[tag].add(bytes, (knownTagTotals & (1 << tag)) != 0 ? Tally.NO_TOKEN : sourceToken,
                    destinationToken, totalPrecision);
        }

        int lastClass = (int) (seen >>> 16) & 0xFF;
        int lastTags = (int) (seen >>> 24) & 0xFF;
        int lastCountry = (int) (seen >>> 32) & 0xFFFF;
        long where = memo[m + 3];
        int lastPort = (int) where;
        long lastAsn = where >>> 32;
        for (int resolution : storedResolutions) {
            long base;
            if (time >= bucketStart[resolution] && time < bucketEnd[resolution]) {
                base = bucketBase[resolution];
            } else {
                long micros = microsByResolution[resolution];
                long bucket = time / micros;
                bucketStart[resolution] = bucket * micros;
                bucketEnd[resolution] = bucket * micros + micros;
                base = Keys.base(resolution, bucket);
                bucketBase[resolution] = base;
            }
            boolean sameBucket = memo[m + MEMO_BASE + resolution] == base;
            memo[m + MEMO_BASE + resolution] = base;
            int kinds = kindsByResolution[resolution];
            int precision = precisionByResolution[resolution];
            int cache = resolution * KINDS;
            if ((kinds & (1 << Keys.TOTAL)) != 0) {
                buckets.add(row(cacheOffset[cache + Keys.TOTAL], base | Keys.series(Keys.TOTAL, 0)), bytes,
                        sameBucket ? Tally.NO_TOKEN : sourceToken, destinationToken, precision);
            }
            if ((kinds & (1 << Keys.CLASS)) != 0) {
                buckets.add(row(cacheOffset[cache + Keys.CLASS] + classIndex,
                        base | Keys.series(Keys.CLASS, classIndex)), bytes,
                        sameBucket && lastClass == classIndex ? Tally.NO_TOKEN : sourceToken, destinationToken,
                        precision);
            }
            if ((kinds & (1 << Keys.PORT)) != 0) {
                buckets.add(row(cacheOffset[cache + Keys.PORT] + slot(portValue, CACHE_SLOTS[Keys.PORT]),
                        base | Keys.series(Keys.PORT, portValue)), bytes,
                        sameBucket && lastPort == portValue ? Tally.NO_TOKEN : sourceToken, destinationToken,
                        precision);
            }
            if ((kinds & (1 << Keys.COUNTRY)) != 0) {
                buckets.add(row(cacheOffset[cache + Keys.COUNTRY] + slot(countryValue, CACHE_SLOTS[Keys.COUNTRY]),
                        base | Keys.series(Keys.COUNTRY, countryValue)), bytes,
                        sameBucket && lastCountry == countryValue ? Tally.NO_TOKEN : sourceToken, destinationToken,
                        precision);
            }
            if ((kinds & (1 << Keys.ASN)) != 0) {
                buckets.add(row(cacheOffset[cache + Keys.ASN] + slot(asnValue, CACHE_SLOTS[Keys.ASN]),
                        base | Keys.series(Keys.ASN, asnValue)), bytes,
                        sameBucket && lastAsn == asnValue ? Tally.NO_TOKEN : sourceToken, destinationToken,
                        precision);
            }
            if ((kinds & (1 << Keys.TAG)) != 0) {
                for (int bits = tagBits; bits != 0; bits &= bits - 1) {
                    int tag = Integer.numberOfTrailingZeros(bits);
                    buckets.add(row(cacheOffset[cache + Keys.TAG] + tag, base | Keys.series(Keys.TAG, tag)), bytes,
                            sameBucket && (lastTags & (1 << tag)) != 0 ? Tally.NO_TOKEN : sourceToken,
                            destinationToken, precision);
                }
            }
        }
        memo[m + 2] = (knownClasses | classBit) | (long) (knownTagTotals | tagBits) << 8 | (long) classIndex << 16
                | (long) tagBits << 24 | (long) countryValue << 32;
        memo[m + 3] = (asnValue << 32) | (portValue & 0xFFFF_FFFFL);

        if (sourceTable.tracksSources()) {
            // Destination block: the /24 of an IPv4 (IPv4-mapped) address, the /64 of an IPv6 one.
            boolean v4 = destinationHigh == 0 && (destinationLow >>> 32) == 0xFFFFL;
            long blockHash = Uniques.HASHER.hashLongLongToLong(destinationHigh, v4 ? destinationLow & ~0xFFL : 0);
            sourceTable.add(sourceHigh, sourceLow, sourceHash, time, bytes, tagBits, countryValue, asnValue,
                    portValue, destinationToken, Uniques.token(blockHash));
        }
    }

    /** The row of a bucket key, through the cache slot given. */
    private int row(int cache, long key) {
        if (cachedKey[cache] == key) {
            return cachedRow[cache];
        }
        int row = buckets.rowOf(key);
        cachedKey[cache] = key;
        cachedRow[cache] = row;
        return row;
    }

    /** A cache slot for a key value: its well-mixed upper bits. */
    private static int slot(long value, int slots) {
        return (int) ((value * 0x9E37_79B9_7F4A_7C15L) >>> 40) & (slots - 1);
    }

    // --- merge ---

    /** Adds {@code other} to this; {@code other} is left as it was and shares nothing with this afterwards. */
    void merge(DarknetAccumulator other) {
        if (other == this) {
            throw new IllegalArgumentException("an accumulator cannot be merged into itself");
        }
        if (!config.mergeableWith(other.config)) {
            throw new IllegalArgumentException("accumulators configured differently cannot be merged: "
                    + config + " and " + other.config);
        }
        firstMicros = Math.min(firstMicros, other.firstMicros);
        lastMicros = Math.max(lastMicros, other.lastMicros);
        int totalPrecision = config.totalPrecision();
        total.merge(other.total, totalPrecision);
        for (int c = 0; c < byClass.length; c++) {
            byClass[c].merge(other.byClass[c], totalPrecision);
        }
        for (int t = 0; t < byTag.length; t++) {
            byTag[t].merge(other.byTag[t], totalPrecision);
        }
        BucketTable theirs = other.buckets;
        for (int row = 0; row < theirs.size(); row++) {
            buckets.merge(theirs.key(row), theirs.packets(row), theirs.bytes(row), theirs.sources(row),
                    theirs.destinations(row));
        }
        sourceTable.merge(other.sourceTable);
    }

    // --- result ---

    DarknetSummary summary(int topN) {
        Map<PacketClass, DarknetSummary.Totals> classes = new EnumMap<>(PacketClass.class);
        for (PacketClass c : CLASSES) {
            classes.put(c, byClass[c.ordinal()].totals());
        }
        Map<PacketTag, DarknetSummary.Totals> tags = new EnumMap<>(PacketTag.class);
        for (PacketTag t : TAGS) {
            tags.put(t, byTag[t.ordinal()].totals());
        }
        View view = new View();
        return new DarknetSummary(
                packetsSeen() ? DarknetPacket.instantOfMicros(firstMicros) : null,
                packetsSeen() ? DarknetPacket.instantOfMicros(lastMicros) : null,
                total.totals(), Collections.unmodifiableMap(classes), Collections.unmodifiableMap(tags), series(view),
                topLists(view, Long.MIN_VALUE, Long.MAX_VALUE, topN), sourceTable.records(),
                new DarknetSummary.SourceTableInfo(sourceTable.bound(), sourceTable.size(), sourceTable.evictions(),
                        sourceTable.floor()));
    }

    private boolean packetsSeen() {
        return firstMicros <= lastMicros;
    }

    /** The stored buckets and those computed from them, each with its keys in order. */
    private final class View {
        private final BucketTable derived;
        private final long[] storedKeys;
        private final long[] derivedKeys;

        View() {
            storedKeys = buckets.sortedKeys();
            derived = new BucketTable(precisionByResolution);
            for (long key : storedKeys) {
                int finer = Keys.resolution(key);
                int kind = Keys.kind(key);
                for (int resolution : keptResolutions) {
                    if (derivedFrom[resolution] == finer && (kindsByResolution[resolution] & (1 << kind)) != 0) {
                        long bucket = Keys.bucket(key) * microsByResolution[finer] / microsByResolution[resolution];
                        int row = buckets.find(key);
                        derived.merge(Keys.key(resolution, kind, Keys.value(key), bucket), buckets.packets(row),
                                buckets.bytes(row), buckets.sources(row), buckets.destinations(row));
                    }
                }
            }
            derivedKeys = derived.sortedKeys();
        }

        BucketTable table(int resolution) {
            return derivedFrom[resolution] >= 0 ? derived : buckets;
        }

        long[] keys(int resolution) {
            return derivedFrom[resolution] >= 0 ? derivedKeys : storedKeys;
        }
    }

    private Map<Resolution, Map<SeriesKey, List<DarknetSummary.Bucket>>> series(View view) {
        Map<Resolution, Map<SeriesKey, List<DarknetSummary.Bucket>>> series = new EnumMap<>(Resolution.class);
        for (int resolution : keptResolutions) {
            Map<SeriesKey, List<DarknetSummary.Bucket>> byKey = new LinkedHashMap<>();
            BucketTable table = view.table(resolution);
            List<DarknetSummary.Bucket> current = null;
            long currentSeries = 0;
            for (long key : view.keys(resolution)) {
                if (Keys.resolution(key) != resolution) {
                    continue;
                }
                long seriesOfKey = Keys.seriesOf(key);
                if (current == null || seriesOfKey != currentSeries) {
                    current = new ArrayList<>();
                    currentSeries = seriesOfKey;
                    byKey.put(Keys.seriesKey(Keys.kind(key), Keys.value(key)), current);
                }
                int row = table.find(key);
                Instant start = DarknetPacket.instantOfMicros(Keys.bucket(key) * microsByResolution[resolution]);
                current.add(new DarknetSummary.Bucket(start,
                        table.packets(row), table.bytes(row), Uniques.estimate(table.sources(row)),
                        Uniques.estimate(table.destinations(row))));
            }
            for (Map.Entry<SeriesKey, List<DarknetSummary.Bucket>> entry : byKey.entrySet()) {
                entry.setValue(Collections.unmodifiableList(entry.getValue()));
            }
            series.put(RESOLUTIONS[resolution], Collections.unmodifiableMap(byKey));
        }
        return Collections.unmodifiableMap(series);
    }

    /**
     * Top destination ports, source countries and source ASes by distinct sources over buckets starting in
     * [{@code from}, {@code to}): the sketches of the buckets are merged, so a source active in several buckets counts
     * once. Per kind of key the coarsest kept resolution whose buckets tile the range is used; when none does, the
     * finest one, with the range widened to bucket boundaries. {@link Instant#MIN} and {@link Instant#MAX} leave a
     * side open. For a day of NICTER-style top 10: {@code top(day, day.plus(1, DAYS), 10)}.
     */
    public DarknetSummary.TopLists top(Instant from, Instant to, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        return topLists(new View(), micros(from), micros(to), n);
    }

    private DarknetSummary.TopLists topLists(View view, long from, long to, int n) {
        return new DarknetSummary.TopLists(top(view, Keys.PORT, from, to, n, Keys::port),
                top(view, Keys.COUNTRY, from, to, n, v -> SeriesKey.country(Keys.countryCode(v))),
                top(view, Keys.ASN, from, to, n, SeriesKey::asn));
    }

    private record Candidate(long value, long packets, long sources, long destinations) {
    }

    private <K extends SeriesKey> List<DarknetSummary.TopEntry<K>> top(View view, int kind, long from, long to, int n,
                                                                      LongFunction<K> keyOf) {
        int resolution = resolutionFor(kind, from, to);
        if (resolution < 0 || n == 0) {
            return List.of();
        }
        BucketTable table = view.table(resolution);
        long micros = microsByResolution[resolution];
        long firstBucket = from == Long.MIN_VALUE ? 0 : Math.floorDiv(Math.max(0, from), micros);
        long endBucket = to == Long.MAX_VALUE ? Long.MAX_VALUE : Math.ceilDiv(Math.max(0, to), micros);
        int precision = precisionByResolution[resolution];
        List<Candidate> candidates = new ArrayList<>();
        long currentSeries = 0;
        boolean open = false;
        boolean owned = false;
        long packets = 0;
        Object sources = null;
        Object destinations = null;
        for (long key : view.keys(resolution)) {
            long bucket = Keys.bucket(key);
            if (Keys.resolution(key) != resolution || Keys.kind(key) != kind || bucket < firstBucket
                    || bucket >= endBucket || (kind != Keys.PORT && Keys.value(key) == 0)) {
                continue; // other series, outside the range, or unknown country / AS
            }
            int row = table.find(key);
            long seriesOfKey = Keys.seriesOf(key);
            if (!open || seriesOfKey != currentSeries) {
                if (open) {
                    candidates.add(new Candidate(Keys.value(currentSeries), packets, Uniques.estimate(sources),
                            Uniques.estimate(destinations)));
                }
                open = true;
                currentSeries = seriesOfKey;
                packets = table.packets(row);
                sources = table.sources(row);
                destinations = table.destinations(row);
                owned = false; // the bucket's own state, read only: copied only if a second bucket joins
            } else {
                if (!owned) {
                    sources = Uniques.copy(sources);
                    destinations = Uniques.copy(destinations);
                    owned = true;
                }
                packets += table.packets(row);
                sources = Uniques.union(sources, table.sources(row), precision);
                destinations = Uniques.union(destinations, table.destinations(row), precision);
            }
        }
        if (open) {
            candidates.add(new Candidate(Keys.value(currentSeries), packets, Uniques.estimate(sources),
                    Uniques.estimate(destinations)));
        }
        candidates.sort(RANKING);
        List<DarknetSummary.TopEntry<K>> entries = new ArrayList<>(Math.min(n, candidates.size()));
        for (Candidate c : candidates.subList(0, Math.min(n, candidates.size()))) {
            entries.add(new DarknetSummary.TopEntry<>(keyOf.apply(c.value()), c.packets(), c.sources(),
                    c.destinations()));
        }
        return List.copyOf(entries);
    }

    /** The coarsest resolution keeping {@code kind} whose buckets tile [from, to), else the finest; -1 if none. */
    private int resolutionFor(int kind, long from, long to) {
        int aligned = -1;
        int finest = -1;
        for (int resolution : keptResolutions) {
            if ((kindsByResolution[resolution] & (1 << kind)) == 0) {
                continue;
            }
            if (finest < 0) {
                finest = resolution;
            }
            long micros = microsByResolution[resolution];
            if ((from == Long.MIN_VALUE || Math.floorMod(from, micros) == 0)
                    && (to == Long.MAX_VALUE || Math.floorMod(to, micros) == 0)) {
                aligned = resolution;
            }
        }
        return aligned >= 0 ? aligned : finest;
    }

    /** Microseconds since the epoch, saturating: {@link Instant#MIN} and {@link Instant#MAX} become open ends. */
    private static long micros(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        } catch (ArithmeticException e) {
            return time.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    // --- binary form ---

    /** The binary form; {@link java.io.DataOutputStream} or a stream engine's output view both fit. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        writeConfig(out, config);
        out.writeByte(CLASSES.length);
        for (PacketClass c : CLASSES) {
            out.writeUTF(c.name());
        }
        out.writeByte(TAGS.length);
        for (PacketTag t : TAGS) {
            out.writeUTF(t.name());
        }
        out.writeLong(firstMicros);
        out.writeLong(lastMicros);
        total.write(out);
        for (Tally tally : byClass) {
            tally.write(out);
        }
        for (Tally tally : byTag) {
            tally.write(out);
        }
        long[] keys = buckets.sortedKeys();
        Wire.writeVarLong(out, keys.length);
        long previous = 0;
        for (long key : keys) {
            int row = buckets.find(key);
            Wire.writeVarLong(out, key - previous); // sorted unsigned: consecutive buckets of a series differ by 1
            previous = key;
            Wire.writeVarLong(out, buckets.packets(row));
            Wire.writeVarLong(out, buckets.bytes(row));
            Uniques.write(out, buckets.sources(row));
            Uniques.write(out, buckets.destinations(row));
        }
        sourceTable.write(out);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @throws IOException when the input is not a darknet accumulator of a known version, or is corrupt
     */
    public static DarknetAccumulator read(DataInput in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a darknet accumulator (bad magic)");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unsupported darknet accumulator version " + version + " (this reads " + VERSION + ")");
        }
        DarknetAccumulator accumulator = new DarknetAccumulator(readConfig(in));
        accumulator.readState(in);
        return accumulator;
    }

    /** Reads exactly one accumulator from {@code bytes}. */
    public static DarknetAccumulator fromBytes(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        DarknetAccumulator accumulator = read(in);
        if (in.read() >= 0) {
            throw new IOException("trailing bytes after the darknet accumulator");
        }
        return accumulator;
    }

    private void readState(DataInput in) throws IOException {
        int[] classMap = readNames(in, PacketClass.class);
        int[] tagMap = readNames(in, PacketTag.class);
        firstMicros = in.readLong();
        lastMicros = in.readLong();
        int totalPrecision = config.totalPrecision();
        total.read(in, totalPrecision);
        for (int written : classMap) {
            byClass[written].read(in, totalPrecision);
        }
        for (int written : tagMap) {
            byTag[written].read(in, totalPrecision);
        }
        int count = Wire.readVarInt(in, Integer.MAX_VALUE - 8, "bucket count");
        long key = 0;
        for (int k = 0; k < count; k++) {
            key += Wire.readVarLong(in);
            int resolution = Keys.resolution(key);
            int kind = Keys.kind(key);
            if (resolution >= RESOLUTIONS.length || (kindsByResolution[resolution] & (1 << kind)) == 0
                    || derivedFrom[resolution] >= 0) {
                throw new IOException("bucket of a series not stored: " + Long.toHexString(key));
            }
            long mapped = key;
            if (kind == Keys.CLASS || kind == Keys.TAG) {
                int[] map = kind == Keys.CLASS ? classMap : tagMap;
                long value = Keys.value(key);
                if (value >= map.length) {
                    throw new IOException("unknown class or tag in bucket " + Long.toHexString(key));
                }
                mapped = Keys.withValue(key, map[(int) value]);
            }
            long packets = Wire.readCount(in, "packets");
            long bytes = Wire.readCount(in, "bytes");
            int precision = precisionByResolution[resolution];
            Object sources = Uniques.read(in, precision);
            Object destinations = Uniques.read(in, precision);
            if (buckets.find(mapped) >= 0) {
                throw new IOException("bucket listed twice: " + Long.toHexString(key));
            }
            buckets.put(mapped, packets, bytes, sources, destinations);
        }
        sourceTable = SourceTable.read(in, config.maxSources(), config.sourcePrecision(), written -> {
            int bits = 0;
            for (long rest = written; rest != 0; rest &= rest - 1) {
                int bit = Long.numberOfTrailingZeros(rest);
                if (bit >= tagMap.length) {
                    throw new IOException("unknown tag bit " + bit);
                }
                bits |= 1 << tagMap[bit];
            }
            return bits;
        });
    }

    /** Written ordinal to current ordinal, by name. */
    private static <E extends Enum<E>> int[] readNames(DataInput in, Class<E> type) throws IOException {
        int n = in.readUnsignedByte();
        int[] map = new int[n];
        EnumSet<E> seen = EnumSet.noneOf(type);
        for (int k = 0; k < n; k++) {
            String name = in.readUTF();
            E constant;
            try {
                constant = Enum.valueOf(type, name);
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown " + type.getSimpleName() + " '" + name + "'", e);
            }
            if (!seen.add(constant)) {
                throw new IOException(type.getSimpleName() + " '" + name + "' listed twice");
            }
            map[k] = constant.ordinal();
        }
        return map;
    }

    private static void writeConfig(DataOutput out, DarknetAggregatorConfig config) throws IOException {
        Wire.writeVarLong(out, config.maxSources());
        Wire.writeVarLong(out, config.topN());
        out.writeByte(config.totalPrecision());
        out.writeByte(config.sourcePrecision());
        out.writeByte(config.series().size());
        for (DarknetAggregatorConfig.SeriesSpec spec : config.series()) {
            out.writeByte(spec.resolution().ordinal());
            out.writeByte(spec.precision());
            int kinds = 0;
            for (SeriesKey.Kind kind : spec.kinds()) {
                kinds |= 1 << kind.ordinal();
            }
            out.writeByte(kinds);
        }
    }

    private static DarknetAggregatorConfig readConfig(DataInput in) throws IOException {
        int maxSources = Wire.readVarInt(in, DarknetAggregatorConfig.MAX_SOURCES, "maxSources");
        int topN = Wire.readVarInt(in, Integer.MAX_VALUE, "topN");
        int totalPrecision = in.readUnsignedByte();
        int sourcePrecision = in.readUnsignedByte();
        int n = in.readUnsignedByte();
        List<DarknetAggregatorConfig.SeriesSpec> series = new ArrayList<>(n);
        SeriesKey.Kind[] kinds = SeriesKey.Kind.values();
        try {
            for (int k = 0; k < n; k++) {
                int resolution = in.readUnsignedByte();
                int precision = in.readUnsignedByte();
                int mask = in.readUnsignedByte();
                if (resolution >= RESOLUTIONS.length || (mask >>> kinds.length) != 0) {
                    throw new IOException("unknown resolution or series kind in the configuration");
                }
                EnumSet<SeriesKey.Kind> kept = EnumSet.noneOf(SeriesKey.Kind.class);
                for (SeriesKey.Kind kind : kinds) {
                    if ((mask & (1 << kind.ordinal())) != 0) {
                        kept.add(kind);
                    }
                }
                series.add(new DarknetAggregatorConfig.SeriesSpec(RESOLUTIONS[resolution], precision, kept));
            }
            return new DarknetAggregatorConfig(maxSources, topN, totalPrecision, sourcePrecision, series);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid configuration: " + e.getMessage(), e);
        }
    }
}

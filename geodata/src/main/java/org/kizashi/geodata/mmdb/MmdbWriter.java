package org.kizashi.geodata.mmdb;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes MaxMind DB files (binary format 2.0, the {@code .mmdb} format that MaxMind's readers read): a binary search
 * tree over address bits, a data section and metadata. Written from the published format description; used at build
 * time to turn openly licensed CSV range lists into {@code .mmdb} files, and by tests to make small databases.
 *
 * <p>An IPv6 database ({@code ipVersion} 6) keeps IPv4 networks at {@code ::a.b.c.d} (the {@code ::/96} subtree, where
 * MaxMind's readers look up IPv4 addresses) and, unless {@link #aliasIpv4Mapped(boolean)} turns it off, also answers
 * for {@code ::ffff:a.b.c.d} by pointing that subtree at the same nodes. An IPv4 database has a 32-bit tree.
 *
 * <p>Values are maps of string keys to strings, integers (written as {@code uint32} when they fit, else
 * {@code uint64}; negative ones as {@code int32}), booleans, doubles, lists and nested maps. Equal values are
 * stored once, and repeated strings (such as map keys) are written once and then referred to by pointers.
 *
 * <p>When networks overlap, the one inserted last wins on the addresses it covers. Not thread-safe.
 */
public final class MmdbWriter {
    private static final int EMPTY = -1;
    private static final int UNSET = Integer.MIN_VALUE;
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    private static final int DATA_SEPARATOR = 16;
    private static final BigInteger TWO = BigInteger.TWO;

    private final int ipVersion;
    private final String databaseType;
    private final Map<String, String> description = new TreeMap<>();
    private final List<String> languages = new ArrayList<>();
    private long buildEpoch = System.currentTimeMillis() / 1000;
    private boolean aliasIpv4Mapped = true;

    // The tree: a record is a node number (>= 0), EMPTY, or -(2 + value index) for data.
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private int nodes;
    private final List<Object> values = new ArrayList<>();
    private final Map<Object, Integer> valueIndex = new HashMap<>();

    /**
     * @param ipVersion    6 for a 128-bit tree (IPv4 and IPv6), 4 for an IPv4-only 32-bit tree
     * @param databaseType the {@code database_type} metadata, such as {@code "GeoLite2-ASN"}
     */
    public MmdbWriter(int ipVersion, String databaseType) {
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("ipVersion must be 4 or 6, got " + ipVersion);
        }
        this.ipVersion = ipVersion;
        this.databaseType = Objects.requireNonNull(databaseType, "databaseType");
        newNode(EMPTY, EMPTY); // the root, node 0
    }

    /** Adds a {@code description} metadata entry in a language ({@code "en"}, {@code "ja"}, ...). */
    public MmdbWriter description(String language, String text) {
        description.put(Objects.requireNonNull(language), Objects.requireNonNull(text));
        return this;
    }

    /** Adds a locale code to the {@code languages} metadata. */
    public MmdbWriter language(String language) {
        languages.add(Objects.requireNonNull(language));
        return this;
    }

    /** The {@code build_epoch} metadata in seconds since 1970; defaults to the time the writer was made. */
    public MmdbWriter buildEpoch(long secondsSinceEpoch) {
        if (secondsSinceEpoch < 0) {
            throw new IllegalArgumentException("negative build epoch");
        }
        this.buildEpoch = secondsSinceEpoch;
        return this;
    }

    /** Whether an IPv6 database also answers IPv4 under {@code ::ffff:0:0/96} (default true). */
    public MmdbWriter aliasIpv4Mapped(boolean alias) {
        this.aliasIpv4Mapped = alias;
        return this;
    }

    /** Inserts the IPv4 network {@code address/prefixLength} (1..32). Host bits must be zero. */
    public void insertIpv4(int address, int prefixLength, Map<String, ?> data) {
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 1..32, got " + prefixLength);
        }
        long a = address & 0xffff_ffffL;
        if (prefixLength < 32 && (a & ((1L << (32 - prefixLength)) - 1)) != 0) {
            throw new IllegalArgumentException("host bits set in IPv4 network " + ipv4Text(address) + "/" + prefixLength);
        }
        int record = dataRecord(data);
        if (ipVersion == 6) {
            insertBits(0, a, 96 + prefixLength, record);
        } else {
            insertBits(a << 32, 0, prefixLength, record);
        }
    }

    /**
     * Inserts the IPv6 network given by its 128 bits ({@code high} the first 64) and a prefix length (1..128) into an
     * IPv6 database. Host bits must be zero.
     */
    public void insertIpv6(long high, long low, int prefixLength, Map<String, ?> data) {
        if (ipVersion != 6) {
            throw new IllegalStateException("an IPv4 database holds no IPv6 networks");
        }
        if (prefixLength < 1 || prefixLength > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be 1..128, got " + prefixLength);
        }
        boolean hostBits = prefixLength <= 64
            ? low != 0 || (prefixLength < 64 && (high & (-1L >>> prefixLength)) != 0)
            : prefixLength < 128 && (low & (-1L >>> (prefixLength - 64))) != 0;
        if (hostBits) {
            throw new IllegalArgumentException("host bits set in IPv6 network /" + prefixLength);
        }
        insertBits(high, low, prefixLength, dataRecord(data));
    }

    /**
     * Inserts every address from {@code first} to {@code last} (inclusive, same family), split into the fewest
     * networks. An {@link Inet4Address} range is an IPv4 range.
     */
    public void insertRange(InetAddress first, InetAddress last, Map<String, ?> data) {
        boolean v4 = first instanceof Inet4Address;
        if (v4 != (last instanceof Inet4Address)) {
            throw new IllegalArgumentException("range mixes IPv4 and IPv6: " + first + " - " + last);
        }
        if (!v4 && !(first instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + first);
        }
        int bits = v4 ? 32 : 128;
        BigInteger start = new BigInteger(1, first.getAddress());
        BigInteger end = new BigInteger(1, last.getAddress());
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException("range start after end: " + first + " - " + last);
        }
        Map<String, ?> value = data;
        while (start.compareTo(end) <= 0) {
            int alignment = start.signum() == 0 ? bits : start.getLowestSetBit();
            int fits = end.subtract(start).add(BigInteger.ONE).bitLength() - 1;
            int hostBits = Math.min(alignment, fits);
            int prefix = bits - hostBits;
            if (v4) {
                if (prefix == 0) { // all of IPv4: two halves, since a prefix length of 0 is no network
                    insertIpv4(0, 1, value);
                    insertIpv4(0x8000_0000, 1, value);
                } else {
                    insertIpv4(start.intValue(), prefix, value);
                }
            } else {
                if (prefix == 0) {
                    insertIpv6(0, 0, 1, value);
                    insertIpv6(Long.MIN_VALUE, 0, 1, value);
                } else {
                    insertIpv6(start.shiftRight(64).longValue(), start.longValue(), prefix, value);
                }
            }
            start = start.add(TWO.pow(hostBits));
        }
    }

    /** Number of tree nodes made so far (before merging; the file may have fewer). */
    public int nodeCountBeforeMerge() {
        return nodes;
    }

    /** Writes the database to {@code file} (through a temporary file in the same directory, then renamed). */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The database as bytes. */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new AssertionError(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Writes the database to {@code out} (not closed). */
    public void write(OutputStream out) throws IOException {
        if (ipVersion == 6 && aliasIpv4Mapped) {
            aliasIpv4MappedSubtree();
        }
        int[] canonical = new int[nodes];
        Arrays.fill(canonical, UNSET);
        left[0] = merge(left[0], canonical);
        right[0] = merge(right[0], canonical);

        // Number the reachable nodes breadth first, the root first.
        int[] number = new int[nodes];
        Arrays.fill(number, -1);
        int[] order = new int[nodes];
        int count = 0;
        number[0] = 0;
        order[count++] = 0;
        for (int i = 0; i < count; i++) {
            int n = order[i];
            for (int child : new int[] {left[n], right[n]}) {
                if (child >= 0 && number[child] < 0) {
                    number[child] = count;
                    order[count++] = child;
                }
            }
        }
        final int nodeCount = count;

        // Data section: each value once, in the order the tree first refers to it.
        DataEncoder data = new DataEncoder(true);
        int[] valueOffset = new int[values.size()];
        Arrays.fill(valueOffset, -1);
        for (int i = 0; i < nodeCount; i++) {
            int n = order[i];
            for (int record : new int[] {left[n], right[n]}) {
                if (record <= -2 && valueOffset[-2 - record] < 0) {
                    valueOffset[-2 - record] = data.size();
                    data.encode(values.get(-2 - record));
                }
            }
        }

        long maxRecord = (long) nodeCount + DATA_SEPARATOR + data.size();
        int recordSize = maxRecord < (1L << 24) ? 24 : maxRecord < (1L << 28) ? 28 : 32;
        if (maxRecord >= (1L << 32)) {
            throw new IllegalStateException("database too large for 32-bit records");
        }
        int nodeBytes = recordSize / 4;
        byte[] node = new byte[nodeBytes];
        for (int i = 0; i < nodeCount; i++) {
            int n = order[i];
            long l = recordValue(left[n], number, valueOffset, nodeCount);
            long r = recordValue(right[n], number, valueOffset, nodeCount);
            switch (recordSize) {
                case 24 -> {
                    put(node, 0, l, 3);
                    put(node, 3, r, 3);
                }
                case 28 -> {
                    put(node, 0, l & 0xff_ffff, 3);
                    node[3] = (byte) (((l >>> 24) & 0x0f) << 4 | ((r >>> 24) & 0x0f));
                    put(node, 4, r & 0xff_ffff, 3);
                }
                default -> {
                    put(node, 0, l, 4);
                    put(node, 4, r, 4);
                }
            }
            out.write(node);
        }
        out.write(new byte[DATA_SEPARATOR]);
        data.writeTo(out);
        out.write(METADATA_MARKER);

        Map<String, Object> metadata = new TreeMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", new Uint64(buildEpoch));
        metadata.put("database_type", databaseType);
        metadata.put("description", new TreeMap<>(description));
        metadata.put("ip_version", new Uint16(ipVersion));
        metadata.put("languages", List.copyOf(languages));
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", new Uint16(recordSize));
        DataEncoder meta = new DataEncoder(false);
        meta.encode(metadata);
        meta.writeTo(out);
    }

    // ---------------------------------------------------------------------------------------------- tree

    private int newNode(int l, int r) {
        if (nodes == left.length) {
            int size = left.length * 2;
            left = Arrays.copyOf(left, size);
            right = Arrays.copyOf(right, size);
        }
        left[nodes] = l;
        right[nodes] = r;
        return nodes++;
    }

    private static int bit(long high, long low, int i) {
        return (int) (i < 64 ? (high >>> (63 - i)) & 1 : (low >>> (127 - i)) & 1);
    }

    private int child(int node, int bit) {
        return bit == 0 ? left[node] : right[node];
    }

    private void setChild(int node, int bit, int record) {
        if (bit == 0) {
            left[node] = record;
        } else {
            right[node] = record;
        }
    }

    /** Walks (making nodes as needed) to depth prefixLength - 1 and sets the record there. */
    private void insertBits(long high, long low, int prefixLength, int record) {
        int node = 0;
        for (int i = 0; i < prefixLength - 1; i++) {
            int b = bit(high, low, i);
            int next = child(node, b);
            if (next < 0) { // empty or data covering a larger network: split it
                next = newNode(next, next);
                setChild(node, b, next);
            }
            node = next;
        }
        setChild(node, bit(high, low, prefixLength - 1), record);
    }

    private void aliasIpv4MappedSubtree() {
        int record = 0;
        for (int i = 0; i < 96 && record >= 0; i++) {
            record = left[record];
        }
        if (record != EMPTY) {
            insertBits(0, 0x0000_ffff_0000_0000L, 96, record);
        }
    }

    /** Replaces subtrees whose two halves hold the same data (or nothing) by that record. */
    private int merge(int record, int[] canonical) {
        if (record < 0) {
            return record;
        }
        if (canonical[record] != UNSET) {
            return canonical[record];
        }
        int l = merge(left[record], canonical);
        int r = merge(right[record], canonical);
        left[record] = l;
        right[record] = r;
        int result = l == r && l < 0 ? l : record;
        canonical[record] = result;
        return result;
    }

    private static long recordValue(int record, int[] number, int[] valueOffset, int nodeCount) {
        if (record >= 0) {
            return number[record];
        }
        if (record == EMPTY) {
            return nodeCount;
        }
        return (long) nodeCount + DATA_SEPARATOR + valueOffset[-2 - record];
    }

    private static void put(byte[] b, int at, long value, int length) {
        for (int i = length - 1; i >= 0; i--) {
            b[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private int dataRecord(Map<String, ?> data) {
        Object value = normalise(Objects.requireNonNull(data, "data"));
        Integer index = valueIndex.get(value);
        if (index == null) {
            index = values.size();
            values.add(value);
            valueIndex.put(value, index);
        }
        return -2 - index;
    }

    private static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("map keys must be strings: " + e.getKey());
                }
                copy.put(key, normalise(Objects.requireNonNull(e.getValue(), "value of " + key)));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(normalise(Objects.requireNonNull(o, "list element")));
            }
            return Collections.unmodifiableList(copy);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Long || v instanceof String || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
    }

    private static String ipv4Text(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    // ---------------------------------------------------------------------------------------------- data

    private record Uint16(int value) { }

    private record Uint64(long value) { }

    /** Encodes values in the MaxMind DB data format; pointers are offsets from the start of this encoder. */
    private static final class DataEncoder {
        private static final int POINTER = 1;
        private static final int UTF8_STRING = 2;
        private static final int DOUBLE = 3;
        private static final int UINT16 = 5;
        private static final int UINT32 = 6;
        private static final int MAP = 7;
        private static final int INT32 = 8;
        private static final int UINT64 = 9;
        private static final int ARRAY = 11;
        private static final int BOOLEAN = 14;

        private final boolean pointers;
        private final Map<String, Integer> stringOffsets = new HashMap<>();
        private byte[] buf = new byte[1 << 12];
        private int size;

        DataEncoder(boolean pointers) {
            this.pointers = pointers;
        }

        int size() {
            return size;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(buf, 0, size);
        }

        void encode(Object v) {
            switch (v) {
                case String s -> string(s);
                case Long l -> integer(l);
                case Uint16 u -> unsigned(UINT16, u.value(), 2);
                case Uint64 u -> unsigned(UINT64, u.value(), 8);
                case Boolean b -> control(BOOLEAN, b ? 1 : 0);
                case Double d -> {
                    control(DOUBLE, 8);
                    long bits = Double.doubleToLongBits(d);
                    for (int i = 7; i >= 0; i--) {
                        byteOut((int) (bits >>> (8 * i)));
                    }
                }
                case Map<?, ?> m -> {
                    control(MAP, m.size());
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        string((String) e.getKey());
                        encode(e.getValue());
                    }
                }
                case List<?> list -> {
                    control(ARRAY, list.size());
                    for (Object o : list) {
                        encode(o);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
            }
        }

        private void integer(long l) {
            if (l >= 0 && l <= 0xffff_ffffL) {
                unsigned(UINT32, l, 4);
            } else if (l >= 0) {
                unsigned(UINT64, l, 8);
            } else if (l >= Integer.MIN_VALUE) {
                control(INT32, 4);
                for (int i = 3; i >= 0; i--) {
                    byteOut((int) (l >>> (8 * i)));
                }
            } else {
                throw new IllegalArgumentException("integer below int32 range: " + l);
            }
        }

        private void unsigned(int type, long value, int maxBytes) {
            int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
            if (length > maxBytes) {
                throw new IllegalArgumentException("value too large: " + Long.toUnsignedString(value));
            }
            control(type, length);
            for (int i = length - 1; i >= 0; i--) {
                byteOut((int) (value >>> (8 * i)));
            }
        }

        private void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (pointers) {
                Integer at = stringOffsets.get(s);
                if (at != null && pointerLength(at) < utf8.length + 1) {
                    pointer(at);
                    return;
                }
                if (at == null && utf8.length >= 3) {
                    stringOffsets.put(s, size);
                }
            }
            control(UTF8_STRING, utf8.length);
            bytesOut(utf8);
        }

        private static int pointerLength(int p) {
            return p < 2048 ? 2 : p < 526_336 ? 3 : p < 134_744_064 ? 4 : 5;
        }

        private void pointer(int p) {
            int base = POINTER << 5;
            if (p < 2048) {
                byteOut(base | (p >>> 8));
                byteOut(p);
            } else if (p < 526_336) {
                int q = p - 2048;
                byteOut(base | 1 << 3 | (q >>> 16));
                byteOut(q >>> 8);
                byteOut(q);
            } else if (p < 134_744_064) {
                int q = p - 526_336;
                byteOut(base | 2 << 3 | (q >>> 24));
                byteOut(q >>> 16);
                byteOut(q >>> 8);
                byteOut(q);
            } else {
                byteOut(base | 3 << 3);
                byteOut(p >>> 24);
                byteOut(p >>> 16);
                byteOut(p >>> 8);
                byteOut(p);
            }
        }

        private void control(int type, int length) {
            boolean extended = type > 7;
            int first = extended ? 0 : type << 5;
            if (length < 29) {
                byteOut(first | length);
                if (extended) {
                    byteOut(type - 7);
                }
            } else if (length < 285) {
                byteOut(first | 29);
                if (extended) {
                    byteOut(type - 7);
                }
                byteOut(length - 29);
            } else if (length < 65_821) {
                byteOut(first | 30);
                if (extended) {
                    byteOut(type - 7);
                }
                int n = length - 285;
                byteOut(n >>> 8);
                byteOut(n);
            } else {
                byteOut(first | 31);
                if (extended) {
                    byteOut(type - 7);
                }
                int n = length - 65_821;
                byteOut(n >>> 16);
                byteOut(n >>> 8);
                byteOut(n);
            }
        }

        private void byteOut(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[size++] = (byte) b;
        }

        private void bytesOut(byte[] b) {
            if (size + b.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }
    }
}

package org.kizashi.telescope.report;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kizashi.aggregate.DarknetAccumulator;
import org.kizashi.aggregate.DarknetAggregator;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.telescope.analyze.PacketCounts;

/**
 * What a live sensor sends the server for one period: the frames it counted, the partial aggregate (which the server
 * merges with every other sensor's), the alerts its detectors raised and a sample of packets for the live map.
 *
 * <p>Binary form ({@link #toBytes()}, big-endian): magic {@code KZSR}, a version byte (1), then sections, each a
 * section id byte, a 4-byte length and that many bytes, ending with section id 0: 1 header (sensor name, from, to),
 * 2 counts, 3 aggregate ({@link DarknetAccumulator#toBytes()}), 4 alerts (each: kind byte, length, fields), 5 samples.
 * Strings are a 4-byte length and UTF-8, instants are seconds (8 bytes) and nanoseconds (4 bytes), addresses their 16
 * bytes. Packet classes and tags are written by name, so that reordering those enums does not corrupt stored reports.
 * Sections of unknown id are skipped, so a later writer may add some without a new version.
 *
 * @param sensor the sensor's name
 * @param from   start of the period, inclusive
 * @param to     end of the period, exclusive
 * @param counts frames of the period; {@code counts.darknet()} equals the packets in {@code aggregate}
 */
public record SensorReport(String sensor, Instant from, Instant to, PacketCounts counts, DarknetAccumulator aggregate,
                           List<TelescopeAlert> alerts, List<LiveSample> samples) {
    /** "KZSR". */
    static final int MAGIC = 0x4B5A_5352;
    public static final int VERSION = 1;

    static final int END = 0;
    static final int HEADER = 1;
    static final int COUNTS = 2;
    static final int AGGREGATE = 3;
    static final int ALERTS = 4;
    static final int SAMPLES = 5;

    static final int DOS = 1;
    static final int SURGE = 2;
    static final int INFECTED_HOST = 3;

    private static final PacketClass[] CLASSES = PacketClass.values();

    public SensorReport {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(aggregate, "aggregate");
        alerts = List.copyOf(alerts);
        samples = List.copyOf(samples);
    }

    /**
     * This report and a later one of the same sensor as one: the period spanning both, counts added, aggregates
     * merged, alerts and samples of both. For a sender whose queue is full: merging loses no count.
     *
     * <p>The aggregate of this report is merged into (and returned as the new report's); {@code later} is not changed.
     *
     * @throws IllegalArgumentException when the aggregates were configured differently
     */
    public SensorReport merge(SensorReport later) {
        DarknetAccumulator merged = new DarknetAggregator(aggregate.config()).merge(aggregate, later.aggregate);
        List<TelescopeAlert> allAlerts = new ArrayList<>(alerts);
        allAlerts.addAll(later.alerts);
        List<LiveSample> allSamples = new ArrayList<>(samples);
        allSamples.addAll(later.samples);
        Instant start = from.isBefore(later.from) ? from : later.from;
        Instant end = to.isAfter(later.to) ? to : later.to;
        return new SensorReport(sensor, start, end, counts.plus(later.counts), merged, allAlerts, allSamples);
    }

    // ---- writing

    /** The binary form described above. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            section(out, HEADER, s -> {
                string(s, sensor);
                instant(s, from);
                instant(s, to);
            });
            section(out, COUNTS, s -> {
                s.writeLong(counts.total());
                s.writeLong(counts.darknet());
                s.writeLong(counts.notDarknet());
                s.writeLong(counts.malformed());
            });
            byte[] aggregateBytes = aggregate.toBytes();
            section(out, AGGREGATE, s -> s.write(aggregateBytes));
            section(out, ALERTS, s -> {
                s.writeInt(alerts.size());
                for (TelescopeAlert alert : alerts) {
                    writeAlert(s, alert);
                }
            });
            section(out, SAMPLES, s -> {
                s.writeByte(CLASSES.length);
                for (PacketClass c : CLASSES) {
                    string(s, c.name());
                }
                s.writeInt(samples.size());
                for (LiveSample sample : samples) {
                    s.writeLong(sample.timestampMicros());
                    address(s, sample.source());
                    string(s, sample.country());
                    s.writeLong(sample.asn());
                    s.writeByte(sample.protocol());
                    s.writeShort(sample.port());
                    s.writeByte(sample.packetClass().ordinal());
                    s.writeInt(sample.tags());
                }
            });
            out.writeByte(END);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void section(DataOutputStream out, int id, Body body) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream s = new DataOutputStream(buffer);
        body.write(s);
        s.flush();
        out.writeByte(id);
        out.writeInt(buffer.size());
        buffer.writeTo(out);
    }

    private static void writeAlert(DataOutputStream out, TelescopeAlert alert) throws IOException {
        switch (alert) {
            case DosAttack a -> section(out, DOS, s -> {
                address(s, a.victim());
                s.writeByte(a.protocol());
                list(s, a.ports(), DataOutputStream::writeInt);
                instant(s, a.start());
                instant(s, a.end());
                s.writeLong(a.packets());
                s.writeLong(a.bytes());
                s.writeDouble(a.peakPerMinute());
                string(s, a.country());
                s.writeLong(a.asn());
            });
            case PortSurge a -> section(out, SURGE, s -> {
                port(s, a.port());
                instant(s, a.start());
                instant(s, a.end());
                string(s, a.metric());
                s.writeLong(a.observed());
                s.writeDouble(a.baseline());
                s.writeDouble(a.factor());
                list(s, a.topCountries(), SensorReport::string);
                list(s, a.sampleSources(), SensorReport::address);
            });
            case InfectedHost a -> section(out, INFECTED_HOST, s -> {
                s.writeLong(a.organisationId());
                string(s, a.network());
                address(s, a.host());
                instant(s, a.start());
                instant(s, a.end());
                s.writeLong(a.packets());
                list(s, a.ports(), SensorReport::port);
                s.writeInt(a.tags().size());
                for (PacketTag tag : PacketTag.values()) { // in a fixed order, so equal alerts write equal bytes
                    if (a.tags().contains(tag)) {
                        string(s, tag.name());
                    }
                }
            });
        }
    }

    private interface ElementWriter<T> {
        void write(DataOutputStream out, T element) throws IOException;
    }

    /** A 4-byte count, then the elements. */
    private static <T> void list(DataOutputStream out, List<T> elements, ElementWriter<? super T> writer)
            throws IOException {
        out.writeInt(elements.size());
        for (T element : elements) {
            writer.write(out, element);
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void instant(DataOutputStream out, Instant time) throws IOException {
        Objects.requireNonNull(time, "time");
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.getNano());
    }

    private static void address(DataOutputStream out, IpAddress address) throws IOException {
        out.write(address.toBytes());
    }

    private static void port(DataOutputStream out, ProtocolPort port) throws IOException {
        out.writeByte(port.protocol());
        out.writeShort(port.port());
    }

    // ---- reading

    /**
     * Reads what {@link #toBytes()} wrote.
     *
     * @throws IOException when the bytes are not a sensor report, of another version, truncated or corrupt; the
     *                     message says what is wrong and at which byte offset
     */
    public static SensorReport fromBytes(byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        Cursor in = new Cursor(bytes, 0, bytes.length, "sensor report");
        if (bytes.length < 4) {
            throw new IOException("not a Kizashi sensor report: only " + bytes.length + " bytes at byte offset 0");
        }
        int magic = in.int32();
        if (magic != MAGIC) {
            throw new IOException(String.format("not a Kizashi sensor report: magic 0x%08x at byte offset 0"
                    + " (expected 0x%08x, \"KZSR\")", magic, MAGIC));
        }
        int versionOffset = in.pos;
        int version = in.u8();
        if (version != VERSION) {
            throw new IOException("unsupported sensor report version " + version + " at byte offset " + versionOffset
                    + " (this reads version " + VERSION + ")");
        }
        String sensor = null;
        Instant from = null;
        Instant to = null;
        PacketCounts counts = null;
        DarknetAccumulator aggregate = null;
        List<TelescopeAlert> alerts = null;
        List<LiveSample> samples = null;
        while (true) {
            int sectionOffset = in.pos;
            int id = in.u8();
            if (id == END) {
                break;
            }
            int length = in.length("section " + id);
            Cursor s = in.slice(length, sectionName(id) + " section");
            switch (id) {
                case HEADER -> {
                    sensor = s.string();
                    from = s.instant();
                    to = s.instant();
                }
                case COUNTS -> counts = new PacketCounts(s.int64(), s.int64(), s.int64(), s.int64());
                case AGGREGATE -> {
                    try {
                        aggregate = DarknetAccumulator.fromBytes(s.rest());
                    } catch (IOException | RuntimeException e) {
                        throw new IOException("corrupt aggregate section at byte offset " + s.start + ": "
                                + e.getMessage(), e);
                    }
                }
                case ALERTS -> alerts = readAlerts(s);
                case SAMPLES -> samples = readSamples(s);
                default -> s.pos = s.end; // a section a later writer added
            }
            if (s.pos != s.end) {
                throw new IOException("corrupt sensor report: " + sectionName(id) + " section at byte offset "
                        + sectionOffset + " has " + (s.end - s.pos) + " unread bytes at byte offset " + s.pos);
            }
            in.pos = s.end;
        }
        if (in.pos != bytes.length) {
            throw new IOException("corrupt sensor report: " + (bytes.length - in.pos)
                    + " trailing bytes at byte offset " + in.pos);
        }
        require(sensor != null, "header", in.pos);
        require(counts != null, "counts", in.pos);
        require(aggregate != null, "aggregate", in.pos);
        return new SensorReport(sensor, from, to, counts, aggregate, alerts == null ? List.of() : alerts,
                samples == null ? List.of() : samples);
    }

    private static void require(boolean present, String section, int offset) throws IOException {
        if (!present) {
            throw new IOException("corrupt sensor report: no " + section + " section (end at byte offset " + offset
                    + ")");
        }
    }

    private static String sectionName(int id) {
        return switch (id) {
            case HEADER -> "header";
            case COUNTS -> "counts";
            case AGGREGATE -> "aggregate";
            case ALERTS -> "alerts";
            case SAMPLES -> "samples";
            default -> "unknown (" + id + ")";
        };
    }

    private static List<TelescopeAlert> readAlerts(Cursor s) throws IOException {
        int count = s.count(1 + 4, "alert");
        List<TelescopeAlert> alerts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kindOffset = s.pos;
            int kind = s.u8();
            int length = s.length("alert");
            Cursor a = s.slice(length, "alert " + (i + 1));
            TelescopeAlert alert = switch (kind) {
                case DOS -> {
                    IpAddress victim = a.address();
                    int protocol = a.u8();
                    List<Integer> ports = a.list(4, "port", Cursor::int32);
                    yield new DosAttack(victim, protocol, ports, a.instant(), a.instant(), a.int64(), a.int64(),
                            a.float64(), a.string(), a.int64());
                }
                case SURGE -> {
                    ProtocolPort port = a.port();
                    Instant start = a.instant();
                    Instant end = a.instant();
                    String metric = a.string();
                    long observed = a.int64();
                    double baseline = a.float64();
                    double factor = a.float64();
                    List<String> countries = a.list(4, "country", Cursor::string);
                    List<IpAddress> sources = a.list(16, "source", Cursor::address);
                    yield new PortSurge(port, start, end, metric, observed, baseline, factor, countries, sources);
                }
                case INFECTED_HOST -> {
                    long organisation = a.int64();
                    String network = a.string();
                    IpAddress host = a.address();
                    Instant start = a.instant();
                    Instant end = a.instant();
                    long packets = a.int64();
                    List<ProtocolPort> ports = a.list(3, "port", Cursor::port);
                    int tagCount = a.count(4, "tag");
                    Set<PacketTag> tags = EnumSet.noneOf(PacketTag.class);
                    for (int t = 0; t < tagCount; t++) {
                        String name = a.string();
                        for (PacketTag tag : PacketTag.values()) {
                            if (tag.name().equals(name)) {
                                tags.add(tag); // tags this version does not know are left out
                            }
                        }
                    }
                    yield new InfectedHost(organisation, network, host, start, end, packets, ports, tags);
                }
                default -> throw new IOException("corrupt sensor report: unknown alert kind " + kind
                        + " at byte offset " + kindOffset);
            };
            if (a.pos != a.end) {
                throw new IOException("corrupt sensor report: alert " + (i + 1) + " at byte offset " + kindOffset
                        + " has " + (a.end - a.pos) + " unread bytes at byte offset " + a.pos);
            }
            s.pos = a.end;
            alerts.add(alert);
        }
        return alerts;
    }

    private static List<LiveSample> readSamples(Cursor s) throws IOException {
        int classCount = s.u8();
        PacketClass[] classes = new PacketClass[classCount];
        for (int c = 0; c < classCount; c++) {
            int offset = s.pos;
            String name = s.string();
            try {
                classes[c] = PacketClass.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt sensor report: unknown packet class \"" + name + "\" at byte offset "
                        + offset);
            }
        }
        int count = s.count(8 + 16 + 4 + 8 + 1 + 2 + 1 + 4, "sample");
        List<LiveSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long time = s.int64();
            IpAddress source = s.address();
            String country = s.string();
            long asn = s.int64();
            int protocol = s.u8();
            int port = s.u16();
            int classOffset = s.pos;
            int packetClass = s.u8();
            if (packetClass >= classes.length) {
                throw new IOException("corrupt sensor report: packet class " + packetClass + " at byte offset "
                        + classOffset + " (" + classes.length + " classes)");
            }
            samples.add(new LiveSample(time, source, country, asn, protocol, port, classes[packetClass], s.int32()));
        }
        return samples;
    }

    /** Reads a byte range, failing with the offset of whatever is missing or wrong. */
    private static final class Cursor {
        final byte[] b;
        final int start;
        final int end;
        final String what;
        int pos;

        Cursor(byte[] b, int start, int end, String what) {
            this.b = b;
            this.start = start;
            this.end = end;
            this.what = what;
            this.pos = start;
        }

        private void need(int n, String field) throws IOException {
            if (end - pos < n) {
                throw new IOException("truncated " + what + ": " + field + " needs " + n + " bytes at byte offset "
                        + pos + ", only " + (end - pos) + " left");
            }
        }

        int u8() throws IOException {
            need(1, "a byte");
            return b[pos++] & 0xff;
        }

        int u16() throws IOException {
            need(2, "a 16-bit number");
            int v = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        int int32() throws IOException {
            need(4, "a 32-bit number");
            int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long int64() throws IOException {
            need(8, "a 64-bit number");
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (b[pos + i] & 0xff);
            }
            pos += 8;
            return v;
        }

        double float64() throws IOException {
            return Double.longBitsToDouble(int64());
        }

        /** A 4-byte length that must fit in what is left. */
        int length(String of) throws IOException {
            int offset = pos;
            int n = int32();
            if (n < 0 || n > end - pos) {
                throw new IOException((n < 0 ? "corrupt " : "truncated ") + what + ": " + of + " of "
                        + Integer.toUnsignedString(n) + " bytes at byte offset " + offset + ", only " + (end - pos)
                        + " left");
            }
            return n;
        }

        /** A 4-byte element count, each element at least {@code minimumSize} bytes. */
        int count(int minimumSize, String element) throws IOException {
            int offset = pos;
            int n = int32();
            if (n < 0 || (long) n * minimumSize > end - pos) {
                throw new IOException((n < 0 ? "corrupt " : "truncated ") + what + ": " + Integer.toUnsignedString(n)
                        + " " + element + "s at byte offset " + offset + " do not fit in the " + (end - pos)
                        + " bytes left");
            }
            return n;
        }

        interface ElementReader<T> {
            T read(Cursor cursor) throws IOException;
        }

        /** A {@link #count} of elements, then the elements. */
        <T> List<T> list(int minimumSize, String element, ElementReader<T> reader) throws IOException {
            int n = count(minimumSize, element);
            List<T> elements = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                elements.add(reader.read(this));
            }
            return elements;
        }

        Cursor slice(int length, String name) {
            Cursor c = new Cursor(b, pos, pos + length, name);
            pos += length;
            return c;
        }

        byte[] rest() {
            byte[] copy = Arrays.copyOfRange(b, pos, end);
            pos = end;
            return copy;
        }

        String string() throws IOException {
            int n = length("string");
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Instant instant() throws IOException {
            int offset = pos;
            long seconds = int64();
            int nanos = int32();
            try {
                if (nanos < 0 || nanos > 999_999_999) {
                    throw new IllegalArgumentException("nanoseconds " + nanos);
                }
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (RuntimeException e) {
                throw new IOException("corrupt " + what + ": time out of range at byte offset " + offset);
            }
        }

        IpAddress address() throws IOException {
            need(16, "an address");
            byte[] sixteen = Arrays.copyOfRange(b, pos, pos + 16);
            pos += 16;
            return IpAddress.fromBytes(sixteen);
        }

        ProtocolPort port() throws IOException {
            return new ProtocolPort(u8(), u16());
        }
    }
}

package org.kizashi.telescope.demo;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.telescope.ProtocolPort;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;

/**
 * A generated darknet capture for demonstrations: 48 hours of what a /24 telescope sees, ending at a given instant,
 * deterministic for a seed. It holds what the telescope's analysis is meant to find:
 *
 * <ul>
 *   <li>background scanning of the usual ports (telnet, SSH, HTTP(S), SMB, RDP, ADB, Huawei and Realtek router
 *       exploits, databases ...) from sources spread over large national address blocks (see {@link #SOURCE_BLOCKS}),
 *       with Mirai, masscan and ZMap fingerprints, UDP probes, ICMP echo requests, stray backscatter, TCP packets of
 *       no class, some packets from unroutable (forged) sources and a few not addressed to the darknet;</li>
 *   <li>three denial-of-service attacks seen as backscatter ({@link #DOS_VICTIMS}): SYN-ACKs or RSTs from the
 *       victim's web port to many darknet addresses for several minutes, above CAIDA corsaro's thresholds;</li>
 *   <li>a surge on 2323/tcp in the last {@link #SURGE_DURATION}: many new Mirai-infected sources, which
 *       one-hour surge detection flags;</li>
 *   <li>a host of the demo organisation ({@link #INFECTED_HOST} in {@link #INFECTED_ORGANISATION_NETWORK}) scanning
 *       23/tcp and 2323/tcp with Mirai's fingerprint in the last hours: a DAEDALUS alert.</li>
 * </ul>
 *
 * <p>All addresses of the telescope and the organisation are documentation space (RFC 5737); the sources are taken
 * from real allocations only so that country lookups spread them over the world map. Packets are written as a classic
 * pcap (Ethernet, microseconds) through {@link PcapWriter} and {@link PacketBuilder}; 200,000 packets (16 MB) take about
 * half a second in a freshly started JVM, a fifth of that once it is warm.
 */
public final class DemoCapture {
    /** The telescope's address space: 192.0.2.0/24 (TEST-NET-1). */
    public static final List<IpPrefix> DARKNET = List.of(IpPrefix.parse("192.0.2.0/24"));
    /** The demo organisation's registered range: 198.51.100.0/24 (TEST-NET-2). */
    public static final IpPrefix INFECTED_ORGANISATION_NETWORK = IpPrefix.parse("198.51.100.0/24");
    /** The demo organisation's host that scans the darknet. */
    public static final IpAddress INFECTED_HOST = IpAddress.parse("198.51.100.23");
    /** The hosts whose backscatter shows a denial-of-service attack, oldest attack first. */
    public static final List<IpAddress> DOS_VICTIMS = List.of(IpAddress.parse("218.76.14.80"),
            IpAddress.parse("73.158.201.12"), IpAddress.parse("95.165.133.41"));
    /** The port that surges at the end of the capture. */
    public static final ProtocolPort SURGE_PORT = ProtocolPort.parse("2323/tcp");
    /** How long before the end the surge starts. */
    public static final Duration SURGE_DURATION = Duration.ofHours(6);
    /** How much time the capture spans, ending at the instant given. */
    public static final Duration SPAN = Duration.ofHours(48);
    /** Packets written by default. */
    public static final int DEFAULT_PACKETS = 200_000;
    /** Fewer packets cannot hold the attacks, the surge and the background together. */
    public static final int MINIMUM_PACKETS = 10_000;
    public static final long DEFAULT_SEED = 0x4b697a617368694cL; // "KizashiL"

    /**
     * Where sources come from: large, long-standing allocations of national operators (country code, prefix). Only
     * used as source addresses inside the generated file.
     */
    public static final List<SourceBlock> SOURCE_BLOCKS = List.of(
            new SourceBlock("CN", "218.92.0.0/16"),
            new SourceBlock("CN", "61.177.0.0/16"),
            new SourceBlock("CN", "112.80.0.0/13"),
            new SourceBlock("US", "73.0.0.0/8"),
            new SourceBlock("US", "24.0.0.0/12"),
            new SourceBlock("BR", "177.0.0.0/10"),
            new SourceBlock("BR", "187.0.0.0/12"),
            new SourceBlock("RU", "95.24.0.0/13"),
            new SourceBlock("RU", "95.165.0.0/16"),
            new SourceBlock("VN", "113.160.0.0/11"),
            new SourceBlock("VN", "14.160.0.0/11"),
            new SourceBlock("IN", "117.192.0.0/10"),
            new SourceBlock("KR", "121.128.0.0/10"),
            new SourceBlock("TW", "114.32.0.0/12"),
            new SourceBlock("TW", "36.224.0.0/12"),
            new SourceBlock("JP", "126.0.0.0/8"),
            new SourceBlock("DE", "91.0.0.0/10"),
            new SourceBlock("FR", "90.0.0.0/9"),
            new SourceBlock("GB", "86.128.0.0/10"),
            new SourceBlock("TR", "78.160.0.0/11"),
            new SourceBlock("ID", "36.64.0.0/11"),
            new SourceBlock("TH", "171.96.0.0/13"),
            new SourceBlock("EG", "41.32.0.0/12"),
            new SourceBlock("PL", "83.0.0.0/11"),
            new SourceBlock("ES", "83.32.0.0/11"));

    /** Sources of the surge: mostly the countries where Mirai-style botnets grew. */
    private static final int[] SURGE_BLOCKS = {9, 10, 5, 6, 0, 1, 2, 11, 12, 14};

    /** A country's address block. */
    public record SourceBlock(String country, IpPrefix prefix) {
        public SourceBlock(String country, String prefix) {
            this(country, IpPrefix.parse(prefix));
        }

        public SourceBlock {
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    // Scanned TCP ports and their weights (per mille of background scans).
    private static final int[] SCAN_PORTS = {23, 2323, 22, 80, 443, 445, 3389, 5555, 8080, 37215, 52869, 1433, 3306,
            6379, 8443, 81, 5900, 21, 25, 8291, 7547, 9200, 2375, 8888, 60001};
    private static final int[] SCAN_WEIGHTS = {150, 15, 130, 100, 80, 100, 80, 40, 60, 30, 20, 30, 30, 20, 30, 20, 30,
            20, 20, 15, 20, 10, 10, 10, 10};
    private static final int[] UDP_PORTS = {53, 123, 161, 1900, 5060, 11211, 137, 3702, 19, 389};
    private static final int[] UDP_PAYLOADS = {29, 48, 40, 94, 120, 15, 50, 60, 1, 60};

    // Event kinds, in the order their ids are numbered.
    private static final int DOS_A = 0;
    private static final int DOS_B = 1;
    private static final int DOS_C = 2;
    private static final int SURGE = 3;
    private static final int INFECTED = 4;
    private static final int BACKGROUND = 5;

    /** Attacks: start (hours before the end), minutes, packets per minute at the default size, victim port. */
    private static final double[] DOS_START_HOURS = {30.25, 9.5, 2.2};
    private static final int[] DOS_MINUTES = {12, 25, 8};
    private static final int[] DOS_PER_MINUTE = {150, 60, 90};
    private static final int[] DOS_PORT = {80, 443, 443};

    private static final long ID_BITS = 24;
    private static final long HOUR_MICROS = 3_600_000_000L;

    private final long seed;
    private final long startMicros;
    private final long spanMicros;
    /** First event id of each kind, and one past the last. */
    private final int[] firstId = new int[BACKGROUND + 2];
    private final String[] darknetHosts = new String[256];
    private final String[] scannerPool;
    private final String[] surgePool;

    private DemoCapture(Instant end, int packets, long seed) {
        this.seed = seed;
        this.spanMicros = SPAN.toNanos() / 1000;
        this.startMicros = Math.multiplyExact(end.getEpochSecond(), 1_000_000L) + end.getNano() / 1000 - spanMicros;
        double scale = packets / (double) DEFAULT_PACKETS;
        int[] counts = new int[BACKGROUND + 1];
        for (int a = DOS_A; a <= DOS_C; a++) {
            counts[a] = DOS_MINUTES[a] * (int) Math.max(45, Math.round(DOS_PER_MINUTE[a] * scale));
        }
        counts[SURGE] = (int) Math.max(400, Math.round(0.03 * packets));
        counts[INFECTED] = (int) Math.max(60, Math.round(0.003 * packets));
        int fixed = 0;
        for (int k = 0; k < BACKGROUND; k++) {
            fixed += counts[k];
        }
        counts[BACKGROUND] = packets - fixed;
        for (int k = 0; k <= BACKGROUND; k++) {
            firstId[k + 1] = firstId[k] + counts[k];
        }
        for (int h = 0; h < 256; h++) {
            darknetHosts[h] = "192.0.2." + h;
        }
        SplittableRandom r = new SplittableRandom(seed);
        scannerPool = new String[Math.max(500, packets / 40)];
        for (int i = 0; i < scannerPool.length; i++) {
            scannerPool[i] = address(SOURCE_BLOCKS.get(r.nextInt(SOURCE_BLOCKS.size())), r);
        }
        surgePool = new String[Math.max(300, packets / 100)];
        for (int i = 0; i < surgePool.length; i++) {
            surgePool[i] = address(SOURCE_BLOCKS.get(SURGE_BLOCKS[r.nextInt(SURGE_BLOCKS.length)]), r);
        }
    }

    /** Writes {@link #DEFAULT_PACKETS} packets ending at {@code end}, with the default seed. */
    public static void write(Path file, Instant end) throws IOException {
        write(file, end, DEFAULT_PACKETS);
    }

    /** Writes {@code packets} packets ending at {@code end} (exclusive), with the default seed. */
    public static void write(Path file, Instant end, int packets) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, end, packets, DEFAULT_SEED);
        }
    }

    /**
     * Writes the capture to {@code out} (left open): {@code packets} packets in the {@link #SPAN} before {@code end},
     * in time order. The same arguments write the same bytes.
     *
     * @throws IllegalArgumentException when {@code packets} is below {@link #MINIMUM_PACKETS} or above 16 million
     */
    public static void write(OutputStream out, Instant end, int packets, long seed) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(end, "end");
        if (packets < MINIMUM_PACKETS || packets >= 1 << ID_BITS) {
            throw new IllegalArgumentException("a demo capture has " + MINIMUM_PACKETS + " to " + ((1 << ID_BITS) - 1)
                    + " packets, not " + packets);
        }
        new DemoCapture(end, packets, seed).writeTo(out);
    }

    private void writeTo(OutputStream out) throws IOException {
        int total = firstId[BACKGROUND + 1];
        long[] events = new long[total];
        for (int id = 0; id < total; id++) {
            events[id] = (time(id) << ID_BITS) | id;
        }
        Arrays.sort(events);
        OutputStream unclosed = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller's stream stays open
            }
        };
        try (PcapWriter writer = PcapWriter.open(unclosed, LinkType.ETHERNET)) {
            for (long event : events) {
                int id = (int) (event & ((1L << ID_BITS) - 1));
                long micros = startMicros + (event >>> ID_BITS);
                writer.write(micros * 1000, frame(id, micros));
            }
        }
    }

    private int kind(int id) {
        int k = 0;
        while (id >= firstId[k + 1]) {
            k++;
        }
        return k;
    }

    /** The random numbers of one event: stream 0 for its time, 1 for its packet. */
    private SplittableRandom random(int id, int stream) {
        long z = seed + ((long) id * 2 + stream + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /** The event's time in microseconds after the start of the capture. */
    private long time(int id) {
        SplittableRandom r = random(id, 0);
        int kind = kind(id);
        long t = switch (kind) {
            case DOS_A, DOS_B, DOS_C -> {
                long start = spanMicros - (long) (DOS_START_HOURS[kind] * HOUR_MICROS);
                yield start + r.nextLong(DOS_MINUTES[kind] * 60_000_000L);
            }
            case SURGE -> {
                // Growing: more of it in the later hours, as a botnet's recruits multiply.
                double u = Math.sqrt(r.nextDouble());
                yield spanMicros - SURGE_DURATION.toNanos() / 1000 + (long) (u * (SURGE_DURATION.toNanos() / 1000));
            }
            case INFECTED -> spanMicros - 3 * HOUR_MICROS + r.nextLong(3 * HOUR_MICROS - 5 * 60_000_000L);
            default -> {
                // A mild daily rhythm: rejection sampling against 1 + 0.3 sin(2 pi t / 24 h).
                long candidate;
                do {
                    candidate = r.nextLong(spanMicros);
                } while (r.nextDouble() * 1.3 > 1 + 0.3 * Math.sin(2 * Math.PI * candidate / (24.0 * HOUR_MICROS)));
                yield candidate;
            }
        };
        return Math.min(Math.max(t, 0), spanMicros - 1);
    }

    private byte[] frame(int id, long micros) {
        SplittableRandom r = random(id, 1);
        int kind = kind(id);
        return switch (kind) {
            case DOS_A, DOS_B, DOS_C -> backscatter(DOS_VICTIMS.get(kind).toString(), DOS_PORT[kind], kind == DOS_C, r);
            case SURGE -> mirai(surgePool[(int) (surgePool.length * Math.pow(r.nextDouble(), 1.5))],
                    SURGE_PORT.port(), r);
            case INFECTED -> mirai(INFECTED_HOST.toString(), r.nextInt(10) < 8 ? 23 : 2323, r);
            default -> background(r);
        };
    }

    private byte[] background(SplittableRandom r) {
        int what = r.nextInt(1000);
        String source = scannerPool[(int) (scannerPool.length * Math.pow(r.nextDouble(), 2.5))];
        if (what < 420) { // SYN scans of the usual ports
            int port = weighted(SCAN_PORTS, SCAN_WEIGHTS, r);
            PacketBuilder b = PacketBuilder.tcp().src(source, 1024 + r.nextInt(64_000)).dst(darknet(r), port).syn()
                    .seq(r.nextLong(1L << 32)).ipId(r.nextInt(65536)).ttl(r.nextBoolean() ? 49 : 113)
                    .window(r.nextBoolean() ? 65535 : 29200);
            if (r.nextInt(3) == 0) {
                b.tcpOptions((byte) 2, (byte) 4, (byte) 0x05, (byte) 0xb4); // MSS 1460
            }
            return b.ethernet();
        }
        if (what < 570) { // Mirai and its descendants
            return mirai(source, r.nextInt(100) < 95 ? 23 : 2323, r);
        }
        if (what < 650) { // masscan: IP id from destination, port and sequence number
            int host = r.nextInt(256);
            long destination = (192L << 24) | (2 << 8) | host;
            int port = weighted(SCAN_PORTS, SCAN_WEIGHTS, r);
            long sequence = r.nextLong(1L << 32);
            int ipId = (int) ((destination ^ port ^ sequence) & 0xffff);
            return PacketBuilder.tcp().src(source, 61000).dst(darknetHosts[host], port).syn().seq(sequence)
                    .ipId(ipId).ttl(52).window(1024).ethernet();
        }
        if (what < 710) { // ZMap: IP id 54321
            int port = r.nextInt(4) == 0 ? 443 : weighted(SCAN_PORTS, SCAN_WEIGHTS, r);
            return PacketBuilder.tcp().src(source, 32768 + r.nextInt(28000)).dst(darknet(r), port).syn()
                    .seq(r.nextLong(1L << 32)).ipId(54321).ttl(54).window(65535).ethernet();
        }
        if (what < 800) { // UDP probes
            int i = r.nextInt(UDP_PORTS.length);
            return PacketBuilder.udp().src(source, 1024 + r.nextInt(64_000)).dst(darknet(r), UDP_PORTS[i])
                    .payload(UDP_PAYLOADS[i]).ipId(r.nextInt(65536)).ttl(47).ethernet();
        }
        if (what < 860) { // ICMP echo requests
            return PacketBuilder.icmp(8, 0).src(source).dst(darknet(r))
                    .icmpRest(r.nextInt(65536) << 16 | r.nextInt(64)).payload(r.nextBoolean() ? 32 : 56)
                    .ipId(r.nextInt(65536)).ttl(r.nextBoolean() ? 52 : 116).ethernet();
        }
        if (what < 930) { // stray backscatter: answers to forged packets, a few per victim
            String victim = address(SOURCE_BLOCKS.get(r.nextInt(SOURCE_BLOCKS.size())), r);
            return switch (r.nextInt(3)) {
                case 0 -> PacketBuilder.tcp().src(victim, r.nextBoolean() ? 80 : 443).dst(darknet(r),
                        1024 + r.nextInt(64_000)).synAck().seq(r.nextLong(1L << 32)).ack(r.nextLong(1L << 32))
                        .ttl(57).ethernet();
                case 1 -> PacketBuilder.tcp().src(victim, 22).dst(darknet(r), 1024 + r.nextInt(64_000)).rst()
                        .ttl(57).ethernet();
                default -> {
                    String darknetAddress = darknet(r);
                    yield PacketBuilder.icmp(3, 3).src(address(SOURCE_BLOCKS.get(r.nextInt(SOURCE_BLOCKS.size())), r))
                            .dst(darknetAddress).quote(PacketBuilder.udp().src(darknetAddress, 1024 + r.nextInt(64_000))
                                    .dst(victim, 53).payload(12)).quoteLength(28).ttl(240).ethernet();
                }
            };
        }
        if (what < 965) { // TCP of no class: ACK and FIN scans
            PacketBuilder b = PacketBuilder.tcp().src(source, 1024 + r.nextInt(64_000))
                    .dst(darknet(r), weighted(SCAN_PORTS, SCAN_WEIGHTS, r)).ttl(50);
            return (r.nextBoolean() ? b.ack(r.nextLong(1L << 32)) : b.fin()).ethernet();
        }
        if (what < 990) { // forged sources: private and unallocated space, TTL 255
            String forged = r.nextBoolean() ? "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254))
                    : "192.168." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            return PacketBuilder.tcp().src(forged, 1024 + r.nextInt(64_000)).dst(darknet(r), 80).syn()
                    .seq(r.nextLong(1L << 32)).ttl(255).ethernet();
        }
        // Not for the darknet: the link also carries a little of the operator's own traffic.
        return PacketBuilder.udp().src("192.0.2.1", 123).dst("203.0.113." + (1 + r.nextInt(254)), 123).payload(48)
                .ethernet();
    }

    /** Mirai's SYN: the sequence number is the destination address. */
    private byte[] mirai(String source, int port, SplittableRandom r) {
        int host = r.nextInt(256);
        long destination = (192L << 24) | (2 << 8) | host;
        return PacketBuilder.tcp().src(source, 1024 + r.nextInt(64_000)).dst(darknetHosts[host], port).syn()
                .seq(destination).ipId(r.nextInt(65536)).ttl(64 - r.nextInt(20)).window(r.nextInt(65535) + 1)
                .ethernet();
    }

    /** The victim's answer to a SYN whose forged source lay in the darknet. */
    private byte[] backscatter(String victim, int port, boolean reset, SplittableRandom r) {
        PacketBuilder b = PacketBuilder.tcp().src(victim, port).dst(darknet(r), 1024 + r.nextInt(64_000))
                .ack(r.nextLong(1L << 32)).ttl(54).ipId(r.nextInt(65536));
        return (reset ? b.rst() : b.synAck().seq(r.nextLong(1L << 32))).ethernet();
    }

    private String darknet(SplittableRandom r) {
        return darknetHosts[r.nextInt(256)];
    }

    private static int weighted(int[] values, int[] weights, SplittableRandom r) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int x = r.nextInt(sum);
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** A host address in the block, not ending in .0 or .255. */
    private static String address(SourceBlock block, SplittableRandom r) {
        IpPrefix p = block.prefix();
        long first = p.first().low() & 0xffff_ffffL;
        long size = 1L << (32 - p.length());
        long a;
        do {
            a = first + r.nextLong(size);
        } while ((a & 0xff) == 0 || (a & 0xff) == 255);
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}

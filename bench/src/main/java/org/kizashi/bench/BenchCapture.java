package org.kizashi.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;
import org.kizashi.telescope.capture.LinkType;
import org.kizashi.telescope.capture.PacketBuilder;
import org.kizashi.telescope.capture.PcapWriter;

/**
 * Writes a realistic, deterministic darknet capture for benchmarks: classic pcap, Ethernet, ten million packets by
 * default over one day (2024-03-10 UTC) at increasing times, into the darknet {@value #DARKNET_V4} (RFC 2544
 * benchmarking space) and {@value #DARKNET_V6} (documentation space). The mix, by packets:
 * <ul>
 *   <li>about 89 % scans from a heavy-tailed (Zipf, exponent 0.9) population of 4 million IPv4 sources, so that some
 *       2 million distinct sources appear and the busiest one sends 2 % of all packets. Each source has one behaviour:
 *       Mirai and its variants (TCP SYN with sequence number = destination address, to 23, 2323, 37215, 52869; half of
 *       the sources), ordinary SYN scanners with Linux-like options (mostly one favourite port from a list of 3,000
 *       Zipf-popular ports), masscan (IP id = destination ^ port ^ sequence, window 1024) and ZMap (IP id 54321), UDP
 *       probes (DNS, NTP, SNMP, SSDP, SIP, memcached, ...), ICMP echo requests. Two heavy scanners sweep all 65,536
 *       ports;</li>
 *   <li>about 5 % backscatter of 24 DoS attacks (5 minutes to 3 hours each): SYN-ACK and RST from the victims' web or
 *       DNS ports to random darknet ports, and ICMP port unreachable quoting the spoofed UDP packet;</li>
 *   <li>2 % IPv6 (TCP SYN, ICMPv6 echo) from 20,000 sources; 0.5 % IPv4 to addresses outside the darknet; 0.05 %
 *       ARP.</li>
 * </ul>
 * Checksums are valid. Ten million packets take about 780 MB and a few seconds to write.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.kizashi.bench.BenchCapture [--packets N] [--population N]
 *      [--zipf S] [--seed N] [--force] FILE
 * </pre>
 */
public final class BenchCapture {
    public static final String DARKNET_V4 = "198.18.0.0/15";
    public static final String DARKNET_V6 = "2001:db8:4b00::/48";
    /** Where {@code bench/run.sh} and the benchmarks keep the capture (relative to the project root). */
    public static final Path DEFAULT_FILE = Path.of("bench", "target", "capture", "bench-10m.pcap");
    /** System property naming the capture the benchmarks read. */
    public static final String FILE_PROPERTY = "kizashi.bench.capture";

    static final int DARKNET_V4_BASE = 0xC612_0000; // 198.18.0.0
    static final int DARKNET_V4_SIZE = 1 << 17;
    static final long DARKNET_V6_HIGH = 0x2001_0db8_4b00_0000L;

    private BenchCapture() {
    }

    /**
     * What to generate.
     *
     * @param packets     frames to write
     * @param population  IPv4 scanning sources to draw from (about half appear with the defaults)
     * @param zipf        exponent of the source popularity (0 &lt; s &lt; 1 here: heavy head, long tail)
     * @param seed        the same seed gives the same bytes
     * @param startMicros time of the first packet
     * @param spanMicros  time the packets spread over
     */
    public record Settings(long packets, int population, double zipf, long seed, long startMicros, long spanMicros) {
        public Settings {
            if (packets < 1 || packets > 100_000_000L) {
                throw new IllegalArgumentException("packets must be in [1, 100,000,000]: " + packets);
            }
            if (population < 100) {
                throw new IllegalArgumentException("population must be at least 100: " + population);
            }
            if (!(zipf > 0 && zipf < 1)) {
                throw new IllegalArgumentException("zipf exponent must be in (0, 1): " + zipf);
            }
            if (spanMicros < packets) {
                throw new IllegalArgumentException("span must allow a microsecond per packet");
            }
        }

        public static Settings defaults() {
            Instant start = Instant.parse("2024-03-10T00:00:00Z");
            return new Settings(10_000_000L, 4_000_000, 0.9, 0x4B5A_2024L, start.getEpochSecond() * 1_000_000L,
                    86_400_000_000L);
        }

        public Settings withPackets(long n) {
            return new Settings(n, population, zipf, seed, startMicros, spanMicros);
        }

        public Settings withPopulation(int n) {
            return new Settings(packets, n, zipf, seed, startMicros, spanMicros);
        }

        public Settings withZipf(double s) {
            return new Settings(packets, population, s, seed, startMicros, spanMicros);
        }

        public Settings withSeed(long s) {
            return new Settings(packets, population, zipf, s, startMicros, spanMicros);
        }
    }

    /** What was written. */
    public record Result(long packets, long fileBytes, long distinctSources, long[] byKind, double seconds) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "%,d packets, %,d bytes, %,d distinct sources, written in %.1f s%n", packets, fileBytes,
                    distinctSources, seconds));
            for (Kind kind : Kind.values()) {
                sb.append(String.format(Locale.ROOT, "  %-20s %,12d  %5.2f %%%n", kind.name().toLowerCase(Locale.ROOT),
                        byKind[kind.ordinal()], 100.0 * byKind[kind.ordinal()] / packets));
            }
            return sb.toString();
        }
    }

    /** Kinds of packet written. */
    public enum Kind {
        MIRAI, SYN_SCAN, MASSCAN, ZMAP, UDP_PROBE, ICMP_ECHO, BACKSCATTER_SYN_ACK, BACKSCATTER_RST,
        BACKSCATTER_ICMP, IPV6_SYN, IPV6_ECHO, NOT_DARKNET, ARP
    }

    public static void main(String[] args) throws IOException {
        Settings settings = Settings.defaults();
        boolean force = false;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--packets" -> settings = settings.withPackets(Long.parseLong(args[++i].replace("_", "")));
                case "--population" -> settings = settings.withPopulation(Integer.parseInt(args[++i].replace("_", "")));
                case "--zipf" -> settings = settings.withZipf(Double.parseDouble(args[++i]));
                case "--seed" -> settings = settings.withSeed(Long.decode(args[++i]));
                case "--force" -> force = true;
                case "-h", "--help" -> {
                    System.out.println("usage: BenchCapture [--packets N] [--population N] [--zipf S] [--seed N] "
                            + "[--force] FILE");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-") || file != null) {
                        System.err.println("unknown argument " + args[i] + " (try --help)");
                        System.exit(2);
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) {
            file = DEFAULT_FILE;
        }
        if (!force && Files.isRegularFile(file)) {
            System.out.println(file + " exists (use --force to write it again)");
            return;
        }
        System.out.print(write(file, settings));
    }

    /** The capture the benchmarks read: {@value #FILE_PROPERTY}, else {@link #DEFAULT_FILE}; written when absent. */
    public static Path benchmarkCapture() {
        String property = System.getProperty(FILE_PROPERTY, "");
        Path file = property.isEmpty() ? DEFAULT_FILE : Path.of(property);
        try {
            if (!Files.isRegularFile(file)) {
                System.out.println("writing the benchmark capture " + file.toAbsolutePath() + " ...");
                System.out.print(write(file, Settings.defaults()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes the capture (to a temporary file first, so that an interrupted run leaves no partial capture). */
    public static Result write(Path file, Settings settings) throws IOException {
        long started = System.nanoTime();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        Traffic traffic = new Traffic(settings);
        byte[] frame = new byte[256];
        try {
            try (PcapWriter writer = PcapWriter.options().linkType(LinkType.ETHERNET).snapLength(65_535).open(partial)) {
                for (long i = 0; i < settings.packets(); i++) {
                    int length = traffic.next(i, frame);
                    writer.write(traffic.timeMicros * 1_000L, frame, 0, length, length);
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return new Result(settings.packets(), Files.size(file), traffic.distinctSources(), traffic.byKind.clone(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The traffic model: one call of {@link #next} per frame. Deterministic for a seed. */
    static final class Traffic {
        private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
        private static final int HEAVY_SCANNERS = 48;
        private static final int V6_POOL = 20_000;
        private static final int PORTS = 3_000;
        private static final int[] WELL_KNOWN = {23, 22, 80, 443, 445, 3389, 8080, 2323, 5555, 1433, 3306, 6379, 8443,
            81, 8081, 2222, 5900, 21, 25, 110, 143, 993, 995, 139, 135, 1723, 8888, 9200, 27017, 7547, 37215, 52869,
            60001, 5432, 9000, 8000, 8001, 8088, 10000, 6443, 2375, 2376, 5000, 5001, 88, 111, 3000, 4443, 4567,
            49152, 8291, 8728, 9090, 9100, 9443, 50000, 7001, 9001, 1080, 3128, 8181, 873, 2049, 5985, 5986, 6000,
            11211, 1521, 5601, 15672, 8983, 9042, 7474, 10250, 2379, 502, 102, 20000, 47808, 1911, 4911, 44818};
        /** UDP services probed: port, payload length, relative weight. */
        private static final int[][] UDP_SERVICES = {{53, 29, 30}, {123, 48, 15}, {161, 43, 10}, {1900, 94, 10},
            {5060, 180, 8}, {11211, 15, 5}, {137, 50, 6}, {389, 51, 4}, {19, 1, 2}, {3702, 150, 3}, {5353, 46, 3},
            {500, 72, 4}, {10001, 4, 2}, {69, 20, 1}, {1434, 1, 2}};
        private static final int ATTACKS = 24;

        private final Settings settings;
        private final SplittableRandom random;
        private final long step;
        private final double sourceTop;
        private final double sourceInverse;
        private final double portTop;
        private final double portInverse;
        private final int[] popularPorts;
        private final int[] udpByWeight;
        private final long[] attackStart;
        private final long[] attackEnd;
        private final int[] attackVictim;
        private final int[] attackPort;
        private final int[] attackWeight;
        private final BitSet seenSources;
        private final BitSet seenV6;
        private final BitSet seenVictims = new BitSet(ATTACKS);

        // templates
        private final byte[] synPlain;
        private final byte[] synOptions;
        private final byte[] synAck;
        private final byte[] rstAck;
        private final byte[][] udp;
        private final byte[] echo;
        private final byte[] unreachable;
        private final byte[] v6Syn;
        private final byte[] v6Echo;
        private final byte[] arp;

        final long[] byKind = new long[Kind.values().length];
        long timeMicros;
        private int lastKind;

        Traffic(Settings settings) {
            this.settings = settings;
            this.random = new SplittableRandom(settings.seed());
            this.step = settings.spanMicros() / settings.packets();
            double e = 1 - settings.zipf();
            this.sourceTop = Math.pow(settings.population() + 1.0, e) - 1;
            this.sourceInverse = 1 / e;
            double portExponent = 1 - 1.1;
            this.portTop = Math.pow(PORTS + 1.0, portExponent) - 1;
            this.portInverse = 1 / portExponent;
            this.seenSources = new BitSet(settings.population() + 1);
            this.seenV6 = new BitSet(V6_POOL + 1);

            SplittableRandom setup = new SplittableRandom(settings.seed() ^ 0x5EED);
            popularPorts = new int[PORTS];
            BitSet used = new BitSet(65_536);
            int n = 0;
            for (int port : WELL_KNOWN) {
                if (!used.get(port)) {
                    used.set(port);
                    popularPorts[n++] = port;
                }
            }
            while (n < PORTS) {
                int port = 1 + setup.nextInt(65_535);
                if (!used.get(port)) {
                    used.set(port);
                    popularPorts[n++] = port;
                }
            }
            int totalWeight = 0;
            for (int[] service : UDP_SERVICES) {
                totalWeight += service[2];
            }
            udpByWeight = new int[totalWeight];
            for (int s = 0, k = 0; s < UDP_SERVICES.length; s++) {
                for (int w = 0; w < UDP_SERVICES[s][2]; w++) {
                    udpByWeight[k++] = s;
                }
            }
            attackStart = new long[ATTACKS];
            attackEnd = new long[ATTACKS];
            attackVictim = new int[ATTACKS];
            attackPort = new int[ATTACKS];
            attackWeight = new int[ATTACKS];
            long span = settings.spanMicros();
            for (int a = 0; a < ATTACKS; a++) {
                long duration = (5 + (long) (175 * Math.pow(setup.nextDouble(), 2))) * 60_000_000L;
                duration = Math.min(duration, span / 2);
                attackStart[a] = settings.startMicros() + setup.nextLong(Math.max(1, span - duration));
                attackEnd[a] = attackStart[a] + duration;
                attackVictim[a] = routable((int) mix(0xD05L + a * GOLDEN ^ settings.seed()));
                attackPort[a] = a % 6 == 5 ? 53 : a % 3 == 0 ? 80 : 443;
                attackWeight[a] = 1 + setup.nextInt(20);
            }

            byte[] tcpOptions = {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
            synPlain = PacketBuilder.tcp().syn().ethernet();
            synOptions = PacketBuilder.tcp().syn().tcpOptions(tcpOptions).dontFragment().ethernet();
            synAck = PacketBuilder.tcp().synAck().tcpOptions((byte) 2, (byte) 4, (byte) 0x05, (byte) 0xb4)
                    .dontFragment().ethernet();
            rstAck = PacketBuilder.tcp().rst().ack().window(0).dontFragment().ethernet();
            udp = new byte[UDP_SERVICES.length][];
            for (int s = 0; s < UDP_SERVICES.length; s++) {
                udp[s] = PacketBuilder.udp().dstPort(UDP_SERVICES[s][0]).payload(UDP_SERVICES[s][1]).ethernet();
            }
            echo = PacketBuilder.icmp(8, 0).payload(56).ethernet();
            unreachable = PacketBuilder.icmp(3, 3).quote(PacketBuilder.udp().payload(40)).quoteLength(28).ethernet();
            v6Syn = PacketBuilder.tcp().src("2001:db8::1", 40_000).dst("2001:db8:4b00::1", 80).syn()
                    .tcpOptions(tcpOptions).ethernet();
            v6Echo = PacketBuilder.icmpv6(128, 0).src("2001:db8::1").dst("2001:db8:4b00::1").payload(56).ethernet();
            byte[] request = new byte[28];
            Frames.put16(request, 0, 1); // Ethernet
            Frames.put16(request, 2, 0x0800);
            request[4] = 6;
            request[5] = 4;
            Frames.put16(request, 6, 1); // who-has
            arp = PacketBuilder.ethernetFrame(0x0806, request);
        }

        long distinctSources() {
            return seenSources.cardinality() + seenV6.cardinality() + seenVictims.cardinality();
        }

        /** Writes frame {@code index} into {@code out}, sets {@link #timeMicros}, returns the frame's length. */
        int next(long index, byte[] out) {
            SplittableRandom r = random;
            timeMicros = settings.startMicros() + index * settings.spanMicros() / settings.packets()
                    + (step > 1 ? r.nextLong(step) : 0);
            int u = r.nextInt(10_000);
            if (u < 5) {
                return arp(out);
            }
            if (u < 55) {
                int length = scanner(out, 0xCB00_7100 | r.nextInt(256)); // 203.0.113.0/24: not ours
                byKind[lastKind]--;
                return count(Kind.NOT_DARKNET, length);
            }
            if (u < 255) {
                return ipv6(out);
            }
            if (u < 1_255) { // attacks overlap about half of the day
                int length = backscatter(out);
                if (length > 0) {
                    return length;
                }
            }
            return scanner(out, DARKNET_V4_BASE | r.nextInt(DARKNET_V4_SIZE));
        }

        private int count(Kind kind, int length) {
            lastKind = kind.ordinal();
            byKind[lastKind]++;
            return length;
        }

        private int rank(double top, double inverse, int max) {
            int rank = (int) Math.pow(1 + random.nextDouble() * top, inverse);
            return Math.max(1, Math.min(max, rank));
        }

        private int popularPort() {
            return popularPorts[rank(portTop, portInverse, PORTS) - 1];
        }

        private int scanner(byte[] out, int destination) {
            SplittableRandom r = random;
            int rank = rank(sourceTop, sourceInverse, settings.population());
            seenSources.set(rank);
            long h = mix(rank * GOLDEN ^ settings.seed());
            int source = routable((int) h);
            int hops = 6 + (int) ((h >>> 32) & 15);
            int behaviour;
            if (rank <= HEAVY_SCANNERS) {
                behaviour = rank % 3 == 0 ? 3 : rank % 3 == 1 ? 2 : 1;
            } else {
                int b = (int) ((h >>> 40) % 100);
                behaviour = b < 50 ? 0 : b < 68 ? 1 : b < 80 ? 4 : b < 88 ? 5 : b < 94 ? 2 : 3;
            }
            switch (behaviour) {
                case 0 -> { // Mirai: sequence number = destination address
                    int variant = (int) ((h >>> 8) % 20);
                    int port = variant < 14 ? (r.nextInt(10) == 0 ? 2323 : 23)
                            : variant < 17 ? 37215 : variant < 19 ? 52869 : 8080;
                    System.arraycopy(synPlain, 0, out, 0, synPlain.length);
                    Frames.ipv4(out, source, destination, r.nextInt(65_536), 64 - hops);
                    Frames.tcp(out, Frames.V4_TRANSPORT, 1_024 + r.nextInt(64_511), port, destination, 0,
                            r.nextInt(65_536));
                    Frames.transportChecksum(out, Frames.V4_TRANSPORT, 16);
                    return count(Kind.MIRAI, synPlain.length);
                }
                case 1 -> { // a SYN scanner with a Linux-like stack, mostly one favourite port
                    int port;
                    if ((rank == 3 || rank == 7) && r.nextBoolean()) {
                        port = 1 + r.nextInt(65_535); // full port sweep
                    } else if (rank > HEAVY_SCANNERS && r.nextInt(4) != 0) {
                        port = popularPorts[(int) Math.min(PORTS - 1,
                                Math.pow(1 + unit(h >>> 11) * portTop, portInverse) - 1)];
                    } else {
                        port = popularPort();
                    }
                    System.arraycopy(synOptions, 0, out, 0, synOptions.length);
                    Frames.ipv4(out, source, destination, r.nextInt(65_536), ((h & 1) == 0 ? 64 : 128) - hops);
                    Frames.tcp(out, Frames.V4_TRANSPORT, 32_768 + r.nextInt(28_232), port, r.nextInt(), 0, 64_240);
                    Frames.transportChecksum(out, Frames.V4_TRANSPORT, 16);
                    return count(Kind.SYN_SCAN, synOptions.length);
                }
                case 2 -> { // masscan: IP id = destination ^ port ^ sequence
                    int port = popularPort();
                    int sequence = r.nextInt();
                    System.arraycopy(synPlain, 0, out, 0, synPlain.length);
                    Frames.ipv4(out, source, destination, (destination ^ port ^ sequence) & 0xffff, 255 - hops);
                    Frames.tcp(out, Frames.V4_TRANSPORT, 40_000 + (int) ((h >>> 20) & 0x3fff), port, sequence, 0,
                            1_024);
                    Frames.transportChecksum(out, Frames.V4_TRANSPORT, 16);
                    return count(Kind.MASSCAN, synPlain.length);
                }
                case 3 -> { // ZMap: IP id 54321
                    int port = rank <= HEAVY_SCANNERS ? popularPort() : popularPorts[(int) ((h >>> 24) % 40)];
                    System.arraycopy(synPlain, 0, out, 0, synPlain.length);
                    Frames.ipv4(out, source, destination, 54_321, 255 - hops);
                    Frames.tcp(out, Frames.V4_TRANSPORT, 32_768 + r.nextInt(28_232), port, r.nextInt(), 0, 65_535);
                    Frames.transportChecksum(out, Frames.V4_TRANSPORT, 16);
                    return count(Kind.ZMAP, synPlain.length);
                }
                case 4 -> { // UDP probes, mostly of one service per source
                    int service = r.nextInt(5) == 0 ? udpByWeight[r.nextInt(udpByWeight.length)]
                            : udpByWeight[(int) ((h >>> 16) % udpByWeight.length)];
                    byte[] template = udp[service];
                    System.arraycopy(template, 0, out, 0, template.length);
                    Frames.ipv4(out, source, destination, r.nextInt(65_536), ((h & 1) == 0 ? 64 : 128) - hops);
                    Frames.ports(out, Frames.V4_TRANSPORT, 1_024 + r.nextInt(64_511), UDP_SERVICES[service][0]);
                    Frames.transportChecksum(out, Frames.V4_TRANSPORT, 6);
                    return count(Kind.UDP_PROBE, template.length);
                }
                default -> { // ping sweeps
                    System.arraycopy(echo, 0, out, 0, echo.length);
                    Frames.ipv4(out, source, destination, r.nextInt(65_536), ((h & 1) == 0 ? 64 : 128) - hops);
                    Frames.put16(out, Frames.V4_TRANSPORT + 4, (int) (h >>> 48));
                    Frames.put16(out, Frames.V4_TRANSPORT + 6, r.nextInt(65_536));
                    Frames.icmpChecksum(out, Frames.V4_TRANSPORT);
                    return count(Kind.ICMP_ECHO, echo.length);
                }
            }
        }

        /** Backscatter of the DoS attacks going on now; 0 when none is. */
        private int backscatter(byte[] out) {
            SplittableRandom r = random;
            int total = 0;
            for (int a = 0; a < ATTACKS; a++) {
                if (attackStart[a] <= timeMicros && timeMicros < attackEnd[a]) {
                    total += attackWeight[a];
                }
            }
            if (total == 0) {
                return 0;
            }
            int pick = r.nextInt(total);
            int a = 0;
            for (; a < ATTACKS; a++) {
                if (attackStart[a] <= timeMicros && timeMicros < attackEnd[a]) {
                    pick -= attackWeight[a];
                    if (pick < 0) {
                        break;
                    }
                }
            }
            seenVictims.set(a);
            int victim = attackVictim[a];
            int destination = DARKNET_V4_BASE | r.nextInt(DARKNET_V4_SIZE);
            int ttl = (a % 2 == 0 ? 64 : 128) - 10 - a % 7;
            int kind = r.nextInt(100);
            if (attackPort[a] == 53 || kind >= 85) { // the spoofed UDP's port is closed: port unreachable
                System.arraycopy(unreachable, 0, out, 0, unreachable.length);
                Frames.ipv4(out, victim, destination, r.nextInt(65_536), ttl);
                int inner = Frames.V4_TRANSPORT + 8;
                Frames.put32(out, inner + 12, destination);
                Frames.put32(out, inner + 16, victim);
                Frames.headerChecksum(out, inner);
                Frames.ports(out, inner + 20, 1_024 + r.nextInt(64_511), attackPort[a] == 53 ? 53 : 123);
                Frames.icmpChecksum(out, Frames.V4_TRANSPORT);
                return count(Kind.BACKSCATTER_ICMP, unreachable.length);
            }
            boolean synAckReply = kind < 60;
            byte[] template = synAckReply ? synAck : rstAck;
            System.arraycopy(template, 0, out, 0, template.length);
            Frames.ipv4(out, victim, destination, 0, ttl);
            Frames.tcp(out, Frames.V4_TRANSPORT, attackPort[a], 1_024 + r.nextInt(64_511), r.nextInt(), r.nextInt(),
                    synAckReply ? 65_160 : 0);
            Frames.transportChecksum(out, Frames.V4_TRANSPORT, 16);
            return count(synAckReply ? Kind.BACKSCATTER_SYN_ACK : Kind.BACKSCATTER_RST, template.length);
        }

        private int ipv6(byte[] out) {
            SplittableRandom r = random;
            int rank = rank(Math.pow(V6_POOL + 1.0, 0.1) - 1, 10, V6_POOL);
            seenV6.set(rank);
            long h = mix(rank * GOLDEN ^ ~settings.seed());
            long sourceHigh = 0x2000_0000_0000_0000L | (h >>> 3);
            long sourceLow = mix(h);
            long destinationHigh = DARKNET_V6_HIGH | r.nextInt(65_536);
            long destinationLow = r.nextInt(4) == 0 ? r.nextLong() : 1 + r.nextInt(1_024);
            int hopLimit = 64 - 6 - (int) (h & 15);
            if ((h & 0x300) != 0) {
                System.arraycopy(v6Syn, 0, out, 0, v6Syn.length);
                Frames.ipv6(out, sourceHigh, sourceLow, destinationHigh, destinationLow, hopLimit);
                Frames.tcp(out, Frames.V6_TRANSPORT, 32_768 + r.nextInt(28_232), popularPort(), r.nextInt(), 0,
                        64_800);
                Frames.transportChecksum(out, Frames.V6_TRANSPORT, 16);
                return count(Kind.IPV6_SYN, v6Syn.length);
            }
            System.arraycopy(v6Echo, 0, out, 0, v6Echo.length);
            Frames.ipv6(out, sourceHigh, sourceLow, destinationHigh, destinationLow, hopLimit);
            Frames.put16(out, Frames.V6_TRANSPORT + 4, (int) (h >>> 48));
            Frames.put16(out, Frames.V6_TRANSPORT + 6, r.nextInt(65_536));
            Frames.transportChecksum(out, Frames.V6_TRANSPORT, 2);
            return count(Kind.IPV6_ECHO, v6Echo.length);
        }

        private int arp(byte[] out) {
            System.arraycopy(arp, 0, out, 0, arp.length);
            return count(Kind.ARP, arp.length);
        }

        /** A well mixed 64-bit value (a bijection: distinct inputs stay distinct). */
        static long mix(long x) {
            x = (x ^ (x >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D0_49BB_1331_11EBL;
            return x ^ (x >>> 31);
        }

        private static double unit(long bits) {
            return (bits & ((1L << 53) - 1)) * 0x1.0p-53;
        }

        /**
         * Moves an address out of this, private, loopback, multicast and reserved space into ordinary unicast space
         * (a few sources end in .0 or .255, or lie in other special ranges: darknets see such spoofed sources too).
         */
        static int routable(int address) {
            int first = address >>> 24;
            if (first == 0 || first == 10 || first == 127 || first >= 224) {
                address = (address & 0x00ff_ffff) | ((1 + first % 100) << 24);
            }
            if ((address & 0xfffe_0000) == DARKNET_V4_BASE) {
                address ^= 0x8000_0000;
            }
            return address;
        }
    }
}

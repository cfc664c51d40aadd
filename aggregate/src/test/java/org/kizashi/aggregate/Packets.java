package org.kizashi.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;

/** Test packets: IPv4 addresses as IPv4-mapped 128-bit values, and a generator of mixed darknet traffic. */
final class Packets {
    static final long V4_MAPPED = 0xFFFF_0000_0000L;
    private static final String[] COUNTRIES = {"CN", "US", "RU", "BR", "IN", "JP", "NL", "DE", "KR", "VN", ""};
    private static final int[] TCP_PORTS = {23, 2323, 22, 445, 80, 8080, 3389, 5555, 37215, 52869};
    private static final int[] UDP_PORTS = {53, 123, 161, 1900, 5060, 11211};

    private Packets() {
    }

    static long v4(int a, int b, int c, int d) {
        return V4_MAPPED | ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
    }

    static long micros(String instant) {
        Instant t = Instant.parse(instant);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static DarknetPacket tcp(long time, long source, long destination, int port, int bytes, PacketClass packetClass,
                             int tags, String country, long asn) {
        return new DarknetPacket(time, 0, source, 0, destination, 6, 40_000, port, bytes, packetClass, tags, country,
                asn);
    }

    static DarknetPacket scan(long time, long source, long destination, int port) {
        return tcp(time, source, destination, port, 40, PacketClass.SCAN, 0, "JP", 2_497);
    }

    /**
     * Mixed traffic over about two days: a few heavy scanners, Mirai-tagged telnet scans, UDP probes, backscatter,
     * ICMP, one full port scanner (more ports than a source record lists), a few IPv6 sources, out of time order.
     */
    static List<DarknetPacket> mixed(long seed, int count, int sourcePool) {
        SplittableRandom random = new SplittableRandom(seed);
        long start = micros("2024-03-10T22:30:00Z");
        long span = 49L * 3_600 * 1_000_000;
        List<DarknetPacket> packets = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long time = start + random.nextLong(span);
            int sourceId = random.nextInt(10) < 3 ? random.nextInt(8) : random.nextInt(sourcePool);
            long sourceLow = v4(1 + sourceId % 200, (sourceId / 200) % 256, sourceId % 7, 1 + sourceId % 250);
            long sourceHigh = 0;
            if (sourceId % 97 == 5) {
                sourceHigh = 0x2001_0db8_0000_0000L | sourceId;
                sourceLow = sourceId * 31L;
            }
            String country = COUNTRIES[sourceId % COUNTRIES.length];
            long asn = sourceId % 13 == 0 ? 0 : 4_000 + sourceId % 41;
            long destination = v4(10, 20, random.nextInt(4), random.nextInt(256));
            int kind = random.nextInt(100);
            DarknetPacket packet;
            if (sourceId == 3) {
                packet = new DarknetPacket(time, sourceHigh, sourceLow, 0, destination, 6, 50_000,
                        1 + random.nextInt(300), 44, PacketClass.SCAN, PacketTag.MASSCAN.bit(), country, asn);
            } else if (kind < 45) {
                int port = TCP_PORTS[random.nextInt(TCP_PORTS.length)];
                int tags = port == 23 || port == 2323 ? PacketTag.MIRAI.bit() : random.nextInt(4) == 0
                        ? PacketTag.ZMAP.bit() | PacketTag.SPOOFED.bit() : 0;
                packet = new DarknetPacket(time, sourceHigh, sourceLow, 0, destination, 6, 40_000 + random.nextInt(999),
                        port, 40 + random.nextInt(20), PacketClass.SCAN, tags, country, asn);
            } else if (kind < 75) {
                packet = new DarknetPacket(time, sourceHigh, sourceLow, 0, destination, 17, 1_024,
                        UDP_PORTS[random.nextInt(UDP_PORTS.length)], 60 + random.nextInt(400), PacketClass.UDP, 0,
                        country, asn);
            } else if (kind < 90) {
                packet = new DarknetPacket(time, sourceHigh, sourceLow, 0, destination, 6, 80, 1_024 + random.nextInt(60_000),
                        40, PacketClass.BACKSCATTER, 0, country, asn);
            } else {
                packet = new DarknetPacket(time, sourceHigh, sourceLow, 0, destination, 1, 0, 8, 84,
                        PacketClass.ICMP_REQUEST, 0, country, asn);
            }
            packets.add(packet);
        }
        return packets;
    }
}

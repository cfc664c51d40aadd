package org.kizashi.bench;

/**
 * Patches template frames (built once with {@link org.kizashi.telescope.capture.PacketBuilder}) in place: addresses,
 * ports, sequence numbers, IP id, TTL, then the checksums. Building every one of ten million packets from scratch
 * would spend most of the generator's time in builders; patching keeps it to a few seconds, and
 * {@code FramesTest} checks that a patched template equals what the builder makes of the same fields.
 *
 * <p>All frames are Ethernet without VLAN tags: the IP header starts at byte 14.
 */
final class Frames {
    static final int IP = 14;
    /** IPv4 without options: the transport header starts here. */
    static final int V4_TRANSPORT = IP + 20;
    static final int V6_TRANSPORT = IP + 40;

    private Frames() {
    }

    static void put16(byte[] b, int p, int value) {
        b[p] = (byte) (value >>> 8);
        b[p + 1] = (byte) value;
    }

    static void put32(byte[] b, int p, int value) {
        b[p] = (byte) (value >>> 24);
        b[p + 1] = (byte) (value >>> 16);
        b[p + 2] = (byte) (value >>> 8);
        b[p + 3] = (byte) value;
    }

    static void put64(byte[] b, int p, long value) {
        put32(b, p, (int) (value >>> 32));
        put32(b, p + 4, (int) value);
    }

    static int get16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    /** IPv4 fields of the outer header; the header checksum is recomputed. */
    static void ipv4(byte[] f, int source, int destination, int id, int ttl) {
        put16(f, IP + 4, id);
        f[IP + 8] = (byte) ttl;
        put32(f, IP + 12, source);
        put32(f, IP + 16, destination);
        headerChecksum(f, IP);
    }

    /** Recomputes the header checksum of the IPv4 header (20 bytes, no options) at {@code p}. */
    static void headerChecksum(byte[] f, int p) {
        put16(f, p + 10, 0);
        put16(f, p + 10, fold(sum(f, p, p + 20, 0)));
    }

    static void ipv6(byte[] f, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                     int hopLimit) {
        f[IP + 7] = (byte) hopLimit;
        put64(f, IP + 8, sourceHigh);
        put64(f, IP + 16, sourceLow);
        put64(f, IP + 24, destinationHigh);
        put64(f, IP + 32, destinationLow);
    }

    static void ports(byte[] f, int transport, int sourcePort, int destinationPort) {
        put16(f, transport, sourcePort);
        put16(f, transport + 2, destinationPort);
    }

    static void tcp(byte[] f, int transport, int sourcePort, int destinationPort, int sequence, int acknowledgement,
                    int window) {
        ports(f, transport, sourcePort, destinationPort);
        put32(f, transport + 4, sequence);
        put32(f, transport + 8, acknowledgement);
        put16(f, transport + 14, window);
    }

    /** Length of the IPv4 packet (total length field) or the IPv6 one (payload length + 40). */
    static int ipLength(byte[] f) {
        return (f[IP] & 0xf0) == 0x40 ? get16(f, IP + 2) : 40 + get16(f, IP + 4);
    }

    /**
     * Recomputes the TCP, UDP or ICMPv6 checksum (checksum field at {@code transport + field}), over the pseudo-header
     * of the outer IPv4 or IPv6 header.
     */
    static void transportChecksum(byte[] f, int transport, int field) {
        boolean v6 = (f[IP] & 0xf0) == 0x60;
        int end = IP + ipLength(f);
        int length = end - transport;
        long pseudo;
        int protocol;
        if (v6) {
            pseudo = sum(f, IP + 8, IP + 40, 0);
            protocol = f[IP + 6] & 0xff;
        } else {
            pseudo = sum(f, IP + 12, IP + 20, 0);
            protocol = f[IP + 9] & 0xff;
        }
        pseudo += protocol + length;
        put16(f, transport + field, 0);
        int checksum = fold(sum(f, transport, end, pseudo));
        if (protocol == 17 && checksum == 0) {
            checksum = 0xffff; // 0 means "no checksum" in UDP
        }
        put16(f, transport + field, checksum);
    }

    /** Recomputes the ICMP (IPv4) checksum: over the message only. */
    static void icmpChecksum(byte[] f, int transport) {
        put16(f, transport + 2, 0);
        put16(f, transport + 2, fold(sum(f, transport, IP + ipLength(f), 0)));
    }

    private static long sum(byte[] b, int from, int to, long initial) {
        long sum = initial;
        int i = from;
        for (; i + 1 < to; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i < to) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}

package org.kizashi.telescope.capture;

import org.kizashi.telescope.decode.TcpFlags;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kizashi.core.net.IpAddress;

/**
 * Builds packets for tests and demo data: an IPv4 or IPv6 packet (the family follows the addresses) carrying TCP,
 * UDP, ICMP/ICMPv6 or any payload, framed for any {@link LinkType}. Lengths and checksums (IPv4 header, TCP, UDP,
 * ICMP, ICMPv6) are computed. Unset fields have plain defaults: 192.0.2.1:40000 to 198.51.100.1:80, TTL 64, IP id 0,
 * TCP window 65535.
 *
 * <pre>{@code
 * byte[] syn = PacketBuilder.tcp().src("192.0.2.1", 40000).dst("203.0.113.5", 23).syn().seq(0xcb007105L)
 *         .ipId(54321).ttl(64).ethernet();
 * byte[] unreachable = PacketBuilder.icmp(3, 3).src("198.51.100.7").dst("203.0.113.5")
 *         .quote(PacketBuilder.udp().src("203.0.113.5", 5353).dst("198.51.100.7", 53)).quoteLength(28).rawIp();
 * }</pre>
 *
 * A builder is mutable; each terminal method ({@link #ip()}, {@link #ethernet()}, ...) builds a fresh array.
 */
public final class PacketBuilder {
    public static final int FIN = TcpFlags.FIN;
    public static final int SYN = TcpFlags.SYN;
    public static final int RST = TcpFlags.RST;
    public static final int PSH = TcpFlags.PSH;
    public static final int ACK = TcpFlags.ACK;
    public static final int URG = TcpFlags.URG;
    public static final int ECE = TcpFlags.ECE;
    public static final int CWR = TcpFlags.CWR;

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    /** ICMP or ICMPv6, as the address family decides. */
    private static final int ICMP_EITHER = -1;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERNET_MINIMUM_FRAME = 60;

    private final int protocol;
    private byte[] source = address("192.0.2.1");
    private byte[] destination = address("198.51.100.1");
    private int sourcePort = 40000;
    private int destinationPort = 80;
    private int tcpFlags;
    private long sequence;
    private long acknowledgement;
    private int window = 65535;
    private byte[] tcpOptions = {};
    private int icmpType;
    private int icmpCode;
    private int icmpRest;
    private PacketBuilder quoted;
    private int quoteLength = -1;
    private byte[] payload = {};
    private int ipId;
    private int ttl = 64;
    private int tos;
    private boolean dontFragment;
    private boolean moreFragments;
    private int fragmentOffset;
    private byte[] ipOptions = {};
    /** IPv6 extension headers in order: {next-header type, fragment offset, more fragments, identification}. */
    private final List<int[]> extensionHeaders = new ArrayList<>();
    /** VLAN tags, outermost first: {TPID, VLAN id}. */
    private final List<int[]> vlanTags = new ArrayList<>();
    private byte[] sourceMac = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x01};
    private byte[] destinationMac = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x02};

    private PacketBuilder(int protocol) {
        this.protocol = protocol;
    }

    public static PacketBuilder tcp() {
        return new PacketBuilder(TCP);
    }

    public static PacketBuilder udp() {
        return new PacketBuilder(UDP);
    }

    /** ICMP with IPv4 addresses, ICMPv6 with IPv6 addresses (give the type numbers of that family). */
    public static PacketBuilder icmp(int type, int code) {
        PacketBuilder b = new PacketBuilder(ICMP_EITHER);
        b.icmpType = type;
        b.icmpCode = code;
        return b;
    }

    /** ICMPv6; addresses must be IPv6 (set them: the defaults are IPv4). */
    public static PacketBuilder icmpv6(int type, int code) {
        PacketBuilder b = new PacketBuilder(ICMPV6);
        b.icmpType = type;
        b.icmpCode = code;
        return b;
    }

    /** Any other IP protocol: the packet carries {@link #payload} only. */
    public static PacketBuilder ip(int protocol) {
        return new PacketBuilder(protocol);
    }

    /** An Ethernet frame of any EtherType (ARP 0x0806 for instance), padded to the 60-byte minimum. */
    public static byte[] ethernetFrame(int etherType, byte[] payload) {
        byte[] frame = new byte[Math.max(14 + payload.length, ETHERNET_MINIMUM_FRAME)];
        Arrays.fill(frame, 0, 6, (byte) 0xff); // broadcast, as ARP requests are
        put16(frame, 12, etherType);
        System.arraycopy(payload, 0, frame, 14, payload.length);
        return frame;
    }

    // ---- addresses and ports

    public PacketBuilder src(String address) {
        source = address(address);
        return this;
    }

    public PacketBuilder src(String address, int port) {
        source = address(address);
        sourcePort = port;
        return this;
    }

    public PacketBuilder dst(String address) {
        destination = address(address);
        return this;
    }

    public PacketBuilder dst(String address, int port) {
        destination = address(address);
        destinationPort = port;
        return this;
    }

    public PacketBuilder srcPort(int port) {
        sourcePort = port;
        return this;
    }

    public PacketBuilder dstPort(int port) {
        destinationPort = port;
        return this;
    }

    // ---- TCP

    /** Sets the whole flags byte. */
    public PacketBuilder flags(int flags) {
        tcpFlags = flags & 0xff;
        return this;
    }

    public PacketBuilder syn() {
        tcpFlags |= SYN;
        return this;
    }

    public PacketBuilder synAck() {
        tcpFlags |= SYN | ACK;
        return this;
    }

    /** Sets the ACK flag (see also {@link #ack(long)}). */
    public PacketBuilder ack() {
        tcpFlags |= ACK;
        return this;
    }

    /** Sets the acknowledgement number and the ACK flag. */
    public PacketBuilder ack(long acknowledgement) {
        this.acknowledgement = acknowledgement & 0xffff_ffffL;
        tcpFlags |= ACK;
        return this;
    }

    public PacketBuilder rst() {
        tcpFlags |= RST;
        return this;
    }

    public PacketBuilder fin() {
        tcpFlags |= FIN;
        return this;
    }

    public PacketBuilder psh() {
        tcpFlags |= PSH;
        return this;
    }

    public PacketBuilder urg() {
        tcpFlags |= URG;
        return this;
    }

    public PacketBuilder ece() {
        tcpFlags |= ECE;
        return this;
    }

    public PacketBuilder cwr() {
        tcpFlags |= CWR;
        return this;
    }

    public PacketBuilder seq(long sequence) {
        this.sequence = sequence & 0xffff_ffffL;
        return this;
    }

    public PacketBuilder window(int window) {
        this.window = window;
        return this;
    }

    /** Raw TCP option bytes, padded with zeros (end of options) to a multiple of 4. */
    public PacketBuilder tcpOptions(byte... options) {
        tcpOptions = options.clone();
        return this;
    }

    // ---- ICMP

    /** The 4 bytes after the ICMP checksum (echo id and sequence, next-hop MTU, ...). */
    public PacketBuilder icmpRest(int restOfHeader) {
        icmpRest = restOfHeader;
        return this;
    }

    /** Makes an ICMP error quote this packet (its IP packet, see {@link #quoteLength}) as its body. */
    public PacketBuilder quote(PacketBuilder packet) {
        quoted = packet;
        return this;
    }

    /** Quotes only the first bytes of the quoted packet (RFC 792: the IP header and 8 bytes; default: all). */
    public PacketBuilder quoteLength(int bytes) {
        quoteLength = bytes;
        return this;
    }

    // ---- payload and IP

    public PacketBuilder payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    /** A payload of {@code length} bytes counting up from 0. */
    public PacketBuilder payload(int length) {
        payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) i;
        }
        return this;
    }

    public PacketBuilder ipId(int id) {
        ipId = id & 0xffff;
        return this;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public PacketBuilder ttl(int ttl) {
        this.ttl = ttl & 0xff;
        return this;
    }

    /** IPv4 type of service or IPv6 traffic class. */
    public PacketBuilder tos(int tos) {
        this.tos = tos & 0xff;
        return this;
    }

    public PacketBuilder dontFragment() {
        dontFragment = true;
        return this;
    }

    /**
     * Makes an IPv4 fragment: {@code offsetBytes} (a multiple of 8) into the original packet. A non-first fragment
     * carries the {@link #payload} only, no transport header.
     */
    public PacketBuilder fragment(int offsetBytes, boolean more) {
        checkFragmentOffset(offsetBytes);
        fragmentOffset = offsetBytes;
        moreFragments = more;
        return this;
    }

    /** IPv4 options (padded with zeros to a multiple of 4), making the header longer than 20 bytes. */
    public PacketBuilder ipOptions(byte... options) {
        if (options.length > 40) {
            throw new IllegalArgumentException("IPv4 options are at most 40 bytes");
        }
        ipOptions = options.clone();
        return this;
    }

    /** Adds an IPv6 Hop-by-Hop Options header (8 bytes of padding options). Headers follow in the order added. */
    public PacketBuilder hopByHop() {
        extensionHeaders.add(new int[] {0, 0, 0, 0});
        return this;
    }

    /** Adds an IPv6 Routing header (type 0, no segments left). */
    public PacketBuilder routingHeader() {
        extensionHeaders.add(new int[] {43, 0, 0, 0});
        return this;
    }

    /** Adds an IPv6 Destination Options header. */
    public PacketBuilder destinationOptions() {
        extensionHeaders.add(new int[] {60, 0, 0, 0});
        return this;
    }

    /** Adds an IPv6 Authentication Header (16 bytes). */
    public PacketBuilder authenticationHeader() {
        extensionHeaders.add(new int[] {51, 0, 0, 0});
        return this;
    }

    /** Adds an IPv6 Fragment header; a non-first fragment carries the {@link #payload} only. */
    public PacketBuilder ipv6Fragment(int offsetBytes, boolean more, int identification) {
        checkFragmentOffset(offsetBytes);
        extensionHeaders.add(new int[] {44, offsetBytes, more ? 1 : 0, identification});
        return this;
    }

    // ---- link layer

    /** Adds an 802.1Q VLAN tag; tags stack in the order added, outermost first. */
    public PacketBuilder vlan(int vlanId) {
        return vlan(0x8100, vlanId);
    }

    /** Adds a VLAN tag with its TPID: 0x8100 (802.1Q), 0x88a8 (802.1ad), 0x9100 (old QinQ). */
    public PacketBuilder vlan(int tpid, int vlanId) {
        vlanTags.add(new int[] {tpid, vlanId & 0x0fff});
        return this;
    }

    public PacketBuilder macs(byte[] sourceMac, byte[] destinationMac) {
        if (sourceMac.length != 6 || destinationMac.length != 6) {
            throw new IllegalArgumentException("MAC addresses are 6 bytes");
        }
        this.sourceMac = sourceMac.clone();
        this.destinationMac = destinationMac.clone();
        return this;
    }

    // ---- terminal methods

    /** The IP packet alone: a frame for {@link LinkType#RAW}, {@link LinkType#IPV4} or {@link LinkType#IPV6}. */
    public byte[] ip() {
        if (source.length != destination.length) {
            throw new IllegalStateException("source and destination are of different address families");
        }
        boolean v6 = source.length == 16;
        int transportProtocol = protocol == ICMP_EITHER ? (v6 ? ICMPV6 : ICMP) : protocol;
        if (transportProtocol == ICMPV6 && !v6) {
            throw new IllegalStateException("ICMPv6 needs IPv6 addresses");
        }
        boolean nonFirstFragment = v6
                ? extensionHeaders.stream().anyMatch(h -> h[0] == 44 && h[1] != 0)
                : fragmentOffset != 0;
        byte[] transport = nonFirstFragment ? payload.clone() : transport(transportProtocol, v6);
        return v6 ? ipv6(transport, transportProtocol) : ipv4(transport, transportProtocol);
    }

    /** Same as {@link #ip()}. */
    public byte[] rawIp() {
        return ip();
    }

    /** An Ethernet frame with the VLAN tags added, padded to 60 bytes as received from the wire. */
    public byte[] ethernet() {
        byte[] packet = ip();
        int header = 14 + 4 * vlanTags.size();
        byte[] frame = new byte[Math.max(header + packet.length, ETHERNET_MINIMUM_FRAME)];
        System.arraycopy(destinationMac, 0, frame, 0, 6);
        System.arraycopy(sourceMac, 0, frame, 6, 6);
        int p = 12;
        for (int[] tag : vlanTags) {
            put16(frame, p, tag[0]);
            put16(frame, p + 2, tag[1]);
            p += 4;
        }
        put16(frame, p, etherType());
        System.arraycopy(packet, 0, frame, header, packet.length);
        return frame;
    }

    /** A Linux cooked (SLL) frame: 16-byte header, as received by this host. */
    public byte[] sll() {
        byte[] packet = ip();
        byte[] frame = new byte[16 + packet.length];
        put16(frame, 0, 0); // packet type: to us
        put16(frame, 2, 1); // ARPHRD_ETHER
        put16(frame, 4, 6);
        System.arraycopy(sourceMac, 0, frame, 6, 6);
        put16(frame, 14, etherType());
        System.arraycopy(packet, 0, frame, 16, packet.length);
        return frame;
    }

    /** A Linux cooked v2 (SLL2) frame: 20-byte header. */
    public byte[] sll2() {
        byte[] packet = ip();
        byte[] frame = new byte[20 + packet.length];
        put16(frame, 0, etherType());
        put32(frame, 4, 2); // interface index
        put16(frame, 8, 1); // ARPHRD_ETHER
        frame[10] = 0; // packet type: to us
        frame[11] = 6;
        System.arraycopy(sourceMac, 0, frame, 12, 6);
        System.arraycopy(packet, 0, frame, 20, packet.length);
        return frame;
    }

    /**
     * A BSD loopback frame: the address family (AF_INET 2, AF_INET6 30 as on macOS) in the given byte order
     * ({@link LinkType#NULL} uses the capturing host's order, {@link LinkType#LOOP} network order).
     */
    public byte[] loopback(ByteOrder order) {
        return loopback(order, source.length == 16 ? 30 : 2);
    }

    /** A BSD loopback frame with a chosen family value (AF_INET6 is 24, 28 or 30 depending on the BSD). */
    public byte[] loopback(ByteOrder order, int family) {
        byte[] packet = ip();
        byte[] frame = new byte[4 + packet.length];
        Bytes.putInt(frame, 0, family, order == ByteOrder.BIG_ENDIAN);
        System.arraycopy(packet, 0, frame, 4, packet.length);
        return frame;
    }

    /** The frame for a link type: Ethernet, raw IP, SLL, SLL2 or loopback. */
    public byte[] frame(int linkType) {
        return switch (linkType) {
            case LinkType.ETHERNET -> ethernet();
            case LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14 -> ip();
            case LinkType.IPV4, LinkType.IPV6 -> {
                if ((linkType == LinkType.IPV6) != (source.length == 16)) {
                    throw new IllegalStateException("link type " + LinkType.describe(linkType)
                            + " does not match the address family");
                }
                yield ip();
            }
            case LinkType.LINUX_SLL -> sll();
            case LinkType.LINUX_SLL2 -> sll2();
            case LinkType.NULL -> loopback(ByteOrder.LITTLE_ENDIAN);
            case LinkType.LOOP -> loopback(ByteOrder.BIG_ENDIAN);
            default -> throw new IllegalArgumentException("cannot frame for link type " + linkType);
        };
    }

    // ---- building

    private int etherType() {
        return source.length == 16 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
    }

    private byte[] transport(int transportProtocol, boolean v6) {
        byte[] t;
        switch (transportProtocol) {
            case TCP -> {
                int optionLength = (tcpOptions.length + 3) & ~3;
                int header = 20 + optionLength;
                t = new byte[header + payload.length];
                put16(t, 0, sourcePort);
                put16(t, 2, destinationPort);
                put32(t, 4, (int) sequence);
                put32(t, 8, (int) acknowledgement);
                t[12] = (byte) ((header / 4) << 4);
                t[13] = (byte) tcpFlags;
                put16(t, 14, window);
                System.arraycopy(tcpOptions, 0, t, 20, tcpOptions.length);
                System.arraycopy(payload, 0, t, header, payload.length);
                put16(t, 16, checksum(t, pseudoHeaderSum(TCP, t.length)));
            }
            case UDP -> {
                t = new byte[8 + payload.length];
                put16(t, 0, sourcePort);
                put16(t, 2, destinationPort);
                put16(t, 4, t.length);
                System.arraycopy(payload, 0, t, 8, payload.length);
                int sum = checksum(t, pseudoHeaderSum(UDP, t.length));
                put16(t, 6, sum == 0 ? 0xffff : sum); // 0 means "no checksum" in UDP
            }
            case ICMP, ICMPV6 -> {
                byte[] body = payload;
                if (quoted != null) {
                    byte[] inner = quoted.ip();
                    body = quoteLength >= 0 ? Arrays.copyOf(inner, Math.min(quoteLength, inner.length)) : inner;
                }
                t = new byte[8 + body.length];
                t[0] = (byte) icmpType;
                t[1] = (byte) icmpCode;
                put32(t, 4, icmpRest);
                System.arraycopy(body, 0, t, 8, body.length);
                // ICMPv6 covers a pseudo-header, ICMP does not.
                put16(t, 2, checksum(t, transportProtocol == ICMPV6 ? pseudoHeaderSum(ICMPV6, t.length) : 0));
            }
            default -> t = payload.clone();
        }
        return t;
    }

    private byte[] ipv4(byte[] transport, int transportProtocol) {
        int header = 20 + ((ipOptions.length + 3) & ~3);
        byte[] p = new byte[header + transport.length];
        p[0] = (byte) (0x40 | header / 4);
        p[1] = (byte) tos;
        put16(p, 2, p.length);
        put16(p, 4, ipId);
        put16(p, 6, (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset / 8);
        p[8] = (byte) ttl;
        p[9] = (byte) transportProtocol;
        System.arraycopy(source, 0, p, 12, 4);
        System.arraycopy(destination, 0, p, 16, 4);
        System.arraycopy(ipOptions, 0, p, 20, ipOptions.length);
        put16(p, 10, checksum(Arrays.copyOf(p, header), 0));
        System.arraycopy(transport, 0, p, header, transport.length);
        return p;
    }

    private byte[] ipv6(byte[] transport, int transportProtocol) {
        int extensionLength = 0;
        for (int[] h : extensionHeaders) {
            extensionLength += h[0] == 51 ? 16 : 8;
        }
        byte[] p = new byte[40 + extensionLength + transport.length];
        put32(p, 0, 6 << 28 | tos << 20);
        put16(p, 4, extensionLength + transport.length);
        p[6] = (byte) (extensionHeaders.isEmpty() ? transportProtocol : extensionHeaders.get(0)[0]);
        p[7] = (byte) ttl;
        System.arraycopy(source, 0, p, 8, 16);
        System.arraycopy(destination, 0, p, 24, 16);
        int q = 40;
        for (int i = 0; i < extensionHeaders.size(); i++) {
            int[] h = extensionHeaders.get(i);
            p[q] = (byte) (i + 1 < extensionHeaders.size() ? extensionHeaders.get(i + 1)[0] : transportProtocol);
            switch (h[0]) {
                case 44 -> {
                    put16(p, q + 2, h[1] | h[2]); // offset in 8-byte units, shifted left 3 bits: the byte offset
                    put32(p, q + 4, h[3]);
                    q += 8;
                }
                case 51 -> {
                    p[q + 1] = 2; // (16 / 4) - 2
                    put32(p, q + 4, 0x100); // SPI
                    put32(p, q + 8, 1); // sequence number
                    q += 16;
                }
                case 43 -> q += 8; // length 0, routing type 0, no segments left
                default -> {
                    p[q + 2] = 1; // PadN option covering the 4 remaining bytes
                    p[q + 3] = 4;
                    q += 8;
                }
            }
        }
        System.arraycopy(transport, 0, p, q, transport.length);
        return p;
    }

    private int pseudoHeaderSum(int transportProtocol, int length) {
        int sum = 0;
        for (int i = 0; i < source.length; i += 2) {
            sum += (source[i] & 0xff) << 8 | (source[i + 1] & 0xff);
            sum += (destination[i] & 0xff) << 8 | (destination[i + 1] & 0xff);
        }
        return sum + transportProtocol + (length >>> 16) + (length & 0xffff);
    }

    /** The Internet checksum (RFC 1071) of the bytes, starting from a partial sum; the checksum field must be 0. */
    private static int checksum(byte[] b, int initial) {
        long sum = initial & 0xffff_ffffL;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if ((b.length & 1) != 0) {
            sum += (b[b.length - 1] & 0xff) << 8;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void checkFragmentOffset(int offsetBytes) {
        if (offsetBytes < 0 || offsetBytes % 8 != 0 || offsetBytes > 0xfff8) {
            throw new IllegalArgumentException("fragment offset must be a multiple of 8 below 65536: " + offsetBytes);
        }
    }

    private static byte[] address(String text) {
        IpAddress address = IpAddress.parse(text);
        byte[] sixteen = address.toBytes();
        return address.isV4() ? Arrays.copyOfRange(sixteen, 12, 16) : sixteen;
    }

    private static void put16(byte[] b, int p, int value) {
        b[p] = (byte) (value >>> 8);
        b[p + 1] = (byte) value;
    }

    private static void put32(byte[] b, int p, int value) {
        put16(b, p, value >>> 16);
        put16(b, p + 2, value);
    }
}

package org.kizashi.telescope.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import org.kizashi.telescope.capture.LinkType;

/**
 * Decodes a captured frame's link, IP and transport headers into a {@link DecodedPacket}, in place: no allocation and
 * no exception per packet, so that a sensor keeps up with a busy darknet.
 *
 * <p>Link layers: Ethernet (with stacked 802.1Q/802.1ad VLAN tags), raw IP, Linux SLL and SLL2, IPv4/IPv6 link types
 * and BSD loopback. IPv6 extension headers (hop-by-hop, routing, fragment, destination options, AH) are walked to the
 * transport header. ICMP and ICMPv6 errors yield the addresses and ports of the packet they quote.
 *
 * <p>A frame cut by the snap length inside the transport header still decodes (the packet counts): what could be read
 * is filled in and {@link DecodedPacket#transportTruncated} is set. A decoder keeps the reason of its last failure, so
 * it is not thread-safe: use one per thread.
 */
public final class PacketDecoder {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    private static final int SCTP = 132;
    private static final int IPV6_HOP_BY_HOP = 0;
    private static final int IPV6_ROUTING = 43;
    private static final int IPV6_FRAGMENT = 44;
    private static final int IPV6_AUTHENTICATION = 51;
    private static final int IPV6_DESTINATION_OPTIONS = 60;
    private static final long V4_MAPPED = 0x0000_ffff_0000_0000L;

    private DecodeFailure lastFailure = DecodeFailure.NONE;

    // Where the last walk over IPv6 extension headers ended (fields rather than a result object: no allocation).
    private int walkProtocol;
    private int walkOffset;
    private boolean walkFragment;
    private boolean walkTruncated;

    /**
     * Decodes one frame (as a {@link org.kizashi.telescope.capture.FrameSink} receives it) into {@code out}, which is
     * reset first.
     *
     * @return true when {@code out} holds an IP packet; false when the frame is not one we can use, for the reason
     *         {@link #lastFailure()} gives
     */
    public boolean decode(int linkType, byte[] buf, int off, int capturedLength, int originalLength,
                          long timestampNanos, DecodedPacket out) {
        Objects.checkFromIndexSize(off, capturedLength, buf.length);
        out.reset();
        out.timestampNanos = timestampNanos;
        out.wireLength = originalLength;
        int end = off + capturedLength;
        switch (linkType) {
            case LinkType.ETHERNET:
                if (capturedLength < 14) {
                    return fail(DecodeFailure.TRUNCATED_LINK_HEADER);
                }
                return etherType(u16(buf, off + 12), buf, off + 14, end, out);
            case LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14:
                return rawIp(buf, off, end, out);
            case LinkType.IPV4:
                return ipv4(buf, off, end, out);
            case LinkType.IPV6:
                return ipv6(buf, off, end, out);
            case LinkType.LINUX_SLL:
                if (capturedLength < 16) {
                    return fail(DecodeFailure.TRUNCATED_LINK_HEADER);
                }
                return etherType(u16(buf, off + 14), buf, off + 16, end, out);
            case LinkType.LINUX_SLL2:
                if (capturedLength < 20) {
                    return fail(DecodeFailure.TRUNCATED_LINK_HEADER);
                }
                return etherType(u16(buf, off), buf, off + 20, end, out);
            case LinkType.NULL, LinkType.LOOP:
                return loopback(buf, off, end, out);
            default:
                return fail(DecodeFailure.UNKNOWN_LINK_TYPE);
        }
    }

    /** Why the last {@link #decode} returned false ({@link DecodeFailure#NONE} after a success). */
    public DecodeFailure lastFailure() {
        return lastFailure;
    }

    private boolean fail(DecodeFailure failure) {
        lastFailure = failure;
        return false;
    }

    private boolean etherType(int type, byte[] b, int p, int end, DecodedPacket out) {
        // VLAN tags (possibly stacked, QinQ) are 4 bytes each: TCI, then the next EtherType.
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (end - p < 4) {
                return fail(DecodeFailure.TRUNCATED_LINK_HEADER);
            }
            type = u16(b, p + 2);
            p += 4;
        }
        if (type == ETHERTYPE_IPV4) {
            return ipv4(b, p, end, out);
        }
        if (type == ETHERTYPE_IPV6) {
            return ipv6(b, p, end, out);
        }
        return fail(DecodeFailure.NOT_IP);
    }

    private boolean loopback(byte[] b, int p, int end, DecodedPacket out) {
        if (end - p < 4) {
            return fail(DecodeFailure.TRUNCATED_LINK_HEADER);
        }
        // The family is a small number in a 32-bit word of either byte order: leading zero bytes mean big-endian.
        int family = b[p] == 0 && b[p + 1] == 0 ? u16(b, p + 2) : (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
        return switch (family) {
            case 2 -> ipv4(b, p + 4, end, out);
            case 24, 28, 30 -> ipv6(b, p + 4, end, out); // AF_INET6 on NetBSD/OpenBSD, FreeBSD, macOS
            default -> fail(DecodeFailure.NOT_IP);
        };
    }

    private boolean rawIp(byte[] b, int p, int end, DecodedPacket out) {
        if (end - p < 1) {
            return fail(DecodeFailure.TRUNCATED_IP_HEADER);
        }
        return switch ((b[p] & 0xff) >>> 4) {
            case 4 -> ipv4(b, p, end, out);
            case 6 -> ipv6(b, p, end, out);
            default -> fail(DecodeFailure.BAD_IP_HEADER);
        };
    }

    private boolean ipv4(byte[] b, int p, int end, DecodedPacket out) {
        int available = end - p;
        if (available < 20) {
            return fail(available > 0 && (b[p] & 0xf0) != 0x40
                    ? DecodeFailure.BAD_IP_HEADER : DecodeFailure.TRUNCATED_IP_HEADER);
        }
        int first = b[p] & 0xff;
        int headerLength = (first & 0x0f) << 2;
        if (first >>> 4 != 4 || headerLength < 20) {
            return fail(DecodeFailure.BAD_IP_HEADER);
        }
        if (available < headerLength) {
            return fail(DecodeFailure.TRUNCATED_IP_HEADER);
        }
        int totalLength = u16(b, p + 2);
        if (totalLength < headerLength) {
            if (totalLength != 0) {
                return fail(DecodeFailure.BAD_IP_HEADER);
            }
            totalLength = available; // 0: captured before TCP segmentation offload filled it in
        }
        int captured = Math.min(available, totalLength); // Ethernet pads short packets: the padding is not IP
        out.ipVersion = 4;
        out.ipLength = totalLength;
        out.ipCapturedLength = captured;
        out.ipId = u16(b, p + 4);
        out.ttl = b[p + 8] & 0xff;
        int protocol = b[p + 9] & 0xff;
        out.protocol = protocol;
        out.sourceLow = V4_MAPPED | (i32(b, p + 12) & 0xffff_ffffL);
        out.destinationLow = V4_MAPPED | (i32(b, p + 16) & 0xffff_ffffL);
        lastFailure = DecodeFailure.NONE;
        if ((u16(b, p + 6) & 0x1fff) != 0) {
            out.fragment = true; // a later fragment: its bytes continue the transport payload
            return true;
        }
        transport(protocol, b, p + headerLength, p + captured, out);
        return true;
    }

    private boolean ipv6(byte[] b, int p, int end, DecodedPacket out) {
        int available = end - p;
        if (available < 40) {
            return fail(available > 0 && (b[p] & 0xf0) != 0x60
                    ? DecodeFailure.BAD_IP_HEADER : DecodeFailure.TRUNCATED_IP_HEADER);
        }
        if ((b[p] & 0xf0) != 0x60) {
            return fail(DecodeFailure.BAD_IP_HEADER);
        }
        int payloadLength = u16(b, p + 4);
        // 0: a jumbogram, or captured before segmentation offload: the capture is all we know.
        int ipLength = payloadLength == 0 ? available : 40 + payloadLength;
        int captured = Math.min(available, ipLength);
        out.ipVersion = 6;
        out.ipLength = ipLength;
        out.ipCapturedLength = captured;
        out.ttl = b[p + 7] & 0xff;
        out.sourceHigh = i64(b, p + 8);
        out.sourceLow = i64(b, p + 16);
        out.destinationHigh = i64(b, p + 24);
        out.destinationLow = i64(b, p + 32);
        lastFailure = DecodeFailure.NONE;
        int limit = p + captured;
        walkExtensionHeaders(b, p + 40, limit, b[p + 6] & 0xff);
        out.protocol = walkProtocol;
        if (walkFragment) {
            out.fragment = true;
        } else if (walkTruncated) {
            out.transportTruncated = true;
        } else {
            transport(walkProtocol, b, walkOffset, limit, out);
        }
        return true;
    }

    /**
     * Follows IPv6 extension headers from {@code q}; sets {@link #walkProtocol} to the upper-layer protocol (or, when
     * the headers are cut short, to the header that could not be read) and {@link #walkOffset} to where it starts.
     */
    private void walkExtensionHeaders(byte[] b, int q, int limit, int nextHeader) {
        walkFragment = false;
        walkTruncated = false;
        int next = nextHeader;
        while (true) {
            switch (next) {
                case IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DESTINATION_OPTIONS, IPV6_FRAGMENT, IPV6_AUTHENTICATION -> {
                    if (limit - q < 8) {
                        walkProtocol = next;
                        walkOffset = q;
                        walkTruncated = true;
                        return;
                    }
                    int header = next;
                    next = b[q] & 0xff;
                    if (header == IPV6_FRAGMENT) {
                        int fragmentOffset = u16(b, q + 2) & 0xfff8;
                        q += 8;
                        if (fragmentOffset != 0) {
                            walkProtocol = next;
                            walkOffset = q;
                            walkFragment = true;
                            return;
                        }
                    } else if (header == IPV6_AUTHENTICATION) {
                        q += ((b[q + 1] & 0xff) + 2) << 2; // in 4-byte units, less 2
                    } else {
                        q += ((b[q + 1] & 0xff) + 1) << 3; // in 8-byte units, not counting the first 8
                    }
                }
                default -> {
                    walkProtocol = next;
                    walkOffset = q;
                    return;
                }
            }
        }
    }

    private void transport(int protocol, byte[] b, int q, int limit, DecodedPacket out) {
        int available = limit - q;
        switch (protocol) {
            case TCP -> {
                if (available >= 20) {
                    out.sourcePort = u16(b, q);
                    out.destinationPort = u16(b, q + 2);
                    out.tcpSequence = i32(b, q + 4) & 0xffff_ffffL;
                    out.tcpAcknowledgement = i32(b, q + 8) & 0xffff_ffffL;
                    out.tcpFlags = b[q + 13] & 0xff;
                    out.tcpWindow = u16(b, q + 14);
                } else {
                    truncatedTcp(b, q, available, out);
                }
            }
            case UDP, SCTP -> { // SCTP's common header starts with the ports too
                if (available >= 4) {
                    out.sourcePort = u16(b, q);
                    out.destinationPort = u16(b, q + 2);
                }
                if (available < (protocol == UDP ? 8 : 12)) {
                    out.transportTruncated = true;
                }
            }
            case ICMP -> icmp(b, q, limit, false, out);
            case ICMPV6 -> icmp(b, q, limit, true, out);
            default -> {
                // other protocols: the IP header is all we decode
            }
        }
    }

    /** Keeps the fields of a TCP header that the snap length left. */
    private static void truncatedTcp(byte[] b, int q, int available, DecodedPacket out) {
        out.transportTruncated = true;
        if (available >= 4) {
            out.sourcePort = u16(b, q);
            out.destinationPort = u16(b, q + 2);
        }
        if (available >= 8) {
            out.tcpSequence = i32(b, q + 4) & 0xffff_ffffL;
        }
        if (available >= 12) {
            out.tcpAcknowledgement = i32(b, q + 8) & 0xffff_ffffL;
        }
        if (available >= 14) {
            out.tcpFlags = b[q + 13] & 0xff;
        }
        if (available >= 16) {
            out.tcpWindow = u16(b, q + 14);
        }
    }

    private void icmp(byte[] b, int q, int limit, boolean v6, DecodedPacket out) {
        int available = limit - q;
        if (available >= 1) {
            out.icmpType = b[q] & 0xff;
        }
        if (available >= 2) {
            out.icmpCode = b[q + 1] & 0xff;
        }
        if (available < 8) {
            out.transportTruncated = true;
            return;
        }
        int type = out.icmpType;
        boolean error = v6
                ? type >= 1 && type <= 4 // destination unreachable, packet too big, time exceeded, parameter problem
                : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
        if (error) {
            quoted(b, q + 8, limit, v6, out);
        }
    }

    /** The packet an ICMP error quotes: its IP header, and its ports when enough of the transport header is there. */
    private void quoted(byte[] b, int p, int limit, boolean v6, DecodedPacket out) {
        int available = limit - p;
        int protocol;
        int transport;
        if (!v6) {
            if (available < 20 || (b[p] & 0xf0) != 0x40) {
                return; // not even the addresses
            }
            int headerLength = (b[p] & 0x0f) << 2;
            if (headerLength < 20) {
                return;
            }
            out.hasQuoted = true;
            out.quotedSourceLow = V4_MAPPED | (i32(b, p + 12) & 0xffff_ffffL);
            out.quotedDestinationLow = V4_MAPPED | (i32(b, p + 16) & 0xffff_ffffL);
            protocol = b[p + 9] & 0xff;
            out.quotedProtocol = protocol;
            if ((u16(b, p + 6) & 0x1fff) != 0) {
                return;
            }
            transport = p + headerLength;
        } else {
            if (available < 40 || (b[p] & 0xf0) != 0x60) {
                return;
            }
            out.hasQuoted = true;
            out.quotedSourceHigh = i64(b, p + 8);
            out.quotedSourceLow = i64(b, p + 16);
            out.quotedDestinationHigh = i64(b, p + 24);
            out.quotedDestinationLow = i64(b, p + 32);
            walkExtensionHeaders(b, p + 40, limit, b[p + 6] & 0xff);
            protocol = walkProtocol;
            out.quotedProtocol = protocol;
            if (walkFragment || walkTruncated) {
                return;
            }
            transport = walkOffset;
        }
        if ((protocol == TCP || protocol == UDP || protocol == SCTP) && limit - transport >= 4) {
            out.quotedSourcePort = u16(b, transport);
            out.quotedDestinationPort = u16(b, transport + 2);
        }
    }

    private static int u16(byte[] b, int p) {
        return (short) SHORT.get(b, p) & 0xffff;
    }

    private static int i32(byte[] b, int p) {
        return (int) INT.get(b, p);
    }

    private static long i64(byte[] b, int p) {
        return (long) LONG.get(b, p);
    }
}

package org.kizashi.telescope.decode;

import org.kizashi.core.net.IpAddress;

/**
 * The headers of one captured packet, decoded in place. One instance is reused for every packet of a capture (a
 * flyweight), so that decoding allocates nothing; copy what must outlive the next packet.
 *
 * <p>Addresses are 128-bit values in the 16-byte form of {@link IpAddress}: IPv4 as {@code ::ffff:a.b.c.d}, that is
 * {@code high == 0} and {@code low == 0x0000_ffff_0000_0000L | (address & 0xffff_ffffL)}.
 */
public final class DecodedPacket {
    /** Capture time in nanoseconds since the epoch. */
    public long timestampNanos;
    /** Length of the frame on the wire (pcap's original length). */
    public int wireLength;
    /** Bytes of the IP packet as captured (IP header and above). */
    public int ipCapturedLength;
    /** Total length the IP header claims (IPv4 total length, IPv6 payload length + 40). */
    public int ipLength;
    /** 4 or 6. */
    public int ipVersion;
    public long sourceHigh;
    public long sourceLow;
    public long destinationHigh;
    public long destinationLow;
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl;
    /** IPv4 identification; 0 for IPv6. */
    public int ipId;
    /** True for a non-first IPv4/IPv6 fragment: no transport header follows. */
    public boolean fragment;
    /** IP protocol number of the transport header (after IPv6 extension headers). */
    public int protocol;
    /** TCP/UDP ports; 0 when there are none. */
    public int sourcePort;
    public int destinationPort;
    /** TCP flags byte (FIN 0x01 ... CWR 0x80), or -1 when not TCP. */
    public int tcpFlags;
    /** TCP sequence and acknowledgement numbers, unsigned 32-bit. */
    public long tcpSequence;
    public long tcpAcknowledgement;
    public int tcpWindow;
    /** ICMP or ICMPv6 type and code, or -1 when not ICMP. */
    public int icmpType;
    public int icmpCode;
    /** For ICMP errors: the header of the packet that caused the error, as quoted in the ICMP payload. */
    public boolean hasQuoted;
    public long quotedSourceHigh;
    public long quotedSourceLow;
    public long quotedDestinationHigh;
    public long quotedDestinationLow;
    public int quotedProtocol;
    public int quotedSourcePort;
    public int quotedDestinationPort;
    /** True when the snap length cut the transport header short: ports, flags or ICMP fields are missing. */
    public boolean transportTruncated;

    /** Clears every field, before decoding the next packet. */
    public void reset() {
        timestampNanos = 0;
        wireLength = 0;
        ipCapturedLength = 0;
        ipLength = 0;
        ipVersion = 0;
        sourceHigh = sourceLow = destinationHigh = destinationLow = 0;
        ttl = 0;
        ipId = 0;
        fragment = false;
        protocol = -1;
        sourcePort = destinationPort = 0;
        tcpFlags = -1;
        tcpSequence = tcpAcknowledgement = 0;
        tcpWindow = 0;
        icmpType = icmpCode = -1;
        hasQuoted = false;
        quotedSourceHigh = quotedSourceLow = quotedDestinationHigh = quotedDestinationLow = 0;
        quotedProtocol = -1;
        quotedSourcePort = quotedDestinationPort = 0;
        transportTruncated = false;
    }

    public boolean isV4() {
        return ipVersion == 4;
    }

    /** The IPv4 destination as an int; meaningful only when {@link #isV4()}. */
    public int destinationV4() {
        return (int) destinationLow;
    }

    public int sourceV4() {
        return (int) sourceLow;
    }

    public IpAddress source() {
        return IpAddress.of(sourceHigh, sourceLow);
    }

    public IpAddress destination() {
        return IpAddress.of(destinationHigh, destinationLow);
    }

    /** The source of the packet an ICMP error quotes; meaningful only when {@link #hasQuoted}. */
    public IpAddress quotedSource() {
        return IpAddress.of(quotedSourceHigh, quotedSourceLow);
    }

    /** The destination of the packet an ICMP error quotes; meaningful only when {@link #hasQuoted}. */
    public IpAddress quotedDestination() {
        return IpAddress.of(quotedDestinationHigh, quotedDestinationLow);
    }

    /** True when every bit of {@code flags} (see {@link TcpFlags}) is set; false when not TCP. */
    public boolean hasTcpFlags(int flags) {
        return tcpFlags >= 0 && (tcpFlags & flags) == flags;
    }

    /** A tcpdump-like line, for logs and test failures (allocates: not for the hot path). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("IPv").append(ipVersion).append(' ').append(source());
        if (sourcePort != 0 || destinationPort != 0) {
            sb.append('.').append(sourcePort);
        }
        sb.append(" > ").append(destination());
        if (sourcePort != 0 || destinationPort != 0) {
            sb.append('.').append(destinationPort);
        }
        sb.append(" proto ").append(protocol).append(" ttl ").append(ttl).append(" id ").append(ipId)
                .append(" len ").append(ipLength).append('/').append(ipCapturedLength).append(" wire ").append(wireLength);
        if (tcpFlags >= 0) {
            sb.append(" flags [").append(TcpFlags.toString(tcpFlags)).append("] seq ").append(tcpSequence)
                    .append(" ack ").append(tcpAcknowledgement).append(" win ").append(tcpWindow);
        }
        if (icmpType >= 0) {
            sb.append(" icmp ").append(icmpType).append('/').append(icmpCode);
        }
        if (hasQuoted) {
            sb.append(" quoting ").append(quotedSource()).append('.').append(quotedSourcePort).append(" > ")
                    .append(quotedDestination()).append('.').append(quotedDestinationPort).append(" proto ")
                    .append(quotedProtocol);
        }
        if (fragment) {
            sb.append(" fragment");
        }
        if (transportTruncated) {
            sb.append(" truncated");
        }
        return sb.toString();
    }

    /** The 128-bit form of an IPv4 address. */
    public static long v4Low(int address) {
        return 0x0000_ffff_0000_0000L | (address & 0xffff_ffffL);
    }
}

package org.kizashi.telescope.classify;

import org.kizashi.core.telescope.PacketClass;
import org.kizashi.core.telescope.PacketTag;
import org.kizashi.telescope.decode.DecodedPacket;
import static org.kizashi.telescope.decode.TcpFlags.ACK;
import static org.kizashi.telescope.decode.TcpFlags.RST;
import static org.kizashi.telescope.decode.TcpFlags.SYN;

/**
 * Classifies darknet packets and recognises scanner fingerprints. Stateless and allocation-free.
 *
 * <p>Classes follow CAIDA corsaro: backscatter is TCP SYN-ACK or RST, and ICMP types 0, 3, 4, 5, 11, 12, 14, 16 and
 * 18; for ICMPv6, echo reply and the error types 1 to 4. The spoofing heuristics follow the spirit of corsaro3's
 * "spoofed" filter set: each is a property that a genuine packet from the claimed source rarely has.
 */
public final class Classifier {
    /** ZMap puts this constant in the IPv4 identification field of every probe. */
    static final int ZMAP_IP_ID = 54321;

    private static final long ICMP_BACKSCATTER_TYPES =
            (1L << 0) | (1L << 3) | (1L << 4) | (1L << 5) | (1L << 11) | (1L << 12) | (1L << 14) | (1L << 16) | (1L << 18);

    public PacketClass classify(DecodedPacket p) {
        switch (p.protocol) {
            case 6 -> {
                if (p.fragment || p.tcpFlags < 0) {
                    return PacketClass.OTHER;
                }
                if ((p.tcpFlags & RST) != 0 || (p.tcpFlags & (SYN | ACK)) == (SYN | ACK)) {
                    return PacketClass.BACKSCATTER;
                }
                return (p.tcpFlags & (SYN | ACK)) == SYN ? PacketClass.SCAN : PacketClass.OTHER;
            }
            case 17 -> {
                return PacketClass.UDP;
            }
            case 1 -> {
                if (p.fragment || p.icmpType < 0) {
                    return PacketClass.OTHER;
                }
                return p.icmpType < 64 && (ICMP_BACKSCATTER_TYPES & (1L << p.icmpType)) != 0
                        ? PacketClass.BACKSCATTER : PacketClass.ICMP_REQUEST;
            }
            case 58 -> {
                if (p.fragment || p.icmpType < 0) {
                    return PacketClass.OTHER;
                }
                if (p.icmpType == 129 || (p.icmpType >= 1 && p.icmpType <= 4)) {
                    return PacketClass.BACKSCATTER;
                }
                return p.icmpType == 128 ? PacketClass.ICMP_REQUEST : PacketClass.OTHER;
            }
            default -> {
                return PacketClass.OTHER;
            }
        }
    }

    /** The bit set of {@link PacketTag}s that apply. */
    public int tags(DecodedPacket p) {
        int tags = 0;
        boolean tcpSyn = p.protocol == 6 && p.tcpFlags >= 0 && (p.tcpFlags & (SYN | ACK)) == SYN;
        if (p.isV4()) {
            long destination = p.destinationLow & 0xffff_ffffL;
            if (tcpSyn && p.tcpSequence == destination) {
                tags |= PacketTag.MIRAI.bit();
            }
            if (tcpSyn && p.ipId == ((destination ^ p.destinationPort ^ p.tcpSequence) & 0xffff)) {
                tags |= PacketTag.MASSCAN.bit();
            }
            boolean zmapProbe = tcpSyn || p.protocol == 17 || (p.protocol == 1 && p.icmpType == 8);
            if (zmapProbe && p.ipId == ZMAP_IP_ID) {
                tags |= PacketTag.ZMAP.bit();
            }
        }
        if (likelySpoofed(p)) {
            tags |= PacketTag.SPOOFED.bit();
        }
        return tags;
    }

    /**
     * Heuristics for forged sources: an unusual protocol, a TTL above 200 on non-ICMP traffic (genuine hosts start at
     * 64 or 128, and 255 is mostly used by crafted packets), fragments, a source ending in .0 or .255, the source equal
     * to the destination, port 0, UDP to port 80, and sources that cannot be routed (RFC 6890 special-purpose space).
     */
    static boolean likelySpoofed(DecodedPacket p) {
        boolean usual = p.protocol == 6 || p.protocol == 17 || p.protocol == 1 || p.protocol == 58;
        if (!usual || p.fragment) {
            return true;
        }
        boolean icmp = p.protocol == 1 || p.protocol == 58;
        if (!icmp && p.ttl > 200) {
            return true;
        }
        if (p.sourceHigh == p.destinationHigh && p.sourceLow == p.destinationLow) {
            return true;
        }
        if (!p.transportTruncated && (p.protocol == 6 || p.protocol == 17) && (p.sourcePort == 0 || p.destinationPort == 0)) {
            return true;
        }
        if (p.protocol == 17 && p.destinationPort == 80) {
            return true;
        }
        if (p.isV4()) {
            int source = p.sourceV4();
            int lastByte = source & 0xff;
            return lastByte == 0 || lastByte == 255 || SpecialPurposeAddresses.isUnroutableV4(source);
        }
        return SpecialPurposeAddresses.isUnroutableV6(p.sourceHigh, p.sourceLow);
    }
}

package org.kizashi.core.telescope;

import java.time.Instant;
import org.kizashi.core.net.IpAddress;

/**
 * One packet seen by a darknet sensor, classified and enriched: what every aggregation and detector consumes.
 * Addresses are kept as 128-bit values (two longs, the 16-byte form of {@link IpAddress}) so that the hot path hashes
 * and compares them without allocating.
 *
 * @param timestampMicros capture time, microseconds since the epoch (UTC)
 * @param protocol        IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...)
 * @param sourcePort      TCP/UDP source port, else 0
 * @param destinationPort TCP/UDP destination port; for ICMP the type, else 0
 * @param bytes           length of the packet on the wire (IP layer and above as captured, or the original length)
 * @param tags            bit set of {@link PacketTag#bit()}
 * @param country         ISO 3166-1 alpha-2 of the source, or "" when unknown
 * @param asn             autonomous system of the source, or 0 when unknown
 */
public record DarknetPacket(long timestampMicros, long sourceHigh, long sourceLow, long destinationHigh,
                            long destinationLow, int protocol, int sourcePort, int destinationPort, int bytes,
                            PacketClass packetClass, int tags, String country, long asn) {

    public IpAddress source() {
        return IpAddress.of(sourceHigh, sourceLow);
    }

    public IpAddress destination() {
        return IpAddress.of(destinationHigh, destinationLow);
    }

    /** A capture time in microseconds since the epoch (as in {@link #timestampMicros()}) as an instant. */
    public static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    public boolean has(PacketTag tag) {
        return tag.in(tags);
    }
}

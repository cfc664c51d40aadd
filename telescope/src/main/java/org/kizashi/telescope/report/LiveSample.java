package org.kizashi.telescope.report;

import java.util.Objects;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.telescope.DarknetPacket;
import org.kizashi.core.telescope.PacketClass;

/**
 * One darknet packet picked for the live map: where it came from and what it was. Chosen by {@link LiveSampler}, so
 * a set of samples shows a fair picture of the traffic, never its volume (counts are in the aggregate).
 *
 * @param timestampMicros capture time, microseconds since the epoch (UTC)
 * @param country         ISO 3166-1 alpha-2 of the source, or "" when unknown
 * @param asn             autonomous system of the source, or 0 when unknown
 * @param protocol        IP protocol number
 * @param port            destination port (TCP/UDP), ICMP type, else 0
 * @param tags            bit set of {@link org.kizashi.core.telescope.PacketTag#bit()}
 */
public record LiveSample(long timestampMicros, IpAddress source, String country, long asn, int protocol, int port,
                         PacketClass packetClass, int tags) {
    public LiveSample {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(packetClass, "packetClass");
    }

    /** The sample of a darknet packet. */
    public static LiveSample of(DarknetPacket p) {
        return new LiveSample(p.timestampMicros(), p.source(), p.country() == null ? "" : p.country(), p.asn(),
                p.protocol(), p.destinationPort(), p.packetClass(), p.tags());
    }
}

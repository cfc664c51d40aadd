package org.kizashi.telescope.detect;

import java.time.Instant;
import java.util.List;
import org.kizashi.core.net.IpAddress;

/**
 * A denial-of-service attack inferred from backscatter: the victim answered spoofed packets whose sources lay in the
 * darknet. {@code ports} are the victim's ports seen in the answers (the attacked services), at most a few.
 */
public record DosAttack(IpAddress victim, int protocol, List<Integer> ports, Instant start, Instant end, long packets,
                        long bytes, double peakPerMinute, String country, long asn) {
    public String protocolName() {
        return switch (protocol) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> String.valueOf(protocol);
        };
    }
}

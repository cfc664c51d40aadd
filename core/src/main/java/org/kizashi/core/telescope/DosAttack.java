package org.kizashi.core.telescope;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.kizashi.core.net.IpAddress;

/**
 * A denial-of-service attack inferred from backscatter: the victim answered spoofed packets whose sources lay in the
 * darknet. {@code ports} are the victim's ports seen in the answers (the attacked services), at most a few.
 *
 * @param peakPerMinute the highest packet rate seen in a sliding window, per minute
 * @param country       of the victim, "" when unknown
 * @param asn           of the victim, 0 when unknown
 */
public record DosAttack(IpAddress victim, int protocol, List<Integer> ports, Instant start, Instant end, long packets,
                        long bytes, double peakPerMinute, String country, long asn) implements TelescopeAlert {
    public DosAttack {
        Objects.requireNonNull(victim, "victim");
        ports = List.copyOf(ports);
    }

    public String protocolName() {
        return Protocols.name(protocol);
    }

    @Override
    public String kind() {
        return "dos";
    }
}

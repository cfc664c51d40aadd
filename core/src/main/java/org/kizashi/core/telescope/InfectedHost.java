package org.kizashi.core.telescope;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kizashi.core.net.IpAddress;

/**
 * DAEDALUS-style alert: a host inside an organisation's registered address range sent packets into the darknet, so
 * it is likely infected (or misconfigured). Evidence: when, how much, which ports, which fingerprints.
 *
 * @param network the registered range the host lies in (as text, for example 203.0.113.0/24)
 * @param ports   destination ports the host tried, lowest first, at most a few dozen
 */
public record InfectedHost(long organisationId, String network, IpAddress host, Instant start, Instant end,
                           long packets, List<ProtocolPort> ports, Set<PacketTag> tags) implements TelescopeAlert {
    public InfectedHost {
        Objects.requireNonNull(host, "host");
        ports = List.copyOf(ports);
        tags = Set.copyOf(tags);
    }

    @Override
    public String kind() {
        return "infected_host";
    }
}

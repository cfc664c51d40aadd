package org.kizashi.core.active;

import java.time.Instant;
import java.util.Objects;
import org.kizashi.core.net.IpAddress;

/**
 * A subscriber's address seen answering DNS queries from the Internet (an open resolver, usually a home router): the
 * addresses IP53B blocks inbound DNS to, per ISP.
 */
public record OpenResolverSighting(IpAddress address, String isp, Instant firstSeen, Instant lastSeen) {
    public OpenResolverSighting {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(isp, "isp");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}

package org.kizashi.active.hits;

import java.util.Objects;
import java.util.Optional;
import org.kizashi.core.net.IpAddress;

/**
 * What a sinkhole report adds to a block: which malware the sinkhole attributes the connection to, and where the
 * client connected. Numbers a report leaves blank are 0 (AS 0 and port 0 are never real values).
 *
 * @param infection   the report's infection column (may be empty)
 * @param family      the malware family (may be empty)
 * @param tag         free tags (may be empty)
 * @param protocol    tcp, udp... (may be empty)
 * @param sourcePort  the client's port, 0 when not given
 * @param sourceAsn   the client's AS number, 0 when not given
 * @param destination the sinkhole address (the former C&amp;C address), when given
 * @param destinationPort the sinkhole port, 0 when not given
 * @param count       how many connections or queries the line stands for (DNS sinkhole reports aggregate), at least 1
 */
public record SinkholeDetail(String infection, String family, String tag, String protocol, int sourcePort,
                             long sourceAsn, Optional<IpAddress> destination, int destinationPort, long count) {
    public SinkholeDetail {
        infection = infection == null ? "" : infection;
        family = family == null ? "" : family;
        tag = tag == null ? "" : tag;
        protocol = protocol == null ? "" : protocol;
        Objects.requireNonNull(destination, "destination");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}

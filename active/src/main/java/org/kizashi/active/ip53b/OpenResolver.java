package org.kizashi.active.ip53b;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import org.kizashi.core.net.IpAddress;

/**
 * One address that answered a DNS query from the Internet in a Shadowserver scan (a row of a scan_dns report).
 * Numbers the report leaves blank are 0 (AS 0 and port 0 are never real values); texts may be empty.
 *
 * @param time             when it was scanned
 * @param ip               the address that answered
 * @param port             the port that answered (53)
 * @param protocol         udp or tcp
 * @param asn              the AS announcing the address
 * @param geo              country code
 * @param hostname         reverse DNS name
 * @param tag              Shadowserver's tags (for example openresolver)
 * @param severity         high, medium, low or info
 * @param dnsVersion       what the server answered to version.bind
 * @param minAmplification the smallest amplification factor measured, when reported
 */
public record OpenResolver(Instant time, IpAddress ip, int port, String protocol, long asn, String geo,
                           String hostname, String tag, String severity, String dnsVersion,
                           OptionalDouble minAmplification) {
    public OpenResolver {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(ip, "ip");
        protocol = protocol == null ? "" : protocol;
        geo = geo == null ? "" : geo;
        hostname = hostname == null ? "" : hostname;
        tag = tag == null ? "" : tag;
        severity = severity == null ? "" : severity;
        dnsVersion = dnsVersion == null ? "" : dnsVersion;
        Objects.requireNonNull(minAmplification, "minAmplification");
    }
}

package org.kizashi.active.subscriber;

import java.util.Objects;
import org.kizashi.core.net.IpPrefix;

/** One row of the ISP table: a prefix, the autonomous system announcing it and the ISP that serves it. */
public record IspEntry(IpPrefix prefix, long asn, String isp) {
    static final long MAX_ASN = 4_294_967_295L;

    public IspEntry {
        Objects.requireNonNull(prefix, "prefix");
        if (asn < 0 || asn > MAX_ASN) {
            throw new IllegalArgumentException("AS number out of range: " + asn);
        }
        if (isp == null || isp.isBlank()) {
            throw new IllegalArgumentException("ISP must not be empty");
        }
    }

    @Override
    public String toString() {
        return prefix + " AS" + asn + " " + isp;
    }
}

package org.kizashi.telescope.enrich;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import org.kizashi.core.net.IpAddress;

/** Address conversions and lookups by text, for the enrichment tests. */
final class TestLookups {
    private TestLookups() {
    }

    /** The IPv4 address as the int the MMDB writer takes. */
    static int v4(String address) throws IOException {
        return new BigInteger(1, InetAddress.getByName(address).getAddress()).intValue();
    }

    static String country(SourceEnricher e, String address) {
        IpAddress a = IpAddress.parse(address);
        return e.country(a.high(), a.low());
    }

    static long asn(SourceEnricher e, String address) {
        IpAddress a = IpAddress.parse(address);
        return e.asn(a.high(), a.low());
    }
}

package org.kizashi.bench;

import java.util.SplittableRandom;
import org.kizashi.telescope.enrich.SourceEnricher;

/**
 * A stand-in for a GeoIP database, so that the aggregation benchmarks see a realistic spread of keys: every IPv4 /16
 * (IPv6 /32) belongs to one of 100 countries and one of 5,000 autonomous systems, both heavy-tailed (a few countries
 * and networks hold most addresses, as in real scans). Deterministic, allocation-free, a table lookup per call.
 */
public final class SyntheticGeo implements SourceEnricher {
    private static final String[] COUNTRIES = {"CN", "US", "RU", "BR", "IN", "VN", "KR", "TW", "ID", "DE", "NL", "FR",
        "GB", "JP", "TH", "TR", "IR", "UA", "MX", "AR", "CO", "EG", "PK", "BD", "PH", "MY", "ZA", "NG", "IT", "ES", "PL",
        "RO", "CA", "AU", "SG", "HK", "SE", "CH", "BG", "CZ", "HU", "GR", "PT", "IL", "SA", "AE", "KZ", "BY", "CL", "PE",
        "VE", "EC", "MA", "DZ", "TN", "KE", "ET", "GH", "TZ", "UG", "ZW", "NP", "LK", "MM", "KH", "LA", "MN", "IQ", "SY",
        "JO", "LB", "KW", "QA", "OM", "BH", "YE", "AF", "AZ", "AM", "GE", "MD", "LT", "LV", "EE", "FI", "NO", "DK", "IE",
        "BE", "AT", "SK", "SI", "HR", "RS", "BA", "MK", "AL", "NZ", "PA", "CR"};
    private static final int ASNS = 5_000;

    private final byte[] countryOf = new byte[65_536];
    private final int[] asnOf = new int[65_536];

    public SyntheticGeo() {
        SplittableRandom random = new SplittableRandom(0x6E0);
        int[] asns = new int[ASNS];
        for (int a = 0; a < ASNS; a++) {
            asns[a] = 1_000 + random.nextInt(400_000);
        }
        for (int block = 0; block < 65_536; block++) {
            countryOf[block] = (byte) heavyTailed(random, COUNTRIES.length);
            asnOf[block] = asns[heavyTailed(random, ASNS)];
        }
    }

    /** An index in [0, n), index k about twice as likely as index 2k. */
    private static int heavyTailed(SplittableRandom random, int n) {
        return (int) Math.min(n - 1, Math.pow(n + 1.0, random.nextDouble()) - 1);
    }

    private static int block(long high, long low) {
        boolean v4 = high == 0 && (low >>> 32) == 0xffffL;
        return v4 ? (int) (low >>> 16) & 0xffff : (int) ((high >>> 32) * 0x9E37_79B9L >>> 16) & 0xffff;
    }

    @Override
    public String country(long high, long low) {
        return COUNTRIES[countryOf[block(high, low)]];
    }

    @Override
    public long asn(long high, long low) {
        return asnOf[block(high, low)];
    }
}

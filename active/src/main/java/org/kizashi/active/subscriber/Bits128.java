package org.kizashi.active.subscriber;

import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Unsigned 128-bit arithmetic on the two longs of {@link IpAddress}'s 16-byte form, so that lookups compare and mask
 * primitives instead of allocating byte arrays.
 */
final class Bits128 {
    private Bits128() {
    }

    static int compare(long hiA, long loA, long hiB, long loB) {
        int c = Long.compareUnsigned(hiA, hiB);
        return c != 0 ? c : Long.compareUnsigned(loA, loB);
    }

    /** The prefix length in the 128-bit space: an IPv4 /24 is a /120 of the IPv4-mapped form. */
    static int length128(IpPrefix prefix) {
        return prefix.network().isV4() ? prefix.length() + 96 : prefix.length();
    }

    static long maskHigh(long high, int length128) {
        if (length128 >= 64) {
            return high;
        }
        return length128 == 0 ? 0 : high & (-1L << (64 - length128));
    }

    static long maskLow(long low, int length128) {
        if (length128 <= 64) {
            return 0;
        }
        return length128 == 128 ? low : low & (-1L << (128 - length128));
    }

    /** The high half of the last address of a prefix (host bits all ones). */
    static long lastHigh(long high, int length128) {
        if (length128 >= 64) {
            return high;
        }
        return length128 == 0 ? -1L : high | (-1L >>> length128);
    }

    static long lastLow(long low, int length128) {
        if (length128 <= 64) {
            return -1L;
        }
        return length128 == 128 ? low : low | (-1L >>> (length128 - 64));
    }

    static IpPrefix prefix(long high, long low, int length128, boolean v4) {
        return new IpPrefix(IpAddress.of(high, low), v4 ? length128 - 96 : length128);
    }
}

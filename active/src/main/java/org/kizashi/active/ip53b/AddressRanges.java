package org.kizashi.active.ip53b;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Prefixes merged into disjoint, non-adjacent ranges: nft refuses interval set elements that overlap, and adjacent
 * ones would only be merged by nft itself, so the file says what the kernel will hold.
 */
final class AddressRanges {
    /** An inclusive range of one family's addresses, as numbers (32 bits for IPv4, 128 for IPv6). */
    record Range(BigInteger first, BigInteger last, boolean v4) {
        /** nft's spelling: an address, a prefix, or first-last. */
        String nftElement() {
            BigInteger size = last.subtract(first).add(BigInteger.ONE);
            if (size.equals(BigInteger.ONE)) {
                return address(first, v4).toString();
            }
            boolean powerOfTwo = size.bitCount() == 1;
            if (powerOfTwo && first.mod(size).signum() == 0) {
                int length = (v4 ? 32 : 128) - (size.bitLength() - 1);
                return address(first, v4) + "/" + length;
            }
            return address(first, v4) + "-" + address(last, v4);
        }
    }

    private AddressRanges() {
    }

    /** The merged ranges of the prefixes of one family ({@code v4} or not), in address order. */
    static List<Range> merged(Collection<IpPrefix> prefixes, boolean v4) {
        List<Range> ranges = new ArrayList<>();
        for (IpPrefix p : prefixes) {
            if (p.network().isV4() == v4) {
                ranges.add(new Range(number(p.first(), v4), number(p.last(), v4), v4));
            }
        }
        return merge(ranges);
    }

    /** Single addresses of one family, deduplicated, in order. */
    static List<Range> singles(Collection<IpAddress> addresses, boolean v4) {
        List<Range> ranges = new ArrayList<>();
        for (IpAddress a : addresses) {
            if (a.isV4() == v4) {
                BigInteger n = number(a, v4);
                ranges.add(new Range(n, n, v4));
            }
        }
        return merge(ranges);
    }

    private static List<Range> merge(List<Range> ranges) {
        ranges.sort(Comparator.comparing(Range::first));
        List<Range> out = new ArrayList<>();
        for (Range r : ranges) {
            if (!out.isEmpty()) {
                Range last = out.get(out.size() - 1);
                if (r.first().compareTo(last.last().add(BigInteger.ONE)) <= 0) {
                    if (r.last().compareTo(last.last()) > 0) {
                        out.set(out.size() - 1, new Range(last.first(), r.last(), last.v4()));
                    }
                    continue;
                }
            }
            out.add(r);
        }
        return out;
    }

    private static BigInteger number(IpAddress a, boolean v4) {
        byte[] b = a.toBytes();
        return v4 ? new BigInteger(1, Arrays.copyOfRange(b, 12, 16)) : new BigInteger(1, b);
    }

    private static IpAddress address(BigInteger n, boolean v4) {
        if (v4) {
            return IpAddress.ofV4(n.intValue());
        }
        byte[] raw = n.toByteArray();
        byte[] sixteen = new byte[16];
        int copy = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - copy, sixteen, 16 - copy, copy);
        return IpAddress.fromBytes(sixteen);
    }
}

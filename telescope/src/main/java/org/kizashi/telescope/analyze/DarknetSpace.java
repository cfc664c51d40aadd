package org.kizashi.telescope.analyze;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kizashi.core.net.IpPrefix;

/**
 * The address space a telescope watches: packets to these prefixes are darknet traffic, the rest is not analysed
 * further. Empty means "everything", for captures taken on a darknet link. Lookups are a binary search over merged,
 * sorted ranges, so thousands of prefixes cost no more than a few comparisons per packet.
 */
public final class DarknetSpace {
    private final List<IpPrefix> prefixes;
    // Sorted, non-overlapping [first, last] ranges as pairs of 128-bit values.
    private final long[] firstHigh;
    private final long[] firstLow;
    private final long[] lastHigh;
    private final long[] lastLow;

    private DarknetSpace(List<IpPrefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        IpPrefix[] sorted = prefixes.toArray(IpPrefix[]::new);
        Arrays.sort(sorted, Comparator.comparing(IpPrefix::first));
        long[] fh = new long[sorted.length];
        long[] fl = new long[sorted.length];
        long[] lh = new long[sorted.length];
        long[] ll = new long[sorted.length];
        int n = 0;
        for (IpPrefix p : sorted) {
            long pfh = p.first().high();
            long pfl = p.first().low();
            long plh = p.last().high();
            long pll = p.last().low();
            if (n > 0 && compare(pfh, pfl, lh[n - 1], ll[n - 1]) <= 0) {
                if (compare(plh, pll, lh[n - 1], ll[n - 1]) > 0) { // overlaps the previous range: extend it
                    lh[n - 1] = plh;
                    ll[n - 1] = pll;
                }
                continue;
            }
            fh[n] = pfh;
            fl[n] = pfl;
            lh[n] = plh;
            ll[n] = pll;
            n++;
        }
        this.firstHigh = Arrays.copyOf(fh, n);
        this.firstLow = Arrays.copyOf(fl, n);
        this.lastHigh = Arrays.copyOf(lh, n);
        this.lastLow = Arrays.copyOf(ll, n);
    }

    public static DarknetSpace everything() {
        return new DarknetSpace(List.of());
    }

    public static DarknetSpace of(List<IpPrefix> prefixes) {
        return new DarknetSpace(prefixes);
    }

    public boolean isEverything() {
        return prefixes.isEmpty();
    }

    public List<IpPrefix> prefixes() {
        return prefixes;
    }

    /** The number of addresses watched (IPv4 only; IPv6 space is too large to be a useful denominator), or 0. */
    public long ipv4AddressCount() {
        long count = 0;
        for (int i = 0; i < firstHigh.length; i++) { // merged ranges, so overlapping prefixes count once
            if (firstHigh[i] == 0 && (firstLow[i] >>> 32) == 0xffffL) {
                count += lastLow[i] - firstLow[i] + 1;
            }
        }
        return count;
    }

    public boolean contains(long high, long low) {
        if (prefixes.isEmpty()) {
            return true;
        }
        int lo = 0;
        int hi = firstHigh.length - 1;
        while (lo <= hi) { // the last range whose first address is <= the address
            int mid = (lo + hi) >>> 1;
            if (compare(firstHigh[mid], firstLow[mid], high, low) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && compare(high, low, lastHigh[hi], lastLow[hi]) <= 0;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }
}

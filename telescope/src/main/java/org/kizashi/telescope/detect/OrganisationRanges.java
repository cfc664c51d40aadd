package org.kizashi.telescope.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.OrganisationNetwork;

/**
 * Which registered organisation range, if any, an address lies in; the most specific range wins when ranges nest.
 * Built once into disjoint intervals, so a lookup is one binary search and allocates nothing.
 */
public final class OrganisationRanges {
    private final long[] startHigh;
    private final long[] startLow;
    private final OrganisationNetwork[] owner; // null: no range covers [start[i], start[i + 1])

    private OrganisationRanges(long[] startHigh, long[] startLow, OrganisationNetwork[] owner) {
        this.startHigh = startHigh;
        this.startLow = startLow;
        this.owner = owner;
    }

    public static OrganisationRanges of(List<OrganisationNetwork> networks) {
        // Boundaries: every range's first address and the address after its last; between two neighbouring
        // boundaries, the set of covering ranges does not change.
        TreeSet<IpAddress> boundaries = new TreeSet<>();
        for (OrganisationNetwork n : networks) {
            boundaries.add(n.prefix().first());
            IpAddress after = next(n.prefix().last());
            if (after != null) {
                boundaries.add(after);
            }
        }
        List<IpAddress> starts = new ArrayList<>(boundaries);
        long[] high = new long[starts.size()];
        long[] low = new long[starts.size()];
        OrganisationNetwork[] owners = new OrganisationNetwork[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            IpAddress start = starts.get(i);
            high[i] = start.high();
            low[i] = start.low();
            OrganisationNetwork best = null;
            for (OrganisationNetwork n : networks) {
                if (n.prefix().contains(start) && (best == null || n.prefix().length() > best.prefix().length()
                        || (n.prefix().length() == best.prefix().length() && n.id() < best.id()))) {
                    best = n;
                }
            }
            owners[i] = best;
        }
        return new OrganisationRanges(high, low, owners);
    }

    public boolean isEmpty() {
        return owner.length == 0;
    }

    /** The most specific range containing the address, or null. */
    public OrganisationNetwork find(long high, long low) {
        int lo = 0;
        int hi = owner.length - 1;
        int found = -1;
        while (lo <= hi) { // the last start <= address
            int mid = (lo + hi) >>> 1;
            if (compare(startHigh[mid], startLow[mid], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : owner[found];
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /** The address after {@code a} in the 128-bit space, or null after the very last one. */
    private static IpAddress next(IpAddress a) {
        long low = a.low() + 1;
        long high = low == 0 ? a.high() + 1 : a.high();
        if (low == 0 && high == 0) {
            return null;
        }
        return IpAddress.of(high, low);
    }

    @Override
    public String toString() {
        return "OrganisationRanges" + Arrays.toString(owner);
    }
}

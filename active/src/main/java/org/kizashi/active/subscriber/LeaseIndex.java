package org.kizashi.active.subscriber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;

/**
 * Millions of leases in columns of primitives rather than objects (a few dozen bytes a lease instead of a few
 * hundred). Leases are grouped by address or prefix and sorted by start within each group; with the running maximum
 * of the ends, the leases meeting a time are found by one binary search and a short walk back. Leases handed out as
 * evidence are rebuilt from the columns.
 *
 * <p>A lease with no recorded end is taken to last until the next lease on the same addresses (and overlapping
 * ports) starts, or until the records' "as of" time. When that next lease is someone else's, only the part up to
 * the lease's last sighting is certain; the rest is the gap {@link SubscriberResolver} refuses to attribute.
 */
final class LeaseIndex {
    static final int NO_PORTS = 1 << 16; // first 1, last 0: no valid range packs to this

    /** The groups of one address family and prefix length, for masking the looked-up address once per length. */
    private record Family(boolean v4, int length128, int firstGroup, int endGroup) {
    }

    private final long[] groupHigh;
    private final long[] groupLow;
    private final int[] groupFirstLease;
    private final long[] start;
    private final long[] end;
    private final long[] lastSeen;
    private final long[] effectiveEnd;
    private final long[] maxEffectiveEnd;
    private final int[] subscriber;
    private final int[] ports;
    private final int[] firstSource;
    private final long[] sources;
    private final BitSet uncertainAfterLastSeen = new BitSet();
    private final Map<Integer, Integer> successor = new HashMap<>();
    private final long asOf;
    // Set once by of(), before the index is handed out.
    private Family[] families;
    private String[] subscribers;
    private String[] files;
    // Filled as evidence is asked for; a racing duplicate is harmless (equal immutable values).
    private IpPrefix[] groupPrefix;

    private LeaseIndex(int leases, int groups, int sourceCount, long asOf) {
        groupHigh = new long[groups];
        groupLow = new long[groups];
        groupFirstLease = new int[groups + 1];
        start = new long[leases];
        end = new long[leases];
        lastSeen = new long[leases];
        effectiveEnd = new long[leases];
        maxEffectiveEnd = new long[leases];
        subscriber = new int[leases];
        ports = new int[leases];
        firstSource = new int[leases + 1];
        sources = new long[sourceCount];
        this.asOf = asOf;
    }

    /** A lease with its sort key taken out once, so sorting compares primitives. */
    private record Keyed(boolean v4, int length128, long high, long low, long start, AddressLease lease) {
    }

    private static final Comparator<Keyed> ORDER = (a, b) -> {
        if (a.v4 != b.v4) {
            return a.v4 ? -1 : 1;
        }
        if (a.length128 != b.length128) {
            return Integer.compare(a.length128, b.length128);
        }
        int c = Bits128.compare(a.high, a.low, b.high, b.low);
        return c != 0 ? c : Long.compare(a.start, b.start);
    };

    /**
     * @param asOf when the records end, or {@code null} to let leases without end run on indefinitely
     */
    static LeaseIndex of(Collection<AddressLease> leases, Instant asOf) {
        Keyed[] keyed = new Keyed[leases.size()];
        int n = 0;
        int sourceCount = 0;
        for (AddressLease lease : leases) {
            IpPrefix p = lease.addresses();
            keyed[n++] = new Keyed(p.network().isV4(), Bits128.length128(p), p.network().high(), p.network().low(),
                    LeaseTimes.nanos(lease.start()), lease);
            sourceCount += lease.sources().size();
        }
        Arrays.sort(keyed, ORDER);
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || !sameGroup(keyed[i - 1], keyed[i])) {
                groups++;
            }
        }
        LeaseIndex index = new LeaseIndex(n, groups, sourceCount, asOf == null ? LeaseTimes.OPEN
                : LeaseTimes.nanos(asOf));
        Map<String, Integer> subscriberIds = new HashMap<>();
        Map<String, Integer> fileIds = new HashMap<>();
        List<Family> families = new ArrayList<>();
        int group = -1;
        int source = 0;
        for (int i = 0; i < n; i++) {
            Keyed k = keyed[i];
            if (i == 0 || !sameGroup(keyed[i - 1], k)) {
                group++;
                index.groupHigh[group] = k.high;
                index.groupLow[group] = k.low;
                index.groupFirstLease[group] = i;
                Family last = families.isEmpty() ? null : families.get(families.size() - 1);
                if (last == null || last.v4 != k.v4 || last.length128 != k.length128) {
                    if (last != null) {
                        families.set(families.size() - 1, new Family(last.v4, last.length128, last.firstGroup, group));
                    }
                    families.add(new Family(k.v4, k.length128, group, -1));
                }
            }
            AddressLease lease = k.lease;
            index.start[i] = k.start;
            index.end[i] = lease.end() == null ? LeaseTimes.OPEN : LeaseTimes.nanos(lease.end());
            index.lastSeen[i] = LeaseTimes.nanos(lease.lastSeen());
            index.subscriber[i] = subscriberIds.computeIfAbsent(lease.subscriber(), s -> subscriberIds.size());
            index.ports[i] = lease.ports() == null ? NO_PORTS : lease.ports().first() << 16 | lease.ports().last();
            index.firstSource[i] = source;
            for (SourceLine line : lease.sources()) {
                int file = fileIds.computeIfAbsent(line.file(), f -> fileIds.size());
                index.sources[source++] = (long) file << 32 | (line.line() & 0xffffffffL);
            }
        }
        index.groupFirstLease[groups] = n;
        index.firstSource[n] = source;
        if (!families.isEmpty()) {
            Family last = families.get(families.size() - 1);
            families.set(families.size() - 1, new Family(last.v4, last.length128, last.firstGroup, groups));
        }
        index.families = families.toArray(Family[]::new);
        index.subscribers = names(subscriberIds);
        index.files = names(fileIds);
        index.groupPrefix = new IpPrefix[groups];
        for (int g = 0; g < groups; g++) {
            index.settleEnds(index.groupFirstLease[g], index.groupFirstLease[g + 1]);
        }
        return index;
    }

    private static boolean sameGroup(Keyed a, Keyed b) {
        return a.v4 == b.v4 && a.length128 == b.length128 && a.high == b.high && a.low == b.low;
    }

    private static String[] names(Map<String, Integer> ids) {
        String[] names = new String[ids.size()];
        ids.forEach((name, id) -> names[id] = name);
        return names;
    }

    /** Gives each open lease of a group its effective end, and fills the running maximum of the ends. */
    private void settleEnds(int from, int to) {
        long runningMax = Long.MIN_VALUE;
        for (int j = from; j < to; j++) {
            if (end[j] != LeaseTimes.OPEN) {
                effectiveEnd[j] = end[j];
            } else {
                int next = j + 1;
                while (next < to && (start[next] <= start[j] || !portsOverlap(ports[j], ports[next]))) {
                    next++;
                }
                long seenUntil = lastSeen[j] + 1;
                if (next < to) {
                    effectiveEnd[j] = Math.max(start[next], seenUntil);
                    if (subscriber[next] != subscriber[j] && seenUntil <= start[next]) {
                        uncertainAfterLastSeen.set(j);
                        successor.put(j, next);
                    }
                } else {
                    effectiveEnd[j] = asOf == LeaseTimes.OPEN ? LeaseTimes.OPEN : Math.max(asOf, seenUntil);
                }
            }
            runningMax = Math.max(runningMax, effectiveEnd[j]);
            maxEffectiveEnd[j] = runningMax;
        }
    }

    static boolean portsOverlap(int a, int b) {
        if (a == NO_PORTS || b == NO_PORTS) {
            return true;
        }
        return (a >>> 16) <= (b & 0xffff) && (b >>> 16) <= (a & 0xffff);
    }

    int size() {
        return start.length;
    }

    long asOf() {
        return asOf;
    }

    /**
     * The leases on prefixes containing the address whose effective interval meets the closed window
     * {@code [from, to]} (nanoseconds).
     */
    int[] near(IpAddress address, long from, long to) {
        int[] found = new int[4];
        int count = 0;
        long high = address.high();
        long low = address.low();
        boolean v4 = address.isV4();
        for (Family f : families) {
            if (f.v4 != v4) {
                continue;
            }
            int g = group(f, high, low);
            if (g < 0) {
                continue;
            }
            int first = groupFirstLease[g];
            for (int j = lastStartingBy(first, groupFirstLease[g + 1], to); j >= first; j--) {
                if (maxEffectiveEnd[j] <= from) {
                    break;
                }
                if (effectiveEnd[j] > from) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, count * 2);
                    }
                    found[count++] = j;
                }
            }
        }
        return Arrays.copyOf(found, count);
    }

    /**
     * For explaining a miss: the latest effective end at or before {@code time}, the earliest start after it (as
     * nanoseconds, or {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} when there is none), and how many leases the
     * address has at all.
     */
    long[] around(IpAddress address, long time) {
        long before = Long.MIN_VALUE;
        long after = Long.MAX_VALUE;
        long count = 0;
        for (Family f : families) {
            if (f.v4 != address.isV4()) {
                continue;
            }
            int g = group(f, address.high(), address.low());
            if (g < 0) {
                continue;
            }
            int first = groupFirstLease[g];
            int endLease = groupFirstLease[g + 1];
            count += endLease - first;
            int j = lastStartingBy(first, endLease, time);
            if (j >= first && maxEffectiveEnd[j] <= time) {
                before = Math.max(before, maxEffectiveEnd[j]);
            }
            if (j + 1 < endLease) {
                after = Math.min(after, start[j + 1]);
            }
        }
        return new long[] {before, after, count};
    }

    private int group(Family f, long high, long low) {
        long h = Bits128.maskHigh(high, f.length128);
        long l = Bits128.maskLow(low, f.length128);
        int lo = f.firstGroup;
        int hi = f.endGroup - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Bits128.compare(groupHigh[mid], groupLow[mid], h, l);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /** The last lease in {@code [from, to)} starting at or before {@code time}, or {@code from - 1}. */
    private int lastStartingBy(int from, int to, long time) {
        int lo = from;
        int hi = to - 1;
        int found = from - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    long start(int lease) {
        return start[lease];
    }

    long effectiveEnd(int lease) {
        return effectiveEnd[lease];
    }

    /** Where the lease stops being certain: its effective end, or just after its last sighting when cut short. */
    long certainEnd(int lease) {
        return uncertainAfterLastSeen.get(lease) ? lastSeen[lease] + 1 : effectiveEnd[lease];
    }

    int subscriber(int lease) {
        return subscriber[lease];
    }

    String subscriberName(int lease) {
        return subscribers[subscriber[lease]];
    }

    boolean hasPorts(int lease) {
        return ports[lease] != NO_PORTS;
    }

    boolean coversPort(int lease, int port) {
        int p = ports[lease];
        return p == NO_PORTS || (port >= (p >>> 16) && port <= (p & 0xffff));
    }

    /** The later lease of someone else that cut this open lease short, or -1. */
    int successor(int lease) {
        return successor.getOrDefault(lease, -1);
    }

    private IpPrefix prefixOf(int group) {
        for (Family f : families) {
            if (group >= f.firstGroup && group < f.endGroup) {
                return Bits128.prefix(groupHigh[group], groupLow[group], f.length128, f.v4);
            }
        }
        throw new IllegalStateException("group " + group + " has no family");
    }

    /** The lease as it was given, rebuilt from the columns. */
    AddressLease lease(int lease) {
        int g = Arrays.binarySearch(groupFirstLease, lease);
        if (g < 0) {
            g = -g - 2; // inside group g; groups are never empty, so an exact hit is the group's first lease
        }
        IpPrefix addresses = groupPrefix[g];
        if (addresses == null) {
            addresses = prefixOf(g);
            groupPrefix[g] = addresses;
        }
        int p = ports[lease];
        PortRange range = p == NO_PORTS ? null : new PortRange(p >>> 16, p & 0xffff);
        List<SourceLine> lines = new ArrayList<>(firstSource[lease + 1] - firstSource[lease]);
        for (int s = firstSource[lease]; s < firstSource[lease + 1]; s++) {
            lines.add(new SourceLine(files[(int) (sources[s] >>> 32)], (int) sources[s]));
        }
        return new AddressLease(subscribers[subscriber[lease]], addresses, range, LeaseTimes.instant(start[lease]),
                end[lease] == LeaseTimes.OPEN ? null : LeaseTimes.instant(end[lease]),
                LeaseTimes.instant(lastSeen[lease]), lines);
    }
}

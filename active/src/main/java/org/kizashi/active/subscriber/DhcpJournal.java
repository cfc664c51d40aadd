package org.kizashi.active.subscriber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kizashi.core.net.IpPrefix;

/**
 * DHCP lease files are journals: the server appends the whole lease again at every renewal, release or expiry, and
 * the last entry for an address is its truth. This folds the entries of each address into bindings: renewals by the
 * same client extend one binding, a release or expiry ends it where the entry says, and an entry for another client
 * ends the previous binding no later than the new one starts (the server gave the address away then).
 */
final class DhcpJournal {
    private final Map<IpPrefix, Binding> current = new LinkedHashMap<>();
    private final List<AddressLease> ended = new ArrayList<>();

    /**
     * One journal entry, in file order.
     *
     * @param bound true for a binding in force (ISC "active", Kea state 0), false for one that ended (free,
     *              released, expired)
     */
    void observe(IpPrefix addresses, String subscriber, Instant start, Instant end, Instant lastSeen, boolean bound,
                 SourceLine where) {
        Binding b = current.remove(addresses);
        if (b != null) {
            boolean sameBinding = b.subscriber.equals(subscriber) && !start.isBefore(b.start)
                    && (b.end == null || !start.isAfter(b.end));
            if (sameBinding) {
                b.end = end;
                b.lastSeen = lastSeen.isAfter(b.lastSeen) ? lastSeen : b.lastSeen;
                b.latest = where;
                if (bound) {
                    current.put(addresses, b);
                } else {
                    ended.add(b.lease());
                }
                return;
            }
            if (!start.isBefore(b.start) && (b.end == null || b.end.isAfter(start))) {
                b.end = start;
            }
            ended.add(b.lease());
        }
        Binding fresh = new Binding(subscriber, addresses, start, end, lastSeen, where);
        if (bound) {
            current.put(addresses, fresh);
        } else if (end == null || end.isAfter(start)) {
            ended.add(fresh.lease());
        }
    }

    /** Every binding seen, the ones still in force included. */
    List<AddressLease> leases() {
        List<AddressLease> all = new ArrayList<>(ended.size() + current.size());
        all.addAll(ended);
        for (Binding b : current.values()) {
            all.add(b.lease());
        }
        return all;
    }

    /** A binding being folded; only its first and latest lines are kept as evidence. */
    private static final class Binding {
        final String subscriber;
        final IpPrefix addresses;
        final Instant start;
        final SourceLine first;
        Instant end;
        Instant lastSeen;
        SourceLine latest;

        Binding(String subscriber, IpPrefix addresses, Instant start, Instant end, Instant lastSeen,
                SourceLine first) {
            this.subscriber = subscriber;
            this.addresses = addresses;
            this.start = start;
            this.end = end;
            this.lastSeen = lastSeen;
            this.first = first;
            this.latest = first;
        }

        AddressLease lease() {
            Instant seen = lastSeen.isBefore(start) ? start : lastSeen;
            if (end != null && seen.isAfter(end)) {
                seen = end;
            }
            List<SourceLine> sources = latest.equals(first) ? List.of(first) : List.of(first, latest);
            return new AddressLease(subscriber, addresses, null, start, end, seen, sources);
        }
    }
}

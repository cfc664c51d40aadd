package org.kizashi.active.subscriber;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.kizashi.core.net.IpAddress;

/**
 * Attributes a reported address, time and (behind CGNAT) source port to the subscriber who held it, from the ISP
 * table and the ISP's leases; refuses with a reason whenever the records allow more than one answer or none.
 * Intervals are {@code [start, end)}. Immutable after {@link Builder#build()}, so one resolver serves many threads.
 */
public final class SubscriberResolver {
    private final IspTable isps;
    private final LeaseIndex index;
    private final Duration tolerance;
    private final long toleranceNanos;

    private SubscriberResolver(IspTable isps, LeaseIndex index, Duration tolerance) {
        this.isps = isps;
        this.index = index;
        this.tolerance = tolerance;
        this.toleranceNanos = tolerance.compareTo(Duration.ofDays(36_500)) > 0
                ? Long.MAX_VALUE / 4 : tolerance.toNanos();
    }

    public static Builder builder(IspTable isps) {
        return new Builder(isps);
    }

    /**
     * Who held {@code address} at {@code time}.
     *
     * @param sourcePort the source port seen by the reporter; needed for CGNAT public addresses, ignored for
     *                   addresses leased whole
     */
    public Attribution resolve(IpAddress address, Instant time, OptionalInt sourcePort) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(sourcePort, "sourcePort");
        if (sourcePort.isPresent() && (sourcePort.getAsInt() < 0 || sourcePort.getAsInt() > PortRange.MAX_PORT)) {
            throw new IllegalArgumentException("port out of range: " + sourcePort.getAsInt());
        }
        Optional<IspEntry> isp = isps.lookup(address);
        if (isp.isEmpty()) {
            return new Attribution.Refused(Refusal.NO_ISP, address + " is in no prefix of the ISP table ("
                    + isps.size() + " prefixes): it is not these ISPs' address.", isp, List.of());
        }
        return new Query(address, time, sourcePort, isp).resolve();
    }

    /** The number of leases indexed. */
    public int leaseCount() {
        return index.size();
    }

    public Duration clockSkewTolerance() {
        return tolerance;
    }

    /** One resolution; holds its inputs so that the explanations can quote them. */
    private final class Query {
        private final IpAddress address;
        private final Instant time;
        private final OptionalInt port;
        private final Optional<IspEntry> isp;
        private final long t;
        private final Map<Integer, AddressLease> rebuilt = new HashMap<>();

        Query(IpAddress address, Instant time, OptionalInt port, Optional<IspEntry> isp) {
            this.address = address;
            this.time = time;
            this.port = port;
            this.isp = isp;
            this.t = LeaseTimes.nanos(time);
        }

        Attribution resolve() {
            int[] near = index.near(address, saturatedAdd(t, -toleranceNanos), saturatedAdd(t, toleranceNanos));
            List<Integer> atTime = new ArrayList<>();
            List<Integer> portBlocksAtTime = new ArrayList<>();
            List<Integer> portBlocksNear = new ArrayList<>();
            for (int lease : near) {
                boolean covers = index.start(lease) <= t && t < index.effectiveEnd(lease);
                if (covers) {
                    atTime.add(lease);
                }
                if (index.hasPorts(lease)) {
                    (covers ? portBlocksAtTime : portBlocksNear).add(lease);
                }
            }
            if (port.isEmpty() && !(portBlocksAtTime.isEmpty() && portBlocksNear.isEmpty())) {
                List<Integer> blocks = portBlocksAtTime.isEmpty() ? portBlocksNear : portBlocksAtTime;
                return refuse(Refusal.PORT_REQUIRED, address + " is a CGNAT public address shared by port blocks"
                        + " around " + time + " (" + blocks(blocks) + "); without the source port the"
                        + " subscriber cannot be told apart.", blocks);
            }
            List<Integer> matching = new ArrayList<>(atTime.size());
            List<Integer> nearMatching = new ArrayList<>(near.length);
            for (int lease : near) {
                if (port.isEmpty() || index.coversPort(lease, port.getAsInt())) {
                    nearMatching.add(lease);
                    if (atTime.contains(lease)) {
                        matching.add(lease);
                    }
                }
            }
            if (!atTime.isEmpty() && matching.isEmpty()) {
                return refuse(Refusal.PORT_NOT_COVERED, "Port " + port.getAsInt() + " of " + address + " is in none"
                        + " of the port blocks recorded at " + time + " (" + blocks(atTime) + ").", atTime);
            }
            if (matching.isEmpty()) {
                return refuse(Refusal.NO_LEASE, noLease(), List.of());
            }
            int holder = index.subscriber(matching.get(0));
            List<Integer> certain = new ArrayList<>(matching.size());
            for (int lease : matching) {
                if (index.subscriber(lease) != holder) {
                    return overlap(matching);
                }
                if (t < index.certainEnd(lease)) {
                    certain.add(lease);
                }
            }
            if (certain.isEmpty()) {
                return gap(matching);
            }
            List<Integer> others = new ArrayList<>();
            for (int lease : nearMatching) {
                if (index.subscriber(lease) != holder) {
                    others.add(lease);
                }
            }
            if (!others.isEmpty()) {
                List<Integer> both = new ArrayList<>(certain);
                both.addAll(others);
                return refuse(Refusal.AMBIGUOUS_BOUNDARY, address + portText() + " at " + time + " belongs to "
                        + index.subscriberName(certain.get(0))
                        + ", but the holder changes within the clock skew tolerance of " + tolerance + ": "
                        + describe(others) + ". The event cannot be placed on one side of the change.", both);
            }
            return new Attribution.Found(isp.orElseThrow(), index.subscriberName(certain.get(0)), leases(certain));
        }

        private Attribution overlap(List<Integer> matching) {
            Set<String> names = new LinkedHashSet<>();
            for (int lease : matching) {
                names.add(index.subscriberName(lease));
            }
            return refuse(Refusal.AMBIGUOUS_OVERLAP, "Records of " + names.size() + " different subscribers ("
                    + String.join(", ", names) + ") cover " + address + portText() + " at " + time + ": "
                    + describe(matching) + ". Refusing to guess; the records conflict and must be checked.",
                    matching);
        }

        private Attribution gap(List<Integer> uncertain) {
            int open = uncertain.get(0);
            List<Integer> evidence = new ArrayList<>(uncertain);
            int next = index.successor(open);
            String successorText = "";
            if (next >= 0) {
                evidence.add(next);
                successorText = ", and " + lease(next).describe() + " started after it";
            }
            AddressLease lease = lease(open);
            return refuse(Refusal.GAP, "The record " + lease.describe() + " has no end (a Stop record may be"
                    + " missing); it was last confirmed at " + lease.lastSeen() + successorText + ". Whether "
                    + lease.subscriber() + " still held " + address + " at " + time + " is not known; check the"
                    + " NAS or DHCP server logs for when that session ended.", evidence);
        }

        private String noLease() {
            long[] around = index.around(address, t);
            StringBuilder sb = new StringBuilder("No session, lease or mapping covers ").append(address)
                    .append(portText()).append(" at ").append(time);
            if (around[2] == 0) {
                sb.append("; there is no record of this address at all");
            } else {
                if (around[0] != Long.MIN_VALUE) {
                    sb.append("; the latest earlier record ended at ").append(LeaseTimes.instant(around[0]));
                }
                if (around[1] != Long.MAX_VALUE) {
                    sb.append("; the next record starts at ").append(LeaseTimes.instant(around[1]));
                }
            }
            sb.append('.');
            if (index.asOf() != LeaseTimes.OPEN && t >= index.asOf()) {
                sb.append(" The records were exported as of ").append(LeaseTimes.instant(index.asOf()))
                        .append("; later times are not covered.");
            }
            return sb.toString();
        }

        private String portText() {
            return port.isPresent() ? " port " + port.getAsInt() : "";
        }

        private AddressLease lease(int lease) {
            return rebuilt.computeIfAbsent(lease, index::lease);
        }

        private String blocks(List<Integer> leases) {
            return leases.stream().map(this::lease)
                    .map(l -> (l.ports() == null ? "whole address" : "ports " + l.ports()) + " for " + l.subscriber())
                    .collect(Collectors.joining(", "));
        }

        private String describe(List<Integer> leases) {
            StringBuilder sb = new StringBuilder();
            for (int lease : leases) {
                sb.append(sb.isEmpty() ? "" : "; ").append(lease(lease).describe());
            }
            return sb.toString();
        }

        private List<AddressLease> leases(List<Integer> leases) {
            List<AddressLease> list = new ArrayList<>(leases.size());
            for (int lease : leases) {
                list.add(lease(lease));
            }
            return list;
        }

        private Attribution refuse(Refusal reason, String explanation, List<Integer> evidence) {
            return new Attribution.Refused(reason, explanation, isp, leases(evidence));
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE - 1;
        }
        return sum;
    }

    /** Collects the leases; building sorts and indexes them once. */
    public static final class Builder {
        private final IspTable isps;
        private final List<AddressLease> leases = new ArrayList<>();
        private Duration tolerance = Duration.ZERO;
        private Instant asOf;

        private Builder(IspTable isps) {
            this.isps = Objects.requireNonNull(isps, "isps");
        }

        /**
         * How far the reporter's clock may be off from the ISP's: a time this close to a change of subscriber is
         * refused as {@link Refusal#AMBIGUOUS_BOUNDARY}. Default zero.
         */
        public Builder clockSkewTolerance(Duration tolerance) {
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * When the records end: a lease without end lasts at most until here. Without it such a lease runs on
         * indefinitely (unless a later lease on the address cuts it short).
         */
        public Builder asOf(Instant asOf) {
            this.asOf = asOf;
            return this;
        }

        public Builder add(AddressLease lease) {
            leases.add(Objects.requireNonNull(lease, "lease"));
            return this;
        }

        public Builder addAll(Collection<AddressLease> more) {
            more.forEach(this::add);
            return this;
        }

        /** The import's leases; its "as of" time applies (the earliest, when several imports are added). */
        public Builder add(LeaseImport imported) {
            addAll(imported.leases());
            asOf = asOf == null || imported.asOf().isBefore(asOf) ? imported.asOf() : asOf;
            return this;
        }

        public SubscriberResolver build() {
            return new SubscriberResolver(isps, LeaseIndex.of(leases, asOf), tolerance);
        }
    }
}

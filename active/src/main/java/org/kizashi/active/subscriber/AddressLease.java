package org.kizashi.active.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.kizashi.core.net.IpPrefix;

/**
 * A subscriber's hold on an address, a prefix (IPv6 delegation) or a port block of a shared address (CGNAT) for a
 * time, as one RADIUS session, DHCP lease or NAT mapping records it. The interval is {@code [start, end)}; the
 * source lines are the evidence that goes with an attribution.
 *
 * @param subscriber the subscriber as the ISP's records name them (RADIUS User-Name, DHCP relay remote id or MAC
 *                   address, a NAT log's subscriber column)
 * @param addresses  the address (a /32 or /128) or the delegated prefix
 * @param ports      the port block on a shared public address, or {@code null} when the whole address is the
 *                   subscriber's
 * @param start      first instant of the hold
 * @param end        first instant after the hold, or {@code null} when no end was recorded (a session still open)
 * @param lastSeen   the latest instant the records show the hold (the start, a RADIUS interim update, a DHCP renewal
 *                   or the end); when a lease without end is superseded by someone else's, only up to here is
 *                   attributed. {@code null} means the end, or the start for an open lease
 * @param sources    the lines the lease was read from
 */
public record AddressLease(String subscriber, IpPrefix addresses, PortRange ports, Instant start, Instant end,
                           Instant lastSeen, List<SourceLine> sources) {
    public AddressLease {
        if (subscriber == null || subscriber.isBlank()) {
            throw new IllegalArgumentException("subscriber must not be empty");
        }
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(start, "start");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        if (lastSeen == null) {
            lastSeen = end != null ? end : start;
        }
        if (lastSeen.isBefore(start) || (end != null && lastSeen.isAfter(end))) {
            throw new IllegalArgumentException("last seen " + lastSeen + " is outside " + start + ".." + end);
        }
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A lease read from one line, seen last at its end (or its start when open). */
    public AddressLease(String subscriber, IpPrefix addresses, PortRange ports, Instant start, Instant end,
                        SourceLine source) {
        this(subscriber, addresses, ports, start, end, null, source == null ? List.of() : List.of(source));
    }

    /** True when no end was recorded. */
    public boolean isOpen() {
        return end == null;
    }

    /** One line for explanations: who, what, when, and where it was read. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(subscriber).append(" held ").append(addresses);
        if (ports != null) {
            sb.append(" ports ").append(ports);
        }
        sb.append(" from ").append(start);
        if (end != null) {
            sb.append(" to ").append(end);
        } else {
            sb.append(", no end recorded (last seen ").append(lastSeen).append(')');
        }
        if (!sources.isEmpty()) {
            sb.append(" [");
            int shown = Math.min(sources.size(), 3);
            for (int i = 0; i < shown; i++) {
                sb.append(i > 0 ? ", " : "").append(sources.get(i));
            }
            if (sources.size() > shown) {
                sb.append(", ... ").append(sources.get(sources.size() - 1));
            }
            sb.append(']');
        }
        return sb.toString();
    }
}

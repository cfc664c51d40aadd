package org.kizashi.active.hits;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kizashi.core.active.PolicyAction;
import org.kizashi.core.net.IpAddress;

/**
 * One time a subscriber was kept from a listed name or address, whatever reported it: a resolver applying a Response
 * Policy Zone, the warning page, or a sinkhole. One shape for all of them so that counts add up across sources.
 *
 * @param time      when it happened
 * @param client    the subscriber's address as the reporter saw it
 * @param queryName the name asked for, canonical (see {@link org.kizashi.core.active.DomainNames}); empty when the
 *                  report names none (a sinkhole connection to a bare address)
 * @param list      the RPZ zone or list name, or the source label (for sinkholes, the report type)
 * @param action    what was applied, lower case: nxdomain, nodata, drop, passthru, tcp-only, local-data, cname,
 *                  cname-override, disabled, no-override, dns64, walled-garden or sinkhole
 * @param origin    what reported it
 * @param trigger   what matched, as the reporter wrote it ("qname evil.example.com", "clientip 192.0.2.0/24",
 *                  "qname evil.example.com.rpz.example" for BIND's policy owner name); may be empty
 * @param sinkhole  the sinkhole report's details, present only for {@link Origin#SINKHOLE}
 */
public record BlockEvent(Instant time, IpAddress client, String queryName, String list, String action, Origin origin,
                         String trigger, Optional<SinkholeDetail> sinkhole) {

    /** Who reported the event. */
    public enum Origin {
        UNBOUND, BIND, WARNING_PAGE, SINKHOLE
    }

    /** Actions after which the client still got the real answer: allow-list hits and log-only ("disabled") zones. */
    private static final Set<String> NOT_BLOCKING = Set.of("passthru", "disabled", "no-override");

    public BlockEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(queryName, "queryName");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
        trigger = trigger == null ? "" : trigger;
        Objects.requireNonNull(sinkhole, "sinkhole");
        action = action.toLowerCase(Locale.ROOT);
    }

    /** An event of a resolver log, which has no sinkhole details. */
    public static BlockEvent resolver(Instant time, IpAddress client, String queryName, String list, String action,
                                      Origin origin, String trigger) {
        return new BlockEvent(time, client, queryName, list, action, origin, trigger, Optional.empty());
    }

    /**
     * Whether the client was really kept from the answer. False for passthru (an allow-list or opt-out hit) and for
     * disabled policies (zones in log-only mode), which the resolvers log like blocks but which block nothing.
     */
    public boolean isBlock() {
        return !NOT_BLOCKING.contains(action);
    }

    /** How many blocks this event stands for: a DNS sinkhole line can aggregate several queries; otherwise 1. */
    public long count() {
        return sinkhole.map(SinkholeDetail::count).orElse(1L);
    }

    /**
     * The action in the platform's own terms, when it is one of them. Empty for resolver-specific actions
     * (local-data, cname, tcp-only...): a CNAME to the warning host is logged as such, and the log does not say
     * whether the target was the warning host.
     */
    public Optional<PolicyAction> policyAction() {
        return switch (action) {
            case "nxdomain" -> Optional.of(PolicyAction.NXDOMAIN);
            case "nodata" -> Optional.of(PolicyAction.NODATA);
            case "drop" -> Optional.of(PolicyAction.DROP);
            case "passthru" -> Optional.of(PolicyAction.PASSTHRU);
            case "walled-garden" -> Optional.of(PolicyAction.WALLED_GARDEN);
            default -> Optional.empty();
        };
    }
}

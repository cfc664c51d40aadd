package org.kizashi.core.telescope;

import java.time.Instant;
import java.util.Comparator;

/**
 * A sign of attack found by the telescope, kept so that people see it and the sharing hub can publish it as
 * indicators. {@link #kind()} is the name used in JSON and the UI.
 */
public sealed interface TelescopeAlert permits DosAttack, PortSurge, InfectedHost {
    /** "dos", "surge" or "infected_host". */
    String kind();

    Instant start();

    Instant end();

    /**
     * The order reports list alerts in: by start, then kind, then the strongest surge first and by port, host or
     * victim. It does not depend on the order the alerts were found in (which differs when shards of an analysis find
     * them in parallel).
     */
    Comparator<TelescopeAlert> REPORT_ORDER = Comparator.comparing(TelescopeAlert::start)
            .thenComparing(TelescopeAlert::kind)
            .thenComparing(TelescopeAlert::compareSameKindAndStart);

    /** Tie-break of {@link #REPORT_ORDER} for two alerts of one kind. */
    private static int compareSameKindAndStart(TelescopeAlert a, TelescopeAlert b) {
        return switch (a) {
            case PortSurge s -> {
                PortSurge o = (PortSurge) b;
                int byFactor = Double.compare(o.factor(), s.factor());
                yield byFactor != 0 ? byFactor : s.port().compareTo(o.port());
            }
            case InfectedHost h -> h.host().compareTo(((InfectedHost) b).host());
            case DosAttack d -> {
                DosAttack o = (DosAttack) b;
                int byVictim = d.victim().compareTo(o.victim());
                yield byVictim != 0 ? byVictim : Integer.compare(d.protocol(), o.protocol());
            }
        };
    }
}

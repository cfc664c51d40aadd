package org.kizashi.core.active;

import java.util.Locale;

/**
 * What a resolver does with a query that matches an entry, in the terms of Response Policy Zones (RPZ). Each action
 * has one fixed CNAME target in the zone, except the walled garden, whose target is the warning host.
 */
public enum PolicyAction {
    /** The name does not exist (CNAME "."). */
    NXDOMAIN,
    /** The name exists but has no data of the asked type (CNAME "*."). */
    NODATA,
    /** No answer at all (CNAME "rpz-drop."): the client times out. */
    DROP,
    /** Answer normally and stop looking at later policies (CNAME "rpz-passthru."): allow lists and opt-outs. */
    PASSTHRU,
    /** Send the client to the warning page (CNAME to the warning host). */
    WALLED_GARDEN;

    /** The command-line and file spelling: nxdomain, nodata, drop, passthru, walled-garden. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #label()} (case-insensitive; "_" is taken for "-"). */
    public static PolicyAction parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (PolicyAction action : values()) {
            if (action.label().equals(t)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + text
                + "' (expected nxdomain, nodata, drop, passthru or walled-garden)");
    }
}

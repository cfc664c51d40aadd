package org.kizashi.core.identity;

import java.util.Locale;

/** What a user may do. Each user has exactly one role inside their organisation. */
public enum Role {
    /** Manages organisations, users and tokens, and may do everything an analyst may. */
    ADMIN,
    /** Reads everything and writes analysis data (alerts, indicators, cases). */
    ANALYST,
    /** Reads only. */
    VIEWER;

    public boolean atLeast(Role other) {
        return this.ordinal() <= other.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "admin", "analyst" or "viewer" (any case). */
    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.id().equalsIgnoreCase(text.trim())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (expected admin, analyst or viewer)");
    }
}

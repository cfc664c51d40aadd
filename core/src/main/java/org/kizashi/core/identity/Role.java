package org.kizashi.core.identity;

import org.kizashi.core.EnumIds;

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
        return EnumIds.id(this);
    }

    /** Parses "admin", "analyst" or "viewer" (any case). */
    public static Role parse(String text) {
        return EnumIds.parse(Role.class, "role", text);
    }
}

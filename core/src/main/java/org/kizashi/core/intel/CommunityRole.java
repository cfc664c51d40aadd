package org.kizashi.core.intel;

import org.kizashi.core.EnumIds;

/** What an organisation is in a sharing community; it decides the narrowest level the organisation reads there. */
public enum CommunityRole {
    /** Runs the community; publishes on behalf of anonymised providers; reads every level. */
    SECRETARIAT(SharingLevel.RED),
    /** Analyses what is shared; reads every level. */
    ANALYST(SharingLevel.RED),
    /** Provides items (and reads as a participant; its own items at every level). */
    PROVIDER(SharingLevel.AMBER),
    /** A member (for C4TAP: of the CEPTOAR council). */
    PARTICIPANT(SharingLevel.AMBER),
    /** Follows the community; reads Yellow once it has agreed to the rules, Green before. */
    OBSERVER(SharingLevel.YELLOW),
    /** Related to the community but not yet participating. */
    RELATED(SharingLevel.GREEN);

    private final SharingLevel narrowestReadable;

    CommunityRole(SharingLevel narrowestReadable) {
        this.narrowestReadable = narrowestReadable;
    }

    /** The narrowest level this role reads, for an observer once it has agreed to the rules. */
    public SharingLevel narrowestReadable() {
        return narrowestReadable;
    }

    public String id() {
        return EnumIds.id(this);
    }

    /** Parses "secretariat", "analyst", "provider", "participant", "observer" or "related" (any case). */
    public static CommunityRole parse(String text) {
        return EnumIds.parse(CommunityRole.class, "community role", text);
    }
}

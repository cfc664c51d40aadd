package org.kizashi.core.intel;

import org.kizashi.core.EnumIds;

/**
 * The five sharing ranges of C4TAP, from the narrowest to the widest audience. Each level's audience contains the
 * audience of every narrower level:
 * <ul>
 *   <li>{@link #RED}: the provider, the secretariat and the analysts only;</li>
 *   <li>{@link #AMBER}: Red and the participants (members of the community);</li>
 *   <li>{@link #YELLOW}: Amber and the observers who have agreed to the rules;</li>
 *   <li>{@link #GREEN}: Yellow and the related organisations not yet participating;</li>
 *   <li>{@link #WHITE}: everyone (public).</li>
 * </ul>
 * For export beyond the hub each level carries the nearest TLP 2.0 marking that is <em>not wider</em> than the
 * level, so that a recipient who follows TLP never spreads an item further than its level allows (ADR 0017).
 */
public enum SharingLevel {
    RED("TLP:RED"),
    AMBER("TLP:AMBER+STRICT"),
    YELLOW("TLP:AMBER"),
    GREEN("TLP:GREEN"),
    WHITE("TLP:CLEAR");

    private final String tlp;

    SharingLevel(String tlp) {
        this.tlp = tlp;
    }

    /** The TLP 2.0 label put on exported copies. */
    public String tlp() {
        return tlp;
    }

    /** Whether everyone who may read {@code other} may read this too: this audience contains the other's. */
    public boolean atLeastAsWideAs(SharingLevel other) {
        return ordinal() >= other.ordinal();
    }

    /** Whether this audience contains the other's and more. */
    public boolean widerThan(SharingLevel other) {
        return ordinal() > other.ordinal();
    }

    /** "red", "amber", ...: the form used in URLs, JSON and the command line. */
    public String id() {
        return EnumIds.id(this);
    }

    /** Parses "red", "amber", "yellow", "green" or "white" (any case). */
    public static SharingLevel parse(String text) {
        return EnumIds.parse(SharingLevel.class, "sharing level", text);
    }
}

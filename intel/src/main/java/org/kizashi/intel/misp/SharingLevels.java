package org.kizashi.intel.misp;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.kizashi.core.intel.SharingLevel;

/** The widest hub level a MISP TLP tag or distribution allows (the table is in {@link MispImport}'s Javadoc). */
final class SharingLevels {
    /** MISP's "inherit from the event" distribution, valid for attributes and objects only. */
    static final int INHERIT = 5;

    private static final Map<String, SharingLevel> BY_TLP_TAG = Map.of(
            "tlp:red", SharingLevel.RED,
            // TLP:AMBER lets a recipient share inside its own organisation only: inside the hub that is Red.
            "tlp:amber", SharingLevel.RED,
            "tlp:amber+strict", SharingLevel.RED,
            "tlp:green", SharingLevel.GREEN,
            "tlp:white", SharingLevel.WHITE,
            "tlp:clear", SharingLevel.WHITE);

    private SharingLevels() {
    }

    /** The narrowest level of the TLP tags among {@code tags}, or null when there is none. */
    static SharingLevel ofTlpTags(Collection<String> tags) {
        SharingLevel level = null;
        for (String tag : tags) {
            SharingLevel tlp = BY_TLP_TAG.get(tag.trim().toLowerCase(Locale.ROOT));
            if (tlp != null) {
                level = level == null ? tlp : narrower(level, tlp);
            }
        }
        return level;
    }

    /** The level of a distribution 0 to 4; null for 5 (inherit). */
    static SharingLevel ofDistribution(int distribution) {
        return switch (distribution) {
            case 0 -> SharingLevel.RED;       // your organisation only
            case 1 -> SharingLevel.AMBER;     // this community only
            case 2 -> SharingLevel.YELLOW;    // connected communities
            case 3 -> SharingLevel.GREEN;     // all communities
            case 4 -> SharingLevel.RED;       // a sharing group: the hub cannot tell who is in it
            case INHERIT -> null;
            default -> throw new IllegalArgumentException("distribution " + distribution);
        };
    }

    static SharingLevel narrower(SharingLevel a, SharingLevel b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    static SharingLevel wider(SharingLevel a, SharingLevel b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}

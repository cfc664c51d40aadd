package org.kizashi.core.intel;

import java.util.Objects;
import java.util.OptionalLong;
import org.kizashi.core.EnumIds;

/**
 * A sharing community: a sector's CEPTOAR, the CEPTOAR council across the sectors, a group of partner countries, or
 * another group. Shared items belong to one community, which (with the item's level) decides who reads them. Each
 * community is one TAXII collection, {@code collectionId} (a UUID).
 */
public record Community(long id, String name, Kind kind, OptionalLong sectorId, String collectionId) {
    public Community {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sectorId, "sectorId");
        Objects.requireNonNull(collectionId, "collectionId");
    }

    public enum Kind {
        /** The capability for engineering of protection, technical operation, analysis and response of one sector. */
        CEPTOAR,
        /** The CEPTOAR council, across all sectors. */
        COUNCIL,
        /** Sharing with partner countries (PRACTICE: the USA, ASEAN countries and others). */
        PARTNER_COUNTRIES,
        OTHER;

        public String id() {
            return EnumIds.id(this);
        }

        /** Parses {@link #id()}. */
        public static Kind parse(String text) {
            return EnumIds.parse(Kind.class, "community kind", text);
        }
    }
}

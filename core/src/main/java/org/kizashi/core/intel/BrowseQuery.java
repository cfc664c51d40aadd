package org.kizashi.core.intel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a person browsing shared items asks for: the latest version of objects in some communities (empty: every
 * community), of some types and levels (empty: any), whose title contains {@code text} (any case; empty: any) or whose
 * id is {@code text} or who report one of {@code values} (normalised "kind|value" keys), newest first, {@code limit}
 * at a time, before a position.
 */
public record BrowseQuery(Set<Long> communityIds, Set<String> types, Set<SharingLevel> levels, String text,
                          Set<String> values, Optional<Position> before, int limit) {
    public BrowseQuery {
        communityIds = Set.copyOf(communityIds);
        types = Set.copyOf(types);
        levels = Set.copyOf(levels);
        Objects.requireNonNull(text, "text");
        values = Set.copyOf(values);
        Objects.requireNonNull(before, "before");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    /** The newest {@code limit} objects of every community. */
    public static BrowseQuery newest(int limit) {
        return new BrowseQuery(Set.of(), Set.of(), Set.of(), "", Set.of(), Optional.empty(), limit);
    }

    /** A place in the newest-first order: dates added tie across communities, the sequence breaks the tie. */
    public record Position(Instant dateAdded, long sequence) {
        public Position {
            Objects.requireNonNull(dateAdded, "dateAdded");
        }

        public static Position of(StoredObject object) {
            return new Position(object.dateAdded(), object.sequence());
        }
    }
}

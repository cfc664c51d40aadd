package org.kizashi.core.intel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects of a community to list, as TAXII 2.1 filters them: added strictly after an instant (a page cursor
 * is one too), at most {@code limit}, with any of the ids, types and spec versions given (empty: any), and the versions
 * {@link Versions} selects.
 */
public record ObjectQuery(Optional<Instant> addedAfter, int limit, Set<String> ids, Set<String> types,
                          Versions versions, Set<String> specVersions) {
    public ObjectQuery {
        Objects.requireNonNull(addedAfter, "addedAfter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        ids = Set.copyOf(ids);
        types = Set.copyOf(types);
        Objects.requireNonNull(versions, "versions");
        specVersions = Set.copyOf(specVersions);
    }

    /** The latest version of everything, {@code limit} at a time. */
    public static ObjectQuery latest(int limit) {
        return new ObjectQuery(Optional.empty(), limit, Set.of(), Set.of(), Versions.LAST, Set.of());
    }

    public ObjectQuery withAddedAfter(Instant after) {
        return new ObjectQuery(Optional.of(after), limit, ids, types, versions, specVersions);
    }

    public ObjectQuery withIds(Set<String> newIds) {
        return new ObjectQuery(addedAfter, limit, newIds, types, versions, specVersions);
    }

    public ObjectQuery withTypes(Set<String> newTypes) {
        return new ObjectQuery(addedAfter, limit, ids, newTypes, versions, specVersions);
    }

    public ObjectQuery withVersions(Versions newVersions) {
        return new ObjectQuery(addedAfter, limit, ids, types, newVersions, specVersions);
    }

    public ObjectQuery withSpecVersions(Set<String> newSpecVersions) {
        return new ObjectQuery(addedAfter, limit, ids, types, versions, newSpecVersions);
    }

    /**
     * TAXII's {@code match[version]}: any of the first version, the last, every version, or the versions at the
     * instants given. An object's first and last are among the versions its reader may see (all versions of an object
     * in a community share its level).
     */
    public record Versions(boolean all, boolean first, boolean last, Set<Instant> at) {
        public static final Versions LAST = new Versions(false, false, true, Set.of());
        public static final Versions ALL = new Versions(true, false, false, Set.of());

        public Versions {
            at = Set.copyOf(at);
            if (!all && !first && !last && at.isEmpty()) {
                throw new IllegalArgumentException("no version selected");
            }
        }
    }
}

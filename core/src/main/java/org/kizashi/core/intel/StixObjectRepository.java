package org.kizashi.core.intel;

import java.util.List;

/**
 * STIX objects with all their versions, per community. Every read takes an {@link IntelReader} and returns nothing
 * the reader may not read, not even as a count: a version the reader cannot see is as absent as one never added.
 */
public interface StixObjectRepository {
    /**
     * Adds versions to a community, in the order given, each with a date added later than everything before it in
     * the community. A version already there (same id and version time) is left as it is. A new version of an object
     * the community holds at another level or from another provider is refused: levels change only through the
     * provider's approval.
     */
    List<AddOutcome> add(SharingScope scope, boolean anonymised, List<StixObjectVersion> versions);

    /** Objects of a community the reader may read, filtered and paged as {@code query} says, oldest added first. */
    ObjectPage find(IntelReader reader, long communityId, ObjectQuery query);

    /**
     * Deletes the versions of an object in a community that {@code versions} and {@code specVersions} (empty: any)
     * select, and marks the first and latest of the versions left; returns how many were deleted. Who may delete is
     * for the caller to decide (read the object first).
     */
    int delete(long communityId, String id, ObjectQuery.Versions versions, java.util.Set<String> specVersions);

    /** What happened to one version given to {@link #add}. */
    record AddOutcome(String id, Status status, String reason) {
        public enum Status {
            ADDED,
            ALREADY_PRESENT,
            REFUSED
        }
    }
}

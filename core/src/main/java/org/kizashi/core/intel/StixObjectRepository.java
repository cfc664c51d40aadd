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

    /**
     * The latest version of objects the reader may read, across communities, as {@code query} filters them, newest
     * added first. {@code more} says whether a page follows.
     */
    ObjectPage browse(IntelReader reader, BrowseQuery query);

    /**
     * Objects the reader may read (latest versions, in any community) that report one of {@code values} (normalised
     * "kind|value" keys), other than the object {@code id} of the community, at most {@code limit}, newest first.
     * Found through the value index: one look-up per value, never a comparison of every pair of objects.
     */
    List<Correlation> correlations(IntelReader reader, long communityId, String id, List<String> values, int limit);

    /**
     * Gives every version of an object in a community a new level and anonymity. The versions get new dates added,
     * later than everything in the community: for a new audience they have just been added, and TAXII clients that
     * ask for what was added since their last pull receive them. False when the community does not hold the object.
     */
    boolean changeLevel(long communityId, String id, SharingLevel level, boolean anonymised);

    /** What happened to one version given to {@link #add}. */
    record AddOutcome(String id, Status status, String reason) {
        public enum Status {
            ADDED,
            ALREADY_PRESENT,
            REFUSED
        }
    }
}

package org.kizashi.core.intel;

import java.util.List;
import java.util.Optional;

/**
 * Requests to widen shared objects, and the provider's decisions. Approving changes the object's level in the same
 * transaction; who may request and decide is for the caller to check.
 */
public interface WideningRepository {
    /**
     * Records a pending request to share the latest state of an object in a community at {@code to}.
     *
     * @throws IllegalStateException when the community does not hold the object, when {@code to} is not wider than its
     *                               level, or when a request for it is pending already
     */
    WideningRequest request(long communityId, String stixId, SharingLevel to, boolean anonymise,
                            long requesterOrganisationId, String requestedBy, String reason);

    Optional<WideningRequest> find(long id);

    /** Pending requests for objects the organisation provided, oldest first. */
    List<WideningRequest> pendingFor(long providerOrganisationId);

    /** The latest requests the organisation made or was asked, newest first. */
    List<WideningRequest> involving(long organisationId, int limit);

    /** Every request about one object in a community, newest first. */
    List<WideningRequest> ofObject(long communityId, String stixId);

    /**
     * Approves or rejects a pending request; approving gives the object the requested level (and anonymity) as
     * {@link StixObjectRepository#changeLevel} does. Empty when the request is not pending; a request whose object
     * changed level since is withdrawn instead.
     */
    Optional<WideningRequest> decide(long id, boolean approve, String decidedBy, String note);
}

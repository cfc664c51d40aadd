package org.kizashi.core.intel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to share an object more widely than it is: made by the community's secretariat or an analyst, decided
 * by the object's provider (C4TAP shares nothing beyond Red without the provider's consent). {@code anonymise}: the
 * secretariat publishes the object on the provider's behalf, so that readers below Red do not learn who provided it.
 */
public record WideningRequest(long id, long communityId, String stixId, long providerOrganisationId,
                              SharingLevel from, SharingLevel to, boolean anonymise, long requesterOrganisationId,
                              String requestedBy, Instant requestedAt, String reason, Status status,
                              Optional<String> decidedBy, Optional<Instant> decidedAt, String decisionNote) {
    public WideningRequest {
        Objects.requireNonNull(stixId, "stixId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(decisionNote, "decisionNote");
    }

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED,
        /** The object changed level another way (or went) before the provider decided. */
        WITHDRAWN;

        public String id() {
            return org.kizashi.core.EnumIds.id(this);
        }

        public static Status parse(String text) {
            return org.kizashi.core.EnumIds.parse(Status.class, "request status", text);
        }
    }
}

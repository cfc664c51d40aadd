package org.kizashi.core.intel;

import java.util.Objects;

/**
 * Who a shared item is for: the community it was shared in, its level, and the organisation that provided it (which
 * always reads its own items, even when the secretariat publishes them anonymised).
 */
public record SharingScope(long communityId, SharingLevel level, long providerOrganisationId) {
    public SharingScope {
        Objects.requireNonNull(level, "level");
    }
}

package org.kizashi.core.intel;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An organisation's role in one community. {@code agreedToRules} is the day an observer agreed to the community's
 * rules (empty: not yet); it matters only for observers.
 */
public record Membership(long communityId, long organisationId, CommunityRole role,
                         Optional<LocalDate> agreedToRules) {
    public Membership {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(agreedToRules, "agreedToRules");
    }

    /** The narrowest level this membership reads on {@code today}. */
    public SharingLevel narrowestReadable(LocalDate today) {
        if (role == CommunityRole.OBSERVER && agreedToRules.filter(day -> !day.isAfter(today)).isEmpty()) {
            return SharingLevel.GREEN; // an observer who has not agreed to the rules is only related
        }
        return role.narrowestReadable();
    }
}

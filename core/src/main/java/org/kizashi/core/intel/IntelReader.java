package org.kizashi.core.intel;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Someone reading shared items: their organisation and its memberships, on a given day. Every read path (UI, REST,
 * TAXII, exports, search, counts) asks this one rule, either per item ({@link #canRead}) or as a filter a query can
 * apply ({@link #narrowestReadableByCommunity}):
 * <ol>
 *   <li>{@link SharingLevel#WHITE} items are read by everyone;</li>
 *   <li>a provider reads its own items at every level;</li>
 *   <li>in a community the organisation belongs to, items at the narrowest level its role reads there, or wider.</li>
 * </ol>
 * With several memberships in one community, the widest access counts.
 */
public final class IntelReader {
    private final long organisationId;
    private final Map<Long, SharingLevel> narrowestByCommunity;

    private IntelReader(long organisationId, Map<Long, SharingLevel> narrowestByCommunity) {
        this.organisationId = organisationId;
        this.narrowestByCommunity = Collections.unmodifiableMap(narrowestByCommunity);
    }

    /**
     * The reader of organisation {@code organisationId} with its {@code memberships} (memberships of other
     * organisations are refused), as of {@code today}.
     */
    public static IntelReader of(long organisationId, List<Membership> memberships, LocalDate today) {
        Objects.requireNonNull(today, "today");
        Map<Long, SharingLevel> narrowest = new HashMap<>();
        for (Membership m : memberships) {
            if (m.organisationId() != organisationId) {
                throw new IllegalArgumentException("membership of organisation " + m.organisationId()
                        + " given for a reader of organisation " + organisationId);
            }
            narrowest.merge(m.communityId(), m.narrowestReadable(today),
                    (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        return new IntelReader(organisationId, narrowest);
    }

    /** Someone outside every community: reads {@link SharingLevel#WHITE} items only. */
    public static IntelReader publicReader() {
        return new IntelReader(-1, Map.of());
    }

    /**
     * The audience of {@code level} in a community, as a reader: it reads what every member of that audience may
     * read there, and nothing else (no organisation of its own). What an export for that audience may contain.
     */
    public static IntelReader audienceOf(long communityId, SharingLevel level) {
        return new IntelReader(-1, level == SharingLevel.WHITE ? Map.of() : Map.of(communityId, level));
    }

    public long organisationId() {
        return organisationId;
    }

    public boolean canRead(SharingScope scope) {
        if (scope.level() == SharingLevel.WHITE || scope.providerOrganisationId() == organisationId) {
            return true;
        }
        SharingLevel narrowest = narrowestByCommunity.get(scope.communityId());
        return narrowest != null && scope.level().atLeastAsWideAs(narrowest);
    }

    /**
     * Whether the reader may learn who provided an item it reads: always, unless the secretariat published the item
     * anonymised on the provider's behalf; then only the provider and those who read Red in the community (the
     * secretariat and the analysts, who received it from the provider).
     */
    public boolean knowsProvider(SharingScope scope, boolean anonymised) {
        return !anonymised || scope.providerOrganisationId() == organisationId || readsEverythingIn(scope.communityId());
    }

    /** Whether the reader reads Red in a community: its secretariat and its analysts do. */
    public boolean readsEverythingIn(long communityId) {
        return narrowestByCommunity.get(communityId) == SharingLevel.RED;
    }

    /**
     * For each community the reader belongs to, the narrowest level it reads there: a query reads an item when its
     * level is at least as wide, when it is white, or when the reader's organisation provided it.
     */
    public Map<Long, SharingLevel> narrowestReadableByCommunity() {
        return narrowestByCommunity;
    }
}

package org.kizashi.server.intel;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.IntelReader;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.ObjectQuery;
import org.kizashi.core.intel.SharingLevel;
import org.kizashi.core.intel.StoredObject;
import org.kizashi.core.intel.WideningRequest;
import org.kizashi.server.AuditTrail;
import org.kizashi.server.auth.Principal;
import org.kizashi.store.Database;

/**
 * What a person does with shared items besides reading them through TAXII: the reader's rule, the audience of an item,
 * and the provider workflow. Widening an item beyond its level is the provider's decision: the provider widens its own
 * items at once; the secretariat and the analysts of the community ask, and the provider approves or rejects (C4TAP
 * shares nothing beyond Red without the provider's consent). Every change is in the audit log.
 */
public final class SharingService {
    /** Versions an object page lists at most. */
    public static final int HISTORY_SHOWN = 500;

    private final Database database;
    private final AuditTrail audit;
    private final java.time.Clock clock;

    public SharingService(Database database, AuditTrail audit, java.time.Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A refused action, with the message key that says why (for the reader's language). */
    public static final class Refused extends RuntimeException {
        private final String messageKey;

        public Refused(String messageKey, String detail) {
            super(detail);
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    public List<Membership> memberships(Principal p) {
        return database.communities().memberships(p.organisation().id());
    }

    /** The reader rule for the person's organisation, today (UTC). */
    public IntelReader reader(Principal p) {
        return IntelReader.of(p.organisation().id(), memberships(p), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /** Every version of an object in a community the reader may read, oldest first; empty when it may read none. */
    public List<StoredObject> history(IntelReader reader, long communityId, String stixId) {
        return database.stixObjects().find(reader, communityId, ObjectQuery.latest(HISTORY_SHOWN)
                .withIds(Set.of(stixId)).withVersions(ObjectQuery.Versions.ALL)).objects().stream()
                .sorted(java.util.Comparator.comparing(StoredObject::version)).toList();
    }

    /** The roles the person's organisation has in a community. */
    public Set<CommunityRole> roles(Principal p, long communityId) {
        Set<CommunityRole> roles = new TreeSet<>();
        memberships(p).stream().filter(m -> m.communityId() == communityId).forEach(m -> roles.add(m.role()));
        return roles;
    }

    /** Whether the person may ask the provider to widen items of a community: its secretariat or an analyst. */
    public boolean mayRequest(Principal p, long communityId) {
        Set<CommunityRole> roles = roles(p, communityId);
        return p.has(Role.ANALYST) && (roles.contains(CommunityRole.SECRETARIAT) || roles.contains(CommunityRole.ANALYST));
    }

    /** Whether the person speaks for the provider of an item: a user of its organisation who may write. */
    public static boolean speaksForProvider(Principal p, long providerOrganisationId) {
        return p.has(Role.ANALYST) && p.organisation().id() == providerOrganisationId;
    }

    /**
     * Asks the provider of an item to share it at {@code to}, optionally published by the secretariat on its behalf.
     *
     * @throws Refused when the person may not ask, or the item is not wider at {@code to}, or a request is pending
     */
    public WideningRequest requestWidening(Principal p, StoredObject latest, SharingLevel to, boolean anonymise,
                                           String reason) {
        if (!mayRequest(p, latest.scope().communityId())) {
            throw new Refused("sharing.refused.notRequester", "only the secretariat or an analyst of the community asks");
        }
        if (speaksForProvider(p, latest.scope().providerOrganisationId())) {
            throw new Refused("sharing.refused.ownItem", "the provider widens its own items directly");
        }
        requireWider(latest, to);
        WideningRequest request;
        try {
            request = database.widenings().request(latest.scope().communityId(), latest.object().id(), to, anonymise,
                    p.organisation().id(), p.name(), reason);
        } catch (IllegalStateException e) {
            throw new Refused("sharing.refused.pending", e.getMessage());
        }
        audit.record(p.name(), "intel.widening.requested", latest.object().id(), Map.of("request", request.id(),
                "community", request.communityId(), "from", request.from().id(), "to", to.id(),
                "anonymise", anonymise));
        return request;
    }

    /**
     * The provider shares its own item at {@code to}, a wider level, at once.
     *
     * @throws Refused when the person does not speak for the provider, or {@code to} is not wider
     */
    public void widenOwn(Principal p, StoredObject latest, SharingLevel to) {
        if (!speaksForProvider(p, latest.scope().providerOrganisationId())) {
            throw new Refused("sharing.refused.notProvider", "only the provider widens an item directly");
        }
        requireWider(latest, to);
        database.stixObjects().changeLevel(latest.scope().communityId(), latest.object().id(), to,
                latest.anonymised());
        audit.record(p.name(), "intel.widened", latest.object().id(), Map.of("community",
                latest.scope().communityId(), "from", latest.scope().level().id(), "to", to.id()));
    }

    private static void requireWider(StoredObject latest, SharingLevel to) {
        if (!to.widerThan(latest.scope().level())) {
            throw new Refused("sharing.refused.notWider", "not wider than " + latest.scope().level().id());
        }
    }

    /**
     * The provider approves or rejects a request.
     *
     * @throws Refused when the request is unknown to the person, or not pending any more
     */
    public WideningRequest decide(Principal p, long requestId, boolean approve, String note) {
        WideningRequest request = database.widenings().find(requestId)
                .filter(r -> speaksForProvider(p, r.providerOrganisationId()))
                .orElseThrow(() -> new Refused("sharing.refused.noRequest", "no request " + requestId));
        WideningRequest decided = database.widenings().decide(request.id(), approve, p.name(), note)
                .orElseThrow(() -> new Refused("sharing.refused.decided", "request " + requestId + " was decided"));
        audit.record(p.name(), "intel.widening." + decided.status().id(), decided.stixId(), Map.of("request",
                decided.id(), "community", decided.communityId(), "to", decided.to().id(), "note", note));
        return decided;
    }

    /** Requests awaiting the person's organisation's decision as a provider. */
    public List<WideningRequest> pendingFor(Principal p) {
        return database.widenings().pendingFor(p.organisation().id());
    }

    /**
     * Who may read an item, group by group, as a reader of the item may be told: the organisations by name for those
     * who read Red in the community (the secretariat, the analysts) and for the provider, a number per group for
     * everyone else; the provider hidden when it is anonymised and the reader may not know it.
     */
    public Audience audience(IntelReader reader, StoredObject item, Map<Long, String> organisationNames) {
        SharingLevel level = item.scope().level();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        boolean names = reader.organisationId() == item.scope().providerOrganisationId()
                || reader.readsEverythingIn(item.scope().communityId());
        boolean knowsProvider = reader.knowsProvider(item.scope(), item.anonymised());
        String provider = knowsProvider ? organisationNames.getOrDefault(item.scope().providerOrganisationId(), "")
                : "";
        List<AudienceGroup> groups = new ArrayList<>();
        if (level == SharingLevel.WHITE) {
            return new Audience(true, provider, List.of());
        }
        Map<String, List<String>> byGroup = new java.util.LinkedHashMap<>();
        for (String group : List.of("secretariat", "analyst", "participant", "observer", "related")) {
            byGroup.put(group, new ArrayList<>());
        }
        for (Membership m : database.communities().members(item.scope().communityId())) {
            if (!level.atLeastAsWideAs(m.narrowestReadable(today))
                    || m.organisationId() == item.scope().providerOrganisationId()) {
                continue;
            }
            String group = switch (m.role()) {
                case SECRETARIAT -> "secretariat";
                case ANALYST -> "analyst";
                case PROVIDER, PARTICIPANT -> "participant";
                case OBSERVER -> m.narrowestReadable(today) == SharingLevel.YELLOW ? "observer" : "related";
                case RELATED -> "related";
            };
            String name = organisationNames.getOrDefault(m.organisationId(), "#" + m.organisationId());
            if (!byGroup.get(group).contains(name)) {
                byGroup.get(group).add(name);
            }
        }
        byGroup.forEach((group, members) -> {
            if (!members.isEmpty()) {
                groups.add(new AudienceGroup(group, members.size(), names ? List.copyOf(members) : List.of()));
            }
        });
        return new Audience(false, provider, groups);
    }

    /**
     * An item's audience: everyone ({@code everyone}), else the provider (empty when anonymised for this reader) and
     * the groups of the community that read it.
     */
    public record Audience(boolean everyone, String provider, List<AudienceGroup> groups) {
    }

    /** One group of an audience: its size, and its organisations' names when the reader may be told them. */
    public record AudienceGroup(String group, int organisations, List<String> names) {
    }

    /** Names of every organisation, by id. */
    public Map<Long, String> organisationNames() {
        Map<Long, String> names = new java.util.HashMap<>();
        for (Organisation o : database.organisations().list()) {
            names.put(o.id(), o.name());
        }
        return names;
    }

    /** Every community, by id. */
    public Map<Long, Community> communities() {
        Map<Long, Community> all = new java.util.LinkedHashMap<>();
        database.communities().communities().forEach(c -> all.put(c.id(), c));
        return all;
    }

    public Optional<Community> community(long id) {
        return database.communities().community(id);
    }
}

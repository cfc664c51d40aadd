package org.kizashi.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.kizashi.core.intel.Community;
import org.kizashi.core.intel.CommunityRepository;
import org.kizashi.core.intel.CommunityRole;
import org.kizashi.core.intel.Membership;
import org.kizashi.core.intel.Sector;
import org.kizashi.store.Tables.IntelCommunities;
import org.kizashi.store.Tables.IntelMemberships;
import org.kizashi.store.Tables.IntelSectors;

/** Sectors, communities and memberships in {@code intel_sectors}, {@code intel_communities}, {@code intel_memberships}. */
final class JooqCommunityRepository implements CommunityRepository {
    private static final List<Field<?>> SECTOR_FIELDS = List.of(IntelSectors.ID, IntelSectors.CODE,
            IntelSectors.NAME_JA, IntelSectors.NAME_EN);
    private static final List<Field<?>> COMMUNITY_FIELDS = List.of(IntelCommunities.ID, IntelCommunities.NAME,
            IntelCommunities.KIND, IntelCommunities.SECTOR_ID, IntelCommunities.COLLECTION_ID);
    private static final List<Field<?>> MEMBERSHIP_FIELDS = List.of(IntelMemberships.COMMUNITY_ID,
            IntelMemberships.ORGANISATION_ID, IntelMemberships.ROLE, IntelMemberships.AGREED_TO_RULES);

    private final DSLContext dsl;
    private final Clock clock;

    JooqCommunityRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public List<Sector> sectors() {
        return dsl.select(SECTOR_FIELDS).from(IntelSectors.T).orderBy(IntelSectors.CODE).fetch(JooqCommunityRepository::sector);
    }

    @Override
    public Sector addSector(String code, String nameJa, String nameEn) {
        String checkedCode = text("sector code", code, 64);
        String ja = text("Japanese sector name", nameJa, 200);
        String en = text("English sector name", nameEn, 200);
        return Constraints.unique("sector '" + checkedCode + "'", () -> dsl.insertInto(IntelSectors.T)
                .set(IntelSectors.CODE, checkedCode)
                .set(IntelSectors.NAME_JA, ja)
                .set(IntelSectors.NAME_EN, en)
                .returning(SECTOR_FIELDS)
                .fetchSingle(JooqCommunityRepository::sector));
    }

    @Override
    public java.util.Set<Long> sectorsOf(long organisationId) {
        return new java.util.TreeSet<>(dsl.select(Tables.IntelOrganisationSectors.SECTOR_ID)
                .from(Tables.IntelOrganisationSectors.T)
                .where(Tables.IntelOrganisationSectors.ORGANISATION_ID.eq(organisationId))
                .fetch(Tables.IntelOrganisationSectors.SECTOR_ID));
    }

    @Override
    public void setSectors(long organisationId, java.util.Set<Long> sectorIds) {
        java.util.Set<Long> known = new java.util.HashSet<>(sectors().stream().map(Sector::id).toList());
        for (long id : sectorIds) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("no sector " + id);
            }
        }
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.deleteFrom(Tables.IntelOrganisationSectors.T)
                    .where(Tables.IntelOrganisationSectors.ORGANISATION_ID.eq(organisationId)).execute();
            for (long id : sectorIds) {
                tx.insertInto(Tables.IntelOrganisationSectors.T, Tables.IntelOrganisationSectors.ORGANISATION_ID,
                        Tables.IntelOrganisationSectors.SECTOR_ID).values(organisationId, id).execute();
            }
        });
    }

    @Override
    public List<Community> communities() {
        return dsl.select(COMMUNITY_FIELDS).from(IntelCommunities.T).orderBy(IntelCommunities.NAME)
                .fetch(JooqCommunityRepository::community);
    }

    @Override
    public Optional<Community> community(long id) {
        return dsl.select(COMMUNITY_FIELDS).from(IntelCommunities.T).where(IntelCommunities.ID.eq(id))
                .fetchOptional(JooqCommunityRepository::community);
    }

    @Override
    public Optional<Community> byCollection(String collectionId) {
        return dsl.select(COMMUNITY_FIELDS).from(IntelCommunities.T).where(IntelCommunities.COLLECTION_ID.eq(collectionId))
                .fetchOptional(JooqCommunityRepository::community);
    }

    @Override
    public Community create(String name, Community.Kind kind, OptionalLong sectorId) {
        String checked = text("community name", name, 200);
        return Constraints.unique("community '" + checked + "'", () -> dsl.insertInto(IntelCommunities.T)
                .set(IntelCommunities.NAME, checked)
                .set(IntelCommunities.KIND, kind.id())
                .set(IntelCommunities.SECTOR_ID, sectorId.isPresent() ? sectorId.getAsLong() : null)
                .set(IntelCommunities.COLLECTION_ID, UUID.randomUUID().toString())
                .set(IntelCommunities.CREATED_AT, clock.instant())
                .returning(COMMUNITY_FIELDS)
                .fetchSingle(JooqCommunityRepository::community));
    }

    @Override
    public void addMember(Membership m) {
        dsl.insertInto(IntelMemberships.T)
                .set(IntelMemberships.COMMUNITY_ID, m.communityId())
                .set(IntelMemberships.ORGANISATION_ID, m.organisationId())
                .set(IntelMemberships.ROLE, m.role().id())
                .set(IntelMemberships.AGREED_TO_RULES, m.agreedToRules().orElse(null))
                .onConflict(IntelMemberships.COMMUNITY_ID, IntelMemberships.ORGANISATION_ID, IntelMemberships.ROLE)
                .doUpdate()
                .set(IntelMemberships.AGREED_TO_RULES, m.agreedToRules().orElse(null))
                .execute();
    }

    @Override
    public boolean removeMember(long communityId, long organisationId, CommunityRole role) {
        return dsl.deleteFrom(IntelMemberships.T)
                .where(IntelMemberships.COMMUNITY_ID.eq(communityId))
                .and(IntelMemberships.ORGANISATION_ID.eq(organisationId))
                .and(IntelMemberships.ROLE.eq(role.id()))
                .execute() > 0;
    }

    @Override
    public List<Membership> memberships(long organisationId) {
        return dsl.select(MEMBERSHIP_FIELDS).from(IntelMemberships.T).where(IntelMemberships.ORGANISATION_ID.eq(organisationId))
                .orderBy(IntelMemberships.COMMUNITY_ID, IntelMemberships.ROLE)
                .fetch(JooqCommunityRepository::membership);
    }

    @Override
    public List<Membership> members(long communityId) {
        return dsl.select(MEMBERSHIP_FIELDS).from(IntelMemberships.T).where(IntelMemberships.COMMUNITY_ID.eq(communityId))
                .orderBy(IntelMemberships.ORGANISATION_ID, IntelMemberships.ROLE)
                .fetch(JooqCommunityRepository::membership);
    }

    private static String text(String what, String value, int maxLength) {
        if (value == null || value.isBlank() || value.strip().length() > maxLength) {
            throw new IllegalArgumentException("a " + what + " is 1 to " + maxLength + " characters");
        }
        return value.strip();
    }

    private static Sector sector(Record r) {
        return new Sector(r.get(IntelSectors.ID), r.get(IntelSectors.CODE), r.get(IntelSectors.NAME_JA),
                r.get(IntelSectors.NAME_EN));
    }

    private static Community community(Record r) {
        Long sector = r.get(IntelCommunities.SECTOR_ID);
        return new Community(r.get(IntelCommunities.ID), r.get(IntelCommunities.NAME),
                Community.Kind.parse(r.get(IntelCommunities.KIND)),
                sector == null ? OptionalLong.empty() : OptionalLong.of(sector),
                r.get(IntelCommunities.COLLECTION_ID).trim());
    }

    private static Membership membership(Record r) {
        return new Membership(r.get(IntelMemberships.COMMUNITY_ID), r.get(IntelMemberships.ORGANISATION_ID),
                CommunityRole.parse(r.get(IntelMemberships.ROLE)),
                Optional.ofNullable(r.get(IntelMemberships.AGREED_TO_RULES)));
    }
}

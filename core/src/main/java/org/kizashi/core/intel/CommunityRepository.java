package org.kizashi.core.intel;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Sectors, sharing communities and who belongs to them. */
public interface CommunityRepository {
    /** Every sector, by code. */
    List<Sector> sectors();

    /**
     * Adds a sector.
     *
     * @throws org.kizashi.core.identity.DuplicateException when the code is taken
     */
    Sector addSector(String code, String nameJa, String nameEn);

    /** The sectors an organisation belongs to, by id. */
    java.util.Set<Long> sectorsOf(long organisationId);

    /** Sets the sectors an organisation belongs to (unknown sector ids are refused with IllegalArgumentException). */
    void setSectors(long organisationId, java.util.Set<Long> sectorIds);

    /** Every community, by name. */
    List<Community> communities();

    Optional<Community> community(long id);

    /** The community whose TAXII collection this is. */
    Optional<Community> byCollection(String collectionId);

    /**
     * Creates a community with a new collection id.
     *
     * @throws org.kizashi.core.identity.DuplicateException when the name is taken
     */
    Community create(String name, Community.Kind kind, OptionalLong sectorId);

    /** Gives an organisation a role in a community, or updates the day it agreed to the rules. */
    void addMember(Membership membership);

    /** Takes a role away; true when the organisation had it. */
    boolean removeMember(long communityId, long organisationId, CommunityRole role);

    /** The memberships of one organisation, in every community. */
    List<Membership> memberships(long organisationId);

    /** The members of one community. */
    List<Membership> members(long communityId);
}

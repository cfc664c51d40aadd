package org.kizashi.core.net;

import java.util.List;

public interface NetworkRepository {
    OrganisationNetwork add(long organisationId, IpPrefix prefix, String description);

    List<OrganisationNetwork> listByOrganisation(long organisationId);

    /** Every registered range of every organisation, in address order. */
    List<OrganisationNetwork> listAll();

    /** Every registered range containing {@code address}, most specific first. */
    List<OrganisationNetwork> containing(IpAddress address);

    boolean delete(long id);
}

package org.kizashi.core.net;

/** An address range an organisation owns (for example to be told when one of its hosts is seen scanning). */
public record OrganisationNetwork(long id, long organisationId, IpPrefix prefix, String description) {
}

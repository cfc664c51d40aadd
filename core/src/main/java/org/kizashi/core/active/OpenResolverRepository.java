package org.kizashi.core.active;

import java.util.Collection;
import java.util.List;

/** The open resolvers seen in subscribers' ranges: one row per address, its first and last sighting. */
public interface OpenResolverRepository {
    /** Adds sightings: a new address is inserted, a known one gets the earlier first and the later last sighting. */
    void add(Collection<OpenResolverSighting> sightings);

    /** The addresses of one ISP, by address. */
    List<OpenResolverSighting> ofIsp(String isp);

    /** How many addresses each ISP has. */
    java.util.Map<String, Long> countsByIsp();
}

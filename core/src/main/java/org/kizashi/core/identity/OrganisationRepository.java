package org.kizashi.core.identity;

import java.util.List;
import java.util.Optional;

public interface OrganisationRepository {
    /** Creates the organisation; fails with {@link DuplicateException} when the name is taken. */
    Organisation create(String name);

    /** Returns the organisation with this name, creating it if it does not exist yet. */
    Organisation findOrCreate(String name);

    Optional<Organisation> find(long id);

    Optional<Organisation> findByName(String name);

    List<Organisation> list();
}

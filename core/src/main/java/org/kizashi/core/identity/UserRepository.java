package org.kizashi.core.identity;

import java.util.List;
import java.util.Optional;

public interface UserRepository {
    /** Fails with {@link DuplicateException} when the user name is taken. */
    User create(NewUser user);

    Optional<User> find(long id);

    Optional<User> findByUsername(String username);

    /** The stored password hash, for verification at login. */
    Optional<String> passwordHash(long userId);

    void setPasswordHash(long userId, String passwordHash);

    void setRole(long userId, Role role);

    void setEnabled(long userId, boolean enabled);

    List<User> list();

    List<User> listByOrganisation(long organisationId);

    long count();
}

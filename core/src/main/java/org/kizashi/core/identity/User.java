package org.kizashi.core.identity;

import java.time.Instant;
import java.util.Objects;

/** A person who logs in. The password hash is kept by {@link UserRepository}, never in this record. */
public record User(long id, String username, String displayName, long organisationId, Role role,
                   boolean enabled, Instant created) {
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
    }
}

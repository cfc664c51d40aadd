package org.kizashi.server.auth;

import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.User;

/**
 * Who is making a request; {@code language} is the one chosen in this browser session (null for tokens). {@code sessionIdHash} and {@code csrfToken} are set for browser sessions and null for
 * API tokens (which are not sent automatically by browsers, so they need no CSRF check).
 */
public record Principal(User user, Organisation organisation, String sessionIdHash, String csrfToken, String language) {
    public boolean has(Role role) {
        return user.role().atLeast(role);
    }

    public boolean viaSession() {
        return sessionIdHash != null;
    }

    public String name() {
        return user.username();
    }
}

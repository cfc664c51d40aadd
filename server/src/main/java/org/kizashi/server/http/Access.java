package org.kizashi.server.http;

import io.javalin.security.RouteRole;
import org.kizashi.core.identity.Role;

/** Who may call a route. Every route declares one; a route without any is refused (see {@link Security}). */
public enum Access implements RouteRole {
    /** Anyone, logged in or not: login, health, static files. */
    PUBLIC(null),
    VIEWER(Role.VIEWER),
    ANALYST(Role.ANALYST),
    ADMIN(Role.ADMIN);

    private final Role minimum;

    Access(Role minimum) {
        this.minimum = minimum;
    }

    public Role minimum() {
        return minimum;
    }
}

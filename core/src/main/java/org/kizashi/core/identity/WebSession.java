package org.kizashi.core.identity;

import java.time.Instant;

/**
 * A logged-in browser. {@code idHash} is the SHA-256 of the cookie value, so a copy of the database cannot be replayed
 * as a cookie; {@code csrfToken} must accompany every state-changing request made with the cookie.
 */
public record WebSession(String idHash, long userId, Instant created, Instant expires, String csrfToken, String language) {
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}

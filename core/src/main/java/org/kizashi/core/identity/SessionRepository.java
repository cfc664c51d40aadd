package org.kizashi.core.identity;

import java.time.Instant;
import java.util.Optional;

public interface SessionRepository {
    void create(WebSession session);

    Optional<WebSession> find(String idHash);

    void delete(String idHash);

    /** Ends every session of a user, for example when the user is disabled or the password changes. */
    void deleteForUser(long userId);

    /** Removes sessions that expired before {@code now}; returns how many. */
    int deleteExpired(Instant now);

    void setLanguage(String idHash, String language);
}

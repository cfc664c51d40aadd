package org.kizashi.core.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ApiTokenRepository {
    ApiToken create(long userId, String name, String secretHash, Optional<Instant> expires);

    /** The token whose secret hashes to {@code secretHash}, if any. */
    Optional<ApiToken> findBySecretHash(String secretHash);

    List<ApiToken> listForUser(long userId);

    Optional<ApiToken> find(long id);

    /** Returns false when no such token existed. */
    boolean delete(long id);

    void touch(long id, Instant lastUsed);
}

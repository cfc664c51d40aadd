package org.kizashi.core.identity;

import java.time.Instant;
import java.util.Optional;

/** A bearer token a machine (a sensor, a TAXII client, a script) uses instead of a password. Only its hash is stored. */
public record ApiToken(long id, long userId, String name, Instant created, Optional<Instant> expires,
                       Optional<Instant> lastUsed) {
    public boolean expiredAt(Instant now) {
        return expires.map(e -> !now.isBefore(e)).orElse(false);
    }
}

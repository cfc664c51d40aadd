package org.kizashi.store;

import static org.kizashi.store.Tables.ApiTokens.CREATED_AT;
import static org.kizashi.store.Tables.ApiTokens.EXPIRES_AT;
import static org.kizashi.store.Tables.ApiTokens.ID;
import static org.kizashi.store.Tables.ApiTokens.LAST_USED_AT;
import static org.kizashi.store.Tables.ApiTokens.NAME;
import static org.kizashi.store.Tables.ApiTokens.SECRET_HASH;
import static org.kizashi.store.Tables.ApiTokens.T;
import static org.kizashi.store.Tables.ApiTokens.USER_ID;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.kizashi.core.identity.ApiToken;
import org.kizashi.core.identity.ApiTokenRepository;

final class JooqApiTokenRepository implements ApiTokenRepository {
    private static final List<Field<?>> COLUMNS = List.of(ID, USER_ID, NAME, CREATED_AT, EXPIRES_AT, LAST_USED_AT);

    private final DSLContext dsl;
    private final Clock clock;

    JooqApiTokenRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public ApiToken create(long userId, String name, String secretHash, Optional<Instant> expires) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a token name is 1 to 200 characters");
        }
        return dsl.insertInto(T)
                .set(USER_ID, userId)
                .set(NAME, name.strip())
                .set(SECRET_HASH, secretHash)
                .set(CREATED_AT, clock.instant())
                .set(EXPIRES_AT, expires.orElse(null))
                .returning(COLUMNS)
                .fetchSingle(JooqApiTokenRepository::map);
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        return dsl.select(COLUMNS).from(T).where(SECRET_HASH.eq(secretHash)).fetchOptional(JooqApiTokenRepository::map);
    }

    @Override
    public List<ApiToken> listForUser(long userId) {
        return dsl.select(COLUMNS).from(T).where(USER_ID.eq(userId)).orderBy(ID).fetch(JooqApiTokenRepository::map);
    }

    @Override
    public Optional<ApiToken> find(long id) {
        return dsl.select(COLUMNS).from(T).where(ID.eq(id)).fetchOptional(JooqApiTokenRepository::map);
    }

    @Override
    public boolean delete(long id) {
        return dsl.deleteFrom(T).where(ID.eq(id)).execute() == 1;
    }

    @Override
    public void touch(long id, Instant lastUsed) {
        dsl.update(T).set(LAST_USED_AT, lastUsed).where(ID.eq(id)).execute();
    }

    private static ApiToken map(Record r) {
        return new ApiToken(r.get(ID), r.get(USER_ID), r.get(NAME), r.get(CREATED_AT),
                Optional.ofNullable(r.get(EXPIRES_AT)), Optional.ofNullable(r.get(LAST_USED_AT)));
    }
}

package org.kizashi.store;

import static org.kizashi.store.Tables.WebSessions.CREATED_AT;
import static org.kizashi.store.Tables.WebSessions.CSRF_TOKEN;
import static org.kizashi.store.Tables.WebSessions.EXPIRES_AT;
import static org.kizashi.store.Tables.WebSessions.ID_HASH;
import static org.kizashi.store.Tables.WebSessions.LANGUAGE;
import static org.kizashi.store.Tables.WebSessions.T;
import static org.kizashi.store.Tables.WebSessions.USER_ID;

import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.kizashi.core.identity.SessionRepository;
import org.kizashi.core.identity.WebSession;

final class JooqSessionRepository implements SessionRepository {
    private final DSLContext dsl;

    JooqSessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(WebSession s) {
        dsl.insertInto(T)
                .set(ID_HASH, s.idHash())
                .set(USER_ID, s.userId())
                .set(CREATED_AT, s.created())
                .set(EXPIRES_AT, s.expires())
                .set(CSRF_TOKEN, s.csrfToken())
                .set(LANGUAGE, s.language())
                .execute();
    }

    @Override
    public Optional<WebSession> find(String idHash) {
        return dsl.select(ID_HASH, USER_ID, CREATED_AT, EXPIRES_AT, CSRF_TOKEN, LANGUAGE).from(T).where(ID_HASH.eq(idHash))
                .fetchOptional(r -> new WebSession(r.get(ID_HASH), r.get(USER_ID), r.get(CREATED_AT), r.get(EXPIRES_AT),
                        r.get(CSRF_TOKEN), r.get(LANGUAGE)));
    }

    @Override
    public void delete(String idHash) {
        dsl.deleteFrom(T).where(ID_HASH.eq(idHash)).execute();
    }

    @Override
    public void deleteForUser(long userId) {
        dsl.deleteFrom(T).where(USER_ID.eq(userId)).execute();
    }

    @Override
    public int deleteExpired(Instant now) {
        return dsl.deleteFrom(T).where(EXPIRES_AT.le(now)).execute();
    }

    @Override
    public void setLanguage(String idHash, String language) {
        dsl.update(T).set(LANGUAGE, language).where(ID_HASH.eq(idHash)).execute();
    }
}

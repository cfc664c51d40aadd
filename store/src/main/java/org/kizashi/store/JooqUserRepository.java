package org.kizashi.store;

import static org.kizashi.store.Tables.Users.CREATED_AT;
import static org.kizashi.store.Tables.Users.DISPLAY_NAME;
import static org.kizashi.store.Tables.Users.ENABLED;
import static org.kizashi.store.Tables.Users.ID;
import static org.kizashi.store.Tables.Users.ORGANISATION_ID;
import static org.kizashi.store.Tables.Users.PASSWORD_HASH;
import static org.kizashi.store.Tables.Users.ROLE;
import static org.kizashi.store.Tables.Users.T;
import static org.kizashi.store.Tables.Users.USERNAME;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.kizashi.core.identity.NewUser;
import org.kizashi.core.identity.Role;
import org.kizashi.core.identity.User;
import org.kizashi.core.identity.UserRepository;

final class JooqUserRepository implements UserRepository {
    private static final List<Field<?>> COLUMNS = List.of(ID, USERNAME, DISPLAY_NAME, ORGANISATION_ID, ROLE, ENABLED, CREATED_AT);

    private final DSLContext dsl;
    private final Clock clock;

    JooqUserRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public User create(NewUser user) {
        return Constraints.unique("user '" + user.username() + "'", () -> dsl.insertInto(T)
                .set(USERNAME, user.username())
                .set(DISPLAY_NAME, user.displayName())
                .set(ORGANISATION_ID, user.organisationId())
                .set(ROLE, user.role().id())
                .set(PASSWORD_HASH, user.passwordHash())
                .set(ENABLED, true)
                .set(CREATED_AT, clock.instant())
                .returning(COLUMNS)
                .fetchSingle(JooqUserRepository::map));
    }

    @Override
    public Optional<User> find(long id) {
        return dsl.select(COLUMNS).from(T).where(ID.eq(id)).fetchOptional(JooqUserRepository::map);
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return dsl.select(COLUMNS).from(T).where(USERNAME.eq(username)).fetchOptional(JooqUserRepository::map);
    }

    @Override
    public Optional<String> passwordHash(long userId) {
        return dsl.select(PASSWORD_HASH).from(T).where(ID.eq(userId)).fetchOptional(PASSWORD_HASH);
    }

    @Override
    public void setPasswordHash(long userId, String passwordHash) {
        requireOne(dsl.update(T).set(PASSWORD_HASH, passwordHash).where(ID.eq(userId)).execute(), userId);
    }

    @Override
    public void setRole(long userId, Role role) {
        requireOne(dsl.update(T).set(ROLE, role.id()).where(ID.eq(userId)).execute(), userId);
    }

    @Override
    public void setEnabled(long userId, boolean enabled) {
        requireOne(dsl.update(T).set(ENABLED, enabled).where(ID.eq(userId)).execute(), userId);
    }

    private static void requireOne(int updated, long userId) {
        if (updated != 1) {
            throw new IllegalArgumentException("no user with id " + userId);
        }
    }

    @Override
    public List<User> list() {
        return dsl.select(COLUMNS).from(T).orderBy(USERNAME).fetch(JooqUserRepository::map);
    }

    @Override
    public List<User> listByOrganisation(long organisationId) {
        return dsl.select(COLUMNS).from(T).where(ORGANISATION_ID.eq(organisationId)).orderBy(USERNAME)
                .fetch(JooqUserRepository::map);
    }

    @Override
    public long count() {
        return dsl.fetchCount(T);
    }

    private static User map(Record r) {
        return new User(r.get(ID), r.get(USERNAME), r.get(DISPLAY_NAME), r.get(ORGANISATION_ID),
                Role.parse(r.get(ROLE)), r.get(ENABLED), r.get(CREATED_AT));
    }
}

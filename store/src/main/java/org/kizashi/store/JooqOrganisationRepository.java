package org.kizashi.store;

import static org.kizashi.store.Tables.Organisations.CREATED_AT;
import static org.kizashi.store.Tables.Organisations.ID;
import static org.kizashi.store.Tables.Organisations.NAME;
import static org.kizashi.store.Tables.Organisations.T;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.kizashi.core.identity.Organisation;
import org.kizashi.core.identity.OrganisationRepository;

final class JooqOrganisationRepository implements OrganisationRepository {
    private final DSLContext dsl;
    private final Clock clock;

    JooqOrganisationRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public Organisation create(String name) {
        String checked = checkName(name);
        return Constraints.unique("organisation '" + checked + "'", () -> dsl.insertInto(T)
                .set(NAME, checked)
                .set(CREATED_AT, clock.instant())
                .returning(ID, NAME, CREATED_AT)
                .fetchSingle(JooqOrganisationRepository::map));
    }

    @Override
    public Organisation findOrCreate(String name) {
        String checked = checkName(name);
        dsl.insertInto(T).set(NAME, checked).set(CREATED_AT, clock.instant()).onConflict(NAME).doNothing().execute();
        return findByName(checked).orElseThrow();
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new IllegalArgumentException("an organisation name is 1 to 200 characters");
        }
        return name.strip();
    }

    @Override
    public Optional<Organisation> find(long id) {
        return dsl.select(ID, NAME, CREATED_AT).from(T).where(ID.eq(id)).fetchOptional(JooqOrganisationRepository::map);
    }

    @Override
    public Optional<Organisation> findByName(String name) {
        return dsl.select(ID, NAME, CREATED_AT).from(T).where(NAME.eq(name)).fetchOptional(JooqOrganisationRepository::map);
    }

    @Override
    public List<Organisation> list() {
        return dsl.select(ID, NAME, CREATED_AT).from(T).orderBy(NAME).fetch(JooqOrganisationRepository::map);
    }

    private static Organisation map(Record r) {
        return new Organisation(r.get(ID), r.get(NAME), r.get(CREATED_AT));
    }
}

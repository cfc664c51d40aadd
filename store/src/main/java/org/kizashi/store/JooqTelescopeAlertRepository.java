package org.kizashi.store;

import static org.kizashi.store.Tables.TelescopeAlerts.ADDRESS;
import static org.kizashi.store.Tables.TelescopeAlerts.CREATED_AT;
import static org.kizashi.store.Tables.TelescopeAlerts.DETAIL;
import static org.kizashi.store.Tables.TelescopeAlerts.END_AT;
import static org.kizashi.store.Tables.TelescopeAlerts.ID;
import static org.kizashi.store.Tables.TelescopeAlerts.KIND;
import static org.kizashi.store.Tables.TelescopeAlerts.ORGANISATION_ID;
import static org.kizashi.store.Tables.TelescopeAlerts.PORT;
import static org.kizashi.store.Tables.TelescopeAlerts.PROTOCOL;
import static org.kizashi.store.Tables.TelescopeAlerts.START_AT;
import static org.kizashi.store.Tables.TelescopeAlerts.T;

import java.time.Clock;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.kizashi.core.telescope.DosAttack;
import org.kizashi.core.telescope.InfectedHost;
import org.kizashi.core.telescope.PortSurge;
import org.kizashi.core.telescope.TelescopeAlert;
import org.kizashi.core.telescope.TelescopeAlertRepository;

/**
 * Telescope alerts in {@code telescope_alerts}: the columns that lists and look-ups need, and the whole alert as text
 * ({@link TelescopeAlertText}). An {@link InfectedHost} with an organisation id of 0 or less belongs to no
 * organisation (its host lies in no registered range); it is stored with no organisation and read back with 0.
 */
final class JooqTelescopeAlertRepository implements TelescopeAlertRepository {
    static final int MAX_LIMIT = 1000;

    private final DSLContext dsl;
    private final Clock clock;

    JooqTelescopeAlertRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public long save(TelescopeAlert alert) {
        byte[] address = null;
        Long organisation = null;
        Short protocol = null;
        Integer port = null;
        switch (alert) {
            case DosAttack d -> {
                address = d.victim().toBytes();
                protocol = (short) d.protocol();
                port = d.ports().isEmpty() ? null : d.ports().getFirst();
            }
            case PortSurge s -> {
                protocol = (short) s.port().protocol();
                port = s.port().port();
            }
            case InfectedHost h -> {
                address = h.host().toBytes();
                organisation = h.organisationId() > 0 ? h.organisationId() : null;
            }
        }
        return dsl.insertInto(T)
                .set(KIND, alert.kind())
                .set(START_AT, alert.start())
                .set(END_AT, alert.end())
                .set(ADDRESS, address)
                .set(ORGANISATION_ID, organisation)
                .set(PROTOCOL, protocol)
                .set(PORT, port)
                .set(DETAIL, TelescopeAlertText.write(alert))
                .set(CREATED_AT, clock.instant())
                .returning(ID)
                .fetchSingle(ID);
    }

    @Override
    public List<StoredAlert> recent(int limit) {
        return dsl.select(ID, DETAIL).from(T)
                .orderBy(START_AT.desc(), ID.desc())
                .limit(clamp(limit))
                .fetch(JooqTelescopeAlertRepository::map);
    }

    @Override
    public List<StoredAlert> forOrganisation(long organisationId, int limit) {
        return dsl.select(ID, DETAIL).from(T)
                .where(ORGANISATION_ID.eq(organisationId)).and(KIND.eq("infected_host"))
                .orderBy(START_AT.desc(), ID.desc())
                .limit(clamp(limit))
                .fetch(JooqTelescopeAlertRepository::map);
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    private static StoredAlert map(Record r) {
        return new StoredAlert(r.get(ID), TelescopeAlertText.read(r.get(DETAIL)));
    }
}

package org.kizashi.store;

import static org.kizashi.store.Tables.ActiveOpenResolvers.ADDRESS;
import static org.kizashi.store.Tables.ActiveOpenResolvers.FIRST_SEEN;
import static org.kizashi.store.Tables.ActiveOpenResolvers.ISP;
import static org.kizashi.store.Tables.ActiveOpenResolvers.LAST_SEEN;
import static org.kizashi.store.Tables.ActiveOpenResolvers.T;
import static org.jooq.impl.DSL.count;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.kizashi.core.active.OpenResolverRepository;
import org.kizashi.core.active.OpenResolverSighting;
import org.kizashi.core.net.IpAddress;

/** Open resolvers in {@code active_open_resolvers}; additions from one process are serialised by their caller. */
final class JooqOpenResolverRepository implements OpenResolverRepository {
    private final Database database;
    private final DSLContext dsl;

    JooqOpenResolverRepository(Database database, DSLContext dsl) {
        this.database = database;
        this.dsl = dsl;
    }

    @Override
    public void add(Collection<OpenResolverSighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        database.inTransaction(() -> {
            for (OpenResolverSighting s : sightings) {
                byte[] address = s.address().toBytes();
                var known = dsl.select(FIRST_SEEN, LAST_SEEN).from(T).where(ADDRESS.eq(address)).fetchOptional();
                if (known.isEmpty()) {
                    dsl.insertInto(T, ADDRESS, ISP, FIRST_SEEN, LAST_SEEN)
                            .values(address, s.isp(), s.firstSeen(), s.lastSeen()).execute();
                    continue;
                }
                Instant first = known.get().value1().isBefore(s.firstSeen()) ? known.get().value1() : s.firstSeen();
                Instant last = known.get().value2().isAfter(s.lastSeen()) ? known.get().value2() : s.lastSeen();
                dsl.update(T).set(ISP, s.isp()).set(FIRST_SEEN, first).set(LAST_SEEN, last)
                        .where(ADDRESS.eq(address)).execute();
            }
            return null;
        });
    }

    @Override
    public List<OpenResolverSighting> ofIsp(String isp) {
        return dsl.select(ADDRESS, ISP, FIRST_SEEN, LAST_SEEN).from(T).where(ISP.eq(isp)).orderBy(ADDRESS)
                .fetch(r -> new OpenResolverSighting(IpAddress.fromBytes(r.value1()), r.value2(), r.value3(),
                        r.value4()));
    }

    @Override
    public Map<String, Long> countsByIsp() {
        Map<String, Long> counts = new LinkedHashMap<>();
        dsl.select(ISP, count()).from(T).groupBy(ISP).orderBy(ISP)
                .forEach(r -> counts.put(r.value1(), r.value2().longValue()));
        return counts;
    }
}

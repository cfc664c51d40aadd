package org.kizashi.store;

import static org.kizashi.store.Tables.Networks.DESCRIPTION;
import static org.kizashi.store.Tables.Networks.FIRST_ADDRESS;
import static org.kizashi.store.Tables.Networks.ID;
import static org.kizashi.store.Tables.Networks.LAST_ADDRESS;
import static org.kizashi.store.Tables.Networks.ORGANISATION_ID;
import static org.kizashi.store.Tables.Networks.PREFIX_LENGTH;
import static org.kizashi.store.Tables.Networks.T;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.kizashi.core.net.IpAddress;
import org.kizashi.core.net.IpPrefix;
import org.kizashi.core.net.NetworkRepository;
import org.kizashi.core.net.OrganisationNetwork;

final class JooqNetworkRepository implements NetworkRepository {
    private final DSLContext dsl;

    JooqNetworkRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public OrganisationNetwork add(long organisationId, IpPrefix prefix, String description) {
        return Constraints.unique("network " + prefix, () -> dsl.insertInto(T)
                .set(ORGANISATION_ID, organisationId)
                .set(FIRST_ADDRESS, prefix.first().toBytes())
                .set(LAST_ADDRESS, prefix.last().toBytes())
                .set(PREFIX_LENGTH, (short) prefix.length())
                .set(DESCRIPTION, description)
                .returning(ID, ORGANISATION_ID, FIRST_ADDRESS, PREFIX_LENGTH, DESCRIPTION)
                .fetchSingle(JooqNetworkRepository::map));
    }

    @Override
    public List<OrganisationNetwork> listByOrganisation(long organisationId) {
        return dsl.select(ID, ORGANISATION_ID, FIRST_ADDRESS, PREFIX_LENGTH, DESCRIPTION).from(T)
                .where(ORGANISATION_ID.eq(organisationId)).orderBy(FIRST_ADDRESS, PREFIX_LENGTH)
                .fetch(JooqNetworkRepository::map);
    }

    @Override
    public List<OrganisationNetwork> listAll() {
        return dsl.select(ID, ORGANISATION_ID, FIRST_ADDRESS, PREFIX_LENGTH, DESCRIPTION).from(T)
                .orderBy(FIRST_ADDRESS, PREFIX_LENGTH, ID)
                .fetch(JooqNetworkRepository::map);
    }

    @Override
    public List<OrganisationNetwork> containing(IpAddress address) {
        byte[] a = address.toBytes();
        return dsl.select(ID, ORGANISATION_ID, FIRST_ADDRESS, PREFIX_LENGTH, DESCRIPTION).from(T)
                .where(FIRST_ADDRESS.le(a)).and(LAST_ADDRESS.ge(a))
                .orderBy(PREFIX_LENGTH.desc(), ID).fetch(JooqNetworkRepository::map)
                .stream()
                // The range also covers the other family for prefixes such as ::/0; IpPrefix knows the families apart.
                .filter(n -> n.prefix().contains(address))
                .toList();
    }

    @Override
    public boolean delete(long id) {
        return dsl.deleteFrom(T).where(ID.eq(id)).execute() == 1;
    }

    private static OrganisationNetwork map(Record r) {
        IpAddress first = IpAddress.fromBytes(r.get(FIRST_ADDRESS));
        return new OrganisationNetwork(r.get(ID), r.get(ORGANISATION_ID), new IpPrefix(first, r.get(PREFIX_LENGTH)),
                r.get(DESCRIPTION));
    }
}

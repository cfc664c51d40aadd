package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class H2StoreTest implements IdentityStoreContract, AuditAndNetworkContract, TelescopeStoreContract,
        IntelStoreContract, ActiveStoreContract {
    private static Database database;

    @BeforeAll
    static void open() {
        database = TestDatabases.h2();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    public Database database() {
        return database;
    }

    @Test
    void reportsVendorAndSchema() {
        assertThat(database.vendor()).isEqualTo(Vendor.H2);
        assertThat(database.schemaVersion()).isGreaterThanOrEqualTo(1);
        assertThat(database.productVersion()).startsWith("H2");
        assertThat(database.isAnswering(2)).isTrue();
    }
}

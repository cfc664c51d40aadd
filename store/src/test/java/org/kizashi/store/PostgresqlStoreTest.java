package org.kizashi.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresqlStoreTest implements IdentityStoreContract, AuditAndNetworkContract, TelescopeStoreContract,
        IntelStoreContract, ActiveStoreContract {
    private static Database database;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgresql();
    }

    @AfterAll
    static void close() {
        TestDatabases.dropPostgresql(database);
    }

    @Override
    public Database database() {
        return database;
    }

    @Test
    void reportsVendorAndSchema() {
        assertThat(database.vendor()).isEqualTo(Vendor.POSTGRESQL);
        assertThat(database.schemaVersion()).isGreaterThanOrEqualTo(1);
        assertThat(database.productVersion()).startsWith("PostgreSQL");
    }
}

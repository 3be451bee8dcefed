package io.kamishop.account;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;

/** Paying from a balance on PostgreSQL, where the racing transactions really run side by side. */
@PostgresTest
class BalanceCheckoutOnPostgresTest extends BalanceCheckoutBehaviour {

    private TestPostgres postgres;

    @Override
    TestStore startStore() {
        postgres = TestPostgres.freshSchema();
        return TestStore.builder().env("KAMISHOP_DB_URL", postgres.url()).start();
    }

    @Override
    void afterStore() {
        postgres.close();
    }
}

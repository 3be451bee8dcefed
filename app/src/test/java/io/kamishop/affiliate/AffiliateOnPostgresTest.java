package io.kamishop.affiliate;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;

/** Affiliates on PostgreSQL, where the racing withdrawals and reversals really run side by side. */
@PostgresTest
class AffiliateOnPostgresTest extends AffiliateBehaviour {

    private TestPostgres postgres;

    @Override
    TestStore.Builder builder() {
        postgres = TestPostgres.freshSchema();
        return TestStore.builder().env("KAMISHOP_DB_URL", postgres.url());
    }

    @Override
    void afterStore() {
        postgres.close();
    }
}

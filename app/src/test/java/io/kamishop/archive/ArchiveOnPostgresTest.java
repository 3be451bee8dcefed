package io.kamishop.archive;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;

/** The order archive on PostgreSQL, where the foreign keys to orders check that every row left with its order. */
@PostgresTest
class ArchiveOnPostgresTest extends ArchiveBehaviour {

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

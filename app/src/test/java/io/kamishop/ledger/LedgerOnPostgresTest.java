package io.kamishop.ledger;

import io.kamishop.db.Database;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;

/** The ledger's promises on the real PostgreSQL, where racing transactions really run side by side. */
@PostgresTest
class LedgerOnPostgresTest extends LedgerBehaviour {

    private TestPostgres postgres;

    @Override
    Database openDatabase() {
        postgres = TestPostgres.freshSchema();
        return Database.open(postgres.url());
    }

    @Override
    void dropDatabase() {
        postgres.close();
    }
}

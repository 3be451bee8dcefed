package io.kamishop.ledger;

import io.kamishop.db.Database;
import io.kamishop.testing.ScratchDirs;

/** The ledger's promises on a real SQLite file. */
class LedgerTest extends LedgerBehaviour {

    @Override
    Database openDatabase() {
        return Database.open("jdbc:sqlite:" + ScratchDirs.create("ledger").resolve("kamishop.db"));
    }

    @Override
    void dropDatabase() {
        // the scratch dir goes when the JVM exits
    }
}

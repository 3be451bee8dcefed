package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A transaction PostgreSQL aborted to break a deadlock or a serialization conflict is run again, nothing else is. */
@PostgresTest
class PostgresRetryTest {

    @Test
    void aTransactionAbortedByTheDatabaseRunsAgainAndCommitsOnce() {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database database = Database.open(pg.url())) {
            AtomicInteger attempts = new AtomicInteger();
            AtomicInteger afterCommits = new AtomicInteger();

            String result = database.write(tx -> {
                Handles.of(tx)
                        .execute(
                                "INSERT INTO settings (scope, name, value, secret, updated_at) VALUES ('store', 'storeName', 'Retry', FALSE, 0)");
                database.afterCommit(afterCommits::incrementAndGet);
                if (attempts.incrementAndGet() == 1) {
                    // What PostgreSQL answers the loser of a deadlock between two nodes.
                    Handles.of(tx)
                            .execute(
                                    "DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END $$");
                }
                return "done";
            });

            assertThat(result).isEqualTo("done");
            assertThat(attempts).hasValue(2);
            assertThat(afterCommits)
                    .as("only the committed attempt's after-commit action runs")
                    .hasValue(1);
            assertThat(storedSettings(database)).isEqualTo(1);
        }
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database database = Database.open(pg.url())) {
            AtomicInteger attempts = new AtomicInteger();

            assertThatThrownBy(() -> database.write(tx -> {
                        attempts.incrementAndGet();
                        Handles.of(tx)
                                .execute(
                                        "INSERT INTO settings (scope, name, value, secret, updated_at) VALUES ('store', 'a', '1', FALSE, 0)");
                        return Handles.of(tx)
                                .execute(
                                        "INSERT INTO settings (scope, name, value, secret, updated_at) VALUES ('store', 'a', '2', FALSE, 0)");
                    }))
                    .hasMessageContaining("duplicate key");

            assertThat(attempts).hasValue(1);
            assertThat(storedSettings(database)).isZero();
        }
    }

    private static int storedSettings(Database database) {
        return database.read(tx -> Handles.of(tx)
                .createQuery("SELECT COUNT(*) FROM settings")
                .mapTo(Integer.class)
                .one());
    }
}

package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {

    @TempDir
    Path dir;

    private Handle handle;
    private StatementCache cache;

    @BeforeEach
    void open() {
        handle = Jdbi.create("jdbc:sqlite:" + dir.resolve("cache.db")).open();
        handle.execute("CREATE TABLE facts (id INTEGER PRIMARY KEY, v INTEGER NOT NULL UNIQUE)");
        cache = new StatementCache();
        handle.setStatementBuilder(cache);
    }

    @AfterEach
    void close() {
        cache.close(handle.getConnection());
        handle.close();
    }

    @Test
    void theSameStatementIsPreparedOnceAndReusedWithFreshParametersAndGeneratedKeys() {
        for (int v = 1; v <= 10; v++) {
            long id = handle.createUpdate("INSERT INTO facts (v) VALUES (:v)")
                    .bind("v", v)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            assertThat(id)
                    .as("the generated key of this insert, not of an earlier use")
                    .isEqualTo(v);
            assertThat(handle.createQuery("SELECT v FROM facts WHERE id = :id")
                            .bind("id", id)
                            .mapTo(Integer.class)
                            .one())
                    .isEqualTo(v);
        }

        assertThat(cache.counts()[0]).as("prepared: one insert, one select").isEqualTo(2);
        assertThat(cache.counts()[1]).as("reused").isEqualTo(18);
        assertThat(cache.idle()).isEqualTo(2);
    }

    @Test
    void aStatementStillReadingIsNotHandedOutAgainToANestedUseOfTheSameSql() {
        handle.execute("INSERT INTO facts (v) VALUES (1), (2), (3)");
        String sql = "SELECT v FROM facts WHERE v >= :from ORDER BY v";
        List<String> pairs = new java.util.ArrayList<>();
        try (var outer =
                handle.createQuery(sql).bind("from", 1).mapTo(Integer.class).iterator()) {
            while (outer.hasNext()) {
                int a = outer.next();
                List<Integer> inner = handle.createQuery(sql)
                        .bind("from", a)
                        .mapTo(Integer.class)
                        .list();
                pairs.add(a + ":" + inner);
            }
        }

        assertThat(pairs).containsExactly("1:[1, 2, 3]", "2:[2, 3]", "3:[3]");
    }

    @Test
    void aFailedStatementIsReusableAndTheTransactionAroundItBehavesAsUsual() {
        handle.execute("INSERT INTO facts (v) VALUES (1)");
        assertThatThrownBy(() -> handle.createUpdate("INSERT INTO facts (v) VALUES (:v)")
                        .bind("v", 1)
                        .execute())
                .hasMessageContaining("UNIQUE");
        handle.useTransaction(h ->
                h.createUpdate("INSERT INTO facts (v) VALUES (:v)").bind("v", 2).execute());
        assertThatThrownBy(() -> handle.useTransaction(h -> {
                    h.createUpdate("INSERT INTO facts (v) VALUES (:v)")
                            .bind("v", 3)
                            .execute();
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");

        assertThat(handle.createQuery("SELECT v FROM facts ORDER BY v")
                        .mapTo(Integer.class)
                        .list())
                .containsExactly(1, 2);
    }

    @Test
    void keepsAtMostItsLimitOfIdleStatements() {
        for (int i = 0; i < StatementCache.MAX_IDLE + 40; i++) {
            handle.createQuery("SELECT " + i).mapTo(Integer.class).one();
        }

        assertThat(cache.idle()).isEqualTo(StatementCache.MAX_IDLE);
    }
}

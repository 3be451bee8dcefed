package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastSqlTest {

    record Fact(String k, long v, String note) {}

    private static final RowMapper<Fact> FACTS =
            (rs, ctx) -> new Fact(rs.getString("k"), rs.getLong("v"), rs.getString("note"));
    private static final FastSql UPSERT = FastSql.of(FastSqlTest.class, "upsert", "k", "v", "note");
    private static final FastSql FIND = FastSql.of(FastSqlTest.class, "find", "k");

    @TempDir
    Path dir;

    private Handle handle;

    @BeforeEach
    void open() {
        handle = Jdbi.create("jdbc:sqlite:" + dir.resolve("fast.db")).open();
        handle.execute("CREATE TABLE facts (k TEXT PRIMARY KEY, v INTEGER NOT NULL, note TEXT)");
    }

    @AfterEach
    void close() {
        handle.close();
    }

    @Test
    void bindsEachNamedParameterAtEveryPlaceItAppearsAndNullAsNull() {
        assertThat(UPSERT.update(new Tx(handle), "a", 5L, null)).isEqualTo(1);
        assertThat(UPSERT.update(new Tx(handle), "a", 7, "seen twice")).isEqualTo(1);

        assertThat(FIND.first(new Tx(handle), FACTS, "a")).contains(new Fact("a", 12, null));
        assertThat(FIND.first(new Tx(handle), FACTS, "missing")).isEmpty();
    }

    @Test
    void onAHandleThatKeepsItsStatementsTheyArePreparedOnceAndReused() {
        StatementCache cache = new StatementCache();
        handle.setStatementBuilder(cache);
        for (int i = 0; i < 10; i++) {
            UPSERT.update(new Tx(handle), "k" + i, (long) i, "n");
            assertThat(FIND.first(new Tx(handle), FACTS, "k" + i)).contains(new Fact("k" + i, i, "n"));
        }
        assertThat(cache.counts()).containsExactly(2, 18);
        cache.close(handle.getConnection());
    }

    @Test
    void aFailingStatementThrowsWhatJdbiWouldAndTheStatementIsReusableAfterwards() {
        StatementCache cache = new StatementCache();
        handle.setStatementBuilder(cache);
        assertThatThrownBy(() -> UPSERT.update(new Tx(handle), "a", null, "v is NOT NULL"))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("FastSqlTest.upsert");

        assertThat(UPSERT.update(new Tx(handle), "a", 1L, null)).isEqualTo(1);
        assertThat(FIND.first(new Tx(handle), FACTS, "a")).contains(new Fact("a", 1, null));
        cache.close(handle.getConnection());
    }

    @Test
    void aBatchRunsTheStatementOncePerRowInOrderOnAKeptStatement() {
        StatementCache cache = new StatementCache();
        handle.setStatementBuilder(cache);
        java.util.List<Fact> rows =
                java.util.List.of(new Fact("a", 1, "first"), new Fact("b", 2, null), new Fact("a", 3, null));
        UPSERT.batch(new Tx(handle), rows, f -> new Object[] {f.k(), f.v(), f.note()});
        UPSERT.batch(new Tx(handle), java.util.List.of(), f -> new Object[] {"never", 0L, null});

        // The third row adds to the first (the upsert's v = v + :v), so the rows ran in the order given.
        assertThat(FIND.first(new Tx(handle), FACTS, "a")).contains(new Fact("a", 4, "first"));
        assertThat(FIND.first(new Tx(handle), FACTS, "b")).contains(new Fact("b", 2, null));
        assertThat(FIND.first(new Tx(handle), FACTS, "never")).isEmpty();
        assertThatThrownBy(() -> UPSERT.batch(new Tx(handle), rows, f -> new Object[] {f.k(), f.v()}))
                .isInstanceOf(IllegalArgumentException.class);
        cache.close(handle.getConnection());
    }

    @Test
    void definedAttributesArePutInOnceAndOneLeftOutIsRefused() {
        FastSql limited = FastSql.of(FastSqlTest.class, "firstN", java.util.Map.of("order", "ORDER BY k DESC"), "n");
        UPSERT.update(new Tx(handle), "a", 1L, null);
        UPSERT.update(new Tx(handle), "b", 2L, null);

        assertThat(limited.first(new Tx(handle), FACTS, 1)).contains(new Fact("b", 2, null));
        assertThatThrownBy(() -> FastSql.of(FastSqlTest.class, "firstN", "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesThatDoNotMatchTheFileOrAWrongArgumentCountAreRefused() {
        assertThatThrownBy(() -> FastSql.of(FastSqlTest.class, "find", "key"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FastSql.of(FastSqlTest.class, "upsert", "k", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FIND.first(new Tx(handle), FACTS)).isInstanceOf(IllegalArgumentException.class);
    }
}

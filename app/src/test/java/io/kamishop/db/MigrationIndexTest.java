package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

class MigrationIndexTest {

    private static SQLiteDataSource sqlite(String url) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url);
        return dataSource;
    }

    /** The skip compares against what Flyway wrote: the index must list every migration, with Flyway's own checksum. */
    @Test
    void theIndexHoldsEveryMigrationWithTheChecksumFlywayRecords(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        Flyway flyway = Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .placeholders(Dialect.SQLITE.migrationPlaceholders())
                .load();
        flyway.migrate();
        Set<MigrationIndex.Applied> recorded = Arrays.stream(flyway.info().applied())
                .map((MigrationInfo m) ->
                        new MigrationIndex.Applied(m.getVersion().getVersion(), m.getScript(), m.getChecksum()))
                .collect(Collectors.toSet());

        assertThat(MigrationIndex.bundled()).as("the build's index").isPresent();
        assertThat(MigrationIndex.bundled().get()).isEqualTo(recorded);
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(url))).isTrue();
    }

    @Test
    void aNewDatabaseIsNotCurrentAndIsMigrated(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(url)))
                .as("no history table yet")
                .isFalse();
        assertThat(MigrationIndex.hasHistory(sqlite(url)))
                .as("so Flyway.info() is skipped")
                .isFalse();
        Database.open(url).close();
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(url)))
                .as("after the first start")
                .isTrue();
        assertThat(MigrationIndex.hasHistory(sqlite(url))).isTrue();
    }

    /** Anything but an exact match goes through Flyway, which migrates, refuses, or reports as it always did. */
    @Test
    void aMissingAFailedOrAnEditedMigrationSendsTheStartThroughFlyway(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        Database.open(url).close();
        try (var c = DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(url)))
                .as("an edited migration")
                .isFalse();
        assertThatThrownBy(() -> Database.open(url))
                .as("Flyway's validation still runs")
                .hasMessageContaining("checksum");

        // The newest migration marked failed, then repaired.
        String newest;
        try (var c = DriverManager.getConnection(url);
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1")) {
            rs.next();
            newest = rs.getString(1);
        }
        try (var c = DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute("UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '1'");
            s.execute("UPDATE flyway_schema_history SET success = 0 WHERE version = '" + newest + "'");
        }
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(url)))
                .as("a failed migration")
                .isFalse();

        try (var c = DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute("UPDATE flyway_schema_history SET success = 1 WHERE version = '" + newest + "'");
        }
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(url))).as("repaired").isTrue();

        // A pending migration: a database Flyway migrated up to V140 only, as an older release left it. (Not
        // by deleting the newest history row: the newest migration need not be safe to run twice.)
        String older = "jdbc:sqlite:" + dir.resolve("older.db");
        Flyway.configure()
                .dataSource(sqlite(older))
                .locations("classpath:db/migration")
                .placeholders(Dialect.of(older).migrationPlaceholders())
                .target("140")
                .load()
                .migrate();
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(older)))
                .as("a pending migration")
                .isFalse();
        Database.open(older).close();
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(older)))
                .as("migrated again by Flyway")
                .isTrue();
    }

    @PostgresTest
    @Test
    void aMigratedPostgresqlSchemaIsCurrent() {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(pg.url());
            assertThat(MigrationIndex.schemaIsCurrent(dataSource))
                    .as("an empty schema")
                    .isFalse();
            Database.open(pg.url()).close();
            assertThat(MigrationIndex.schemaIsCurrent(dataSource)).isTrue();
            Database.open(pg.url()).close(); // and a second node's start goes through the skip
        }
    }
    /**
     * A new database gets every migration in one transaction (one commit, so one fsync, on a first start), and
     * the same migrations run on PostgreSQL, where each history row carries the id of the transaction that wrote it.
     */
    @PostgresTest
    @Test
    void aNewDatabaseIsMigratedInOneTransaction() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            Database.open(pg.url()).close();
            try (java.sql.Connection connection = pg.connect();
                    java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT xmin::text) FROM "
                            + pg.schema() + ".flyway_schema_history WHERE version IS NOT NULL")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("every migration applied")
                        .isEqualTo(MigrationIndex.bundled().orElseThrow().size());
                assertThat(rows.getInt(2)).as("transactions that wrote them").isEqualTo(1);
            }
        }
    }
}

package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaUpgradeTest {

    @Test
    void aDatabaseAtTheFirstSchemaUpgradesWithItsDataAndACopyAside(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .placeholders(Dialect.SQLITE.migrationPlaceholders())
                .target("1")
                .load()
                .migrate();
        try (var c = java.sql.DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute(
                    "INSERT INTO products (name, price, currency, created_at, updated_at) VALUES ('Old product', 500, 'CNY', 1, 1)");
        }
        int pending = Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .placeholders(Dialect.SQLITE.migrationPlaceholders())
                .load()
                .info()
                .pending()
                .length;

        try (Database db = Database.open(url)) {
            String name = db.read(tx -> Handles.of(tx)
                    .createQuery("SELECT name FROM products")
                    .mapTo(String.class)
                    .one());
            assertThat(name).isEqualTo("Old product");
        }
        try (Stream<Path> copies =
                Files.exists(dir.resolve("backups")) ? Files.list(dir.resolve("backups")) : Stream.empty()) {
            // A copy is taken exactly when the upgrade had something to do.
            assertThat(copies.count()).isEqualTo(pending > 0 ? 1 : 0);
        }
    }

    @Test
    void aDatabaseWrittenByANewerVersionIsRefused(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        Database.open(url).close();
        try (var c = java.sql.DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, "
                            + "installed_on, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', 'V999__future.sql', 0, 'x', "
                            + "CURRENT_TIMESTAMP, 1, 1)");
        }
        assertThatThrownBy(() -> Database.open(url))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newer Kamishop");
    }
}

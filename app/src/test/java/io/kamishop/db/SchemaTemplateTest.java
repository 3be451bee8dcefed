package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** A new store starts from the database the build migrated: the same schema Flyway would make, and nothing else. */
class SchemaTemplateTest {

    @Test
    void aNewStoreGetsExactlyTheSchemaTheMigrationsMakeAndFlywayHasNothingLeftToDo(@TempDir Path dir) throws Exception {
        Path fromTemplate = dir.resolve("template.db");
        SchemaTemplate.placeIfNew(fromTemplate);
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(fromTemplate)))
                .as("the template's history is this build's migrations, so a start skips Flyway")
                .isTrue();

        Path migrated = dir.resolve("migrated.db");
        Migrations.apply(sqlite(migrated), Dialect.SQLITE, java.util.Optional.of(migrated));

        assertThat(schema(fromTemplate)).isNotEmpty().isEqualTo(schema(migrated));
        assertThat(rowsOutsideTheHistory(fromTemplate))
                .as("the template holds no data, so no install shares a secret or an id with another")
                .isEqualTo(rowsOutsideTheHistory(migrated));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fromTemplate)))
                .isEqualTo("rw-------");
        assertThat(Files.exists(dir.resolve("template.db.new"))).isFalse();
    }

    @Test
    void anExistingDatabaseIsNeverReplacedButAnEmptyFileLeftByACrashedFirstStartIs(@TempDir Path dir) throws Exception {
        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "not a template");
        SchemaTemplate.placeIfNew(existing);
        assertThat(Files.readString(existing)).isEqualTo("not a template");

        Path walOnly = dir.resolve("wal.db");
        Files.createFile(walOnly);
        Files.writeString(Path.of(walOnly + "-wal"), "frames");
        SchemaTemplate.placeIfNew(walOnly);
        assertThat(Files.size(walOnly))
                .as("a write-ahead log beside it means it is not new")
                .isZero();

        Path empty = dir.resolve("empty.db");
        Files.createFile(empty);
        SchemaTemplate.placeIfNew(empty);
        assertThat(MigrationIndex.schemaIsCurrent(sqlite(empty))).isTrue();
    }

    private static SQLiteDataSource sqlite(Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    private static List<String> schema(Path file) throws SQLException {
        return strings(
                file, "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name");
    }

    /** Every table but Flyway's history, with its row count. */
    private static List<String> rowsOutsideTheHistory(Path file) throws SQLException {
        List<String> counts = new ArrayList<>();
        for (String table : strings(
                file,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                        + " AND name <> 'flyway_schema_history' ORDER BY name")) {
            counts.add(table + " "
                    + strings(file, "SELECT count(*) FROM \"" + table + "\"").get(0));
        }
        return counts;
    }

    private static List<String> strings(Path file, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = sqlite(file).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}

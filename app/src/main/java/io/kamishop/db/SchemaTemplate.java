package io.kamishop.db;

import io.kamishop.files.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.sqlite.SQLiteDataSource;

/**
 * A new SQLite store starts from an empty database the build migrated, instead of running every
 * migration on the buyer's machine.
 *
 * <p>The build ({@link #main}, run by Maven after {@link MigrationIndex}) applies this build's
 * migrations with Flyway to a scratch file, exactly as a start would, and keeps a clean copy as
 * {@code db/empty-store.sqlite}. A start that finds no database (or the empty file an earlier start
 * made and then died) puts that copy in its place, and {@link MigrationIndex} then finds the schema
 * current, so Flyway is not loaded at all. Running 53 migrations was the largest single piece of a
 * first start (a third of its main thread, JFR). The copy holds the schema and Flyway's history and no
 * data: migrations create tables, indexes and triggers and seed nothing secret. Without the copy (a
 * build that skipped the step) a start migrates as before; PostgreSQL always migrates.
 */
public final class SchemaTemplate {

    static final String RESOURCE = "/db/empty-store.sqlite";

    private SchemaTemplate() {}

    /**
     * Makes {@code databaseFile} a migrated empty database when there is none yet, owner-only. An
     * existing database (any size but zero) is never touched. The copy is written beside it and
     * renamed into place, so a crash leaves either no database or a whole one.
     */
    public static void placeIfNew(Path databaseFile) {
        try {
            if (Files.exists(databaseFile) && Files.size(databaseFile) > 0
                    || Files.exists(Path.of(databaseFile + "-wal"))) {
                OwnerOnly.file(databaseFile);
                return;
            }
            Optional<byte[]> template = template();
            if (template.isEmpty()) {
                OwnerOnly.emptyFileIfMissing(databaseFile);
                return;
            }
            Path partial = databaseFile.resolveSibling(databaseFile.getFileName() + ".new");
            Files.deleteIfExists(partial);
            OwnerOnly.emptyFileIfMissing(partial);
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(template.get()));
                out.force(true);
            }
            Files.move(partial, databaseFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database " + databaseFile, e);
        }
    }

    private static Optional<byte[]> template() throws IOException {
        try (InputStream in = SchemaTemplate.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    /** Build step: {@code args[0]} is the classes folder holding {@code db/migration}; writes the template there. */
    public static void main(String[] args) throws IOException, SQLException {
        Path classes = Path.of(args[0]);
        Path scratch = Files.createTempDirectory("kamishop-schema");
        Path target = classes.resolve(RESOURCE.substring(1));
        try {
            Path database = scratch.resolve("store.db");
            SQLiteDataSource dataSource = (SQLiteDataSource) Database.sqliteDataSource("jdbc:sqlite:" + database);
            Migrations.apply(dataSource, Dialect.SQLITE, Optional.of(database));
            Files.deleteIfExists(target);
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                // A clean single file: no WAL beside it, no free pages.
                statement.execute("VACUUM INTO '" + target.toString().replace("'", "''") + "'");
            }
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("[kamishop] migrated an empty store into " + target + " (" + Files.size(target) + " bytes)");
    }
}

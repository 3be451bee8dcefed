package io.kamishop.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to this build's version, safely: refuses a database written by a newer
 * Kamishop (running old code on a new schema corrupts it quietly), and on SQLite copies the database
 * aside before it changes an existing schema, so a failed upgrade can be undone by hand.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    static void apply(DataSource dataSource, Dialect dialect, Optional<Path> sqliteFile) {
        if (MigrationIndex.schemaIsCurrent(dataSource)) {
            return; // the usual restart: nothing to migrate, and Flyway would cost ~450 ms to find that out
        }
        if (!MigrationIndex.hasHistory(dataSource)) {
            // A new database: nothing newer to refuse and no schema to copy aside. Flyway.info() would
            // scan and resolve every migration only to say so (~50 ms of a first start); migrate() does it anyway.
            // All of them in one transaction (both databases change their schema transactionally): one commit,
            // so one fsync under synchronous=FULL instead of one per migration, and a failure leaves the
            // database as empty as it found it.
            configure(dataSource, dialect).group(true).load().migrate();
            return;
        }
        Flyway flyway = configure(dataSource, dialect).load();
        MigrationInfoService info = flyway.info();
        MigrationInfo[] future = Arrays.stream(info.applied())
                .filter(m -> m.getState().isFailed() || m.getState().name().startsWith("FUTURE"))
                .toArray(MigrationInfo[]::new);
        if (future.length > 0) {
            throw new IllegalStateException("this database was written by a newer Kamishop (schema version "
                    + future[future.length - 1].getVersion() + "; this build knows up to "
                    + (info.current() == null ? "none" : latestKnown(info)) + "), or a migration failed half-way. "
                    + "Run the newer version, or restore a backup.");
        }
        if (info.applied().length == 0) {
            // An empty schema after all (on PostgreSQL another schema's history made the check above unsure).
            configure(dataSource, dialect).group(true).load().migrate();
            return;
        }
        boolean upgradingExisting = info.current() != null && info.pending().length > 0;
        if (upgradingExisting && sqliteFile.isPresent()) {
            copyAside(
                    dataSource,
                    sqliteFile.get(),
                    info.current().getVersion().getVersion(),
                    info.pending()[info.pending().length - 1].getVersion().getVersion());
        }
        flyway.migrate();
    }

    private static FluentConfiguration configure(DataSource dataSource, Dialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(dialect.migrationPlaceholders());
    }

    private static String latestKnown(MigrationInfoService info) {
        MigrationInfo[] all = info.all();
        String latest = "none";
        for (MigrationInfo m : all) {
            if (m.getState().isResolved() && m.getVersion() != null) {
                latest = m.getVersion().getVersion();
            }
        }
        return latest;
    }

    private static void copyAside(DataSource dataSource, Path databaseFile, String from, String to) {
        Path folder = databaseFile.toAbsolutePath().resolveSibling("backups");
        Path copy =
                folder.resolve("before-schema-v" + to + "-from-v" + from + "-" + System.currentTimeMillis() + ".db");
        io.kamishop.files.OwnerOnly.folder(folder);
        // VACUUM INTO writes into an empty file it finds, keeping its owner-only mode.
        io.kamishop.files.OwnerOnly.emptyFileIfMissing(copy);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not copy the database aside before upgrading its schema: " + e.getMessage(), e);
        }
        LOG.info("upgrading the schema from v{} to v{}; the database before the upgrade is in {}", from, to, copy);
    }
}

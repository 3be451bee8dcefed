package io.kamishop.testing;

import io.kamishop.db.Dialect;
import org.flywaydb.core.Flyway;

/** A database at an older schema version, for the migration tests that fill it as that version wrote it. */
public final class OlderSchema {

    private OlderSchema() {}

    /** Migrates the empty database at {@code url} up to and including {@code version}, and no further. */
    public static void migrateTo(String url, Dialect dialect, String version) {
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .placeholders(dialect.migrationPlaceholders())
                .target(version)
                .load()
                .migrate();
    }
}

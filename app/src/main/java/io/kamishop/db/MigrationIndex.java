package io.kamishop.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Tells, without Flyway, whether a database's schema is exactly this build's: then a start need not
 * run Flyway at all. Flyway's configuration, plugin discovery, scan of the 63 MB jar for migrations,
 * lock and validation were ~450 ms of a 2.3 s start on 2 cores, every start, to find nothing to do.
 *
 * <p>The build lists the migration files in {@code db/migration.index} ({@link #main}, run by Maven
 * after the resources are copied; public only for that), so the list is complete by construction. The schema is current
 * when Flyway's history holds exactly those migrations, each applied successfully, with the checksum
 * Flyway computes (CRC32 of the file's lines, as {@code ChecksumCalculator}) and nothing else. Any
 * difference, a missing index or history, or any error sends the start through Flyway as before:
 * it then migrates, refuses a newer schema, or reports a failed or edited migration. On PostgreSQL,
 * a node that finds another one migrating sees an incomplete history and waits on Flyway's lock.
 */
public final class MigrationIndex {

    static final String INDEX = "/db/migration.index";
    private static final String LOCATION = "/db/migration/";
    /** Flyway's default, which {@link Migrations} does not change (the name is a LIKE pattern: '_' matches any character). */
    private static final String HISTORY_TABLE = "flyway_schema_history";

    /** One migration as Flyway's history records it. */
    record Applied(String version, String script, int checksum) {}

    private MigrationIndex() {}

    /** True only when the history matches this build's migrations exactly; false when unsure. */
    static boolean schemaIsCurrent(DataSource dataSource) {
        Optional<Set<Applied>> applied;
        try {
            applied = applied(dataSource);
        } catch (SQLException | RuntimeException e) {
            return false; // no history table yet (a new database), or anything odd: Flyway decides
        }
        // The history first: a new database has none, and then the build's checksums (every migration
        // file read) are not needed.
        Optional<Set<Applied>> bundled = bundled();
        return bundled.isPresent() && applied.equals(bundled);
    }

    /**
     * Whether Flyway's history table may exist: false only when the driver lists no table of that name
     * in any schema (a new database). When unsure, true: the caller then asks Flyway as before.
     */
    static boolean hasHistory(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, null, HISTORY_TABLE, null)) {
            return tables.next();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    /** This build's migrations from the index, or empty without an index (a build that did not make one). */
    static Optional<Set<Applied>> bundled() {
        try (InputStream index = MigrationIndex.class.getResourceAsStream(INDEX)) {
            if (index == null) {
                return Optional.empty();
            }
            Set<Applied> all = new HashSet<>();
            for (String script : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!script.isBlank()) {
                    all.add(new Applied(version(script.strip()), script.strip(), checksum(script.strip())));
                }
            }
            return all.isEmpty() ? Optional.empty() : Optional.of(all);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The successful SQL migrations of the history; empty when it holds any other kind of row or a failure. */
    static Optional<Set<Applied>> applied(DataSource dataSource) throws SQLException {
        Set<Applied> applied = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        SqlFiles.read(MigrationIndex.class, "MigrationIndex/appliedMigrations.sql"))) {
            while (rows.next()) {
                int checksum = rows.getInt("checksum");
                boolean hasChecksum = !rows.wasNull();
                if (!"SQL".equals(rows.getString("type"))
                        || !rows.getBoolean("success")
                        || !hasChecksum
                        || !applied.add(new Applied(rows.getString("version"), rows.getString("script"), checksum))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(applied);
    }

    /** {@code V130__storage_probe.sql} is version {@code 130}; Flyway writes {@code V1_2__x} as {@code 1.2}. */
    static String version(String script) {
        int separator = script.indexOf("__");
        if (!script.startsWith("V") || separator < 2) {
            throw new IllegalArgumentException("not a versioned migration: " + script);
        }
        return script.substring(1, separator).replace('_', '.');
    }

    /** Flyway's checksum of a migration file: CRC32 over its lines' UTF-8 bytes, without line ends or a leading BOM. */
    static int checksum(String script) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = MigrationIndex.class.getResourceAsStream(LOCATION + script)) {
            if (in == null) {
                throw new IOException("no " + LOCATION + script);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean first = true;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }

    /** Build step: {@code MigrationIndex <classes dir>} writes the index of {@code <classes dir>/db/migration}. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        List<String> names;
        try (Stream<Path> files = Files.list(classes.resolve("db/migration"))) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("V") && n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        Files.writeString(classes.resolve(INDEX.substring(1)), String.join("\n", names) + "\n", StandardCharsets.UTF_8);
        System.out.println(
                "[kamishop] indexed " + names.size() + " migrations in " + classes.resolve(INDEX.substring(1)));
    }
}

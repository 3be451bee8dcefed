package io.kamishop.backup;

import io.kamishop.config.AppConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Consistent backups of a data dir while the server may be running, and restores into an empty one.
 *
 * <p>The database is copied with SQLite's {@code VACUUM INTO}, which reads one snapshot of the WAL
 * database: concurrent orders either are in the copy entirely or not at all. The master key file,
 * installed plugins, themes and the config file travel beside it. A backup holds the master key
 * (unless it comes from the environment), so it is written owner-only and can be sealed with a
 * passphrase.
 */
public final class Backups {

    static final String DATABASE_ENTRY = "kamishop.db";
    private static final List<String> COPIED = List.of("master.key", "kamishop.conf", "plugins", "themes");

    private Backups() {
    }

    /** Writes a backup of {@code config}'s data dir to {@code out}; returns what it wrote. */
    public static String create(AppConfig config, Path out, char[] passphrase) throws IOException {
        if (!config.usesSqlite()) {
            throw new IllegalArgumentException("backup copies the embedded SQLite database; for PostgreSQL use pg_dump "
                    + "(see docs/operations.md) and back up the master key separately");
        }
        Path dataDir = config.dataDir();
        // Kept, not deleted and recreated: a temp file is owner-only, VACUUM INTO fills an empty file
        // and keeps its mode, so the copy of the database is never readable by others, even briefly.
        Path snapshot = Files.createTempFile(dataDir, ".backup-", ".db");
        try {
            try (Connection connection = DriverManager.getConnection(config.dbUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 30000");
                statement.execute("VACUUM INTO '" + snapshot.toString().replace("'", "''") + "'");
            } catch (SQLException e) {
                throw new IOException("could not snapshot the database: " + e.getMessage(), e);
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int files = 0;
            try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
                add(zip, "MANIFEST", ("kamishop-backup 1\ncreated " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
                add(zip, DATABASE_ENTRY, Files.readAllBytes(snapshot));
                files++;
                for (String name : COPIED) {
                    Path source = dataDir.resolve(name);
                    if (!Files.exists(source)) {
                        continue;
                    }
                    try (Stream<Path> walk = Files.walk(source)) {
                        for (Path file : walk.filter(Files::isRegularFile).toList()) {
                            add(zip, dataDir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                            files++;
                        }
                    }
                }
            }
            byte[] bytes = passphrase == null ? buffer.toByteArray() : BackupArchive.seal(buffer.toByteArray(), passphrase);
            writeOwnerOnly(out, bytes);
            return files + " files, " + bytes.length + " bytes" + (passphrase == null ? "" : ", encrypted");
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    /** Restores a backup into {@code dataDir}, which must be empty or absent. */
    public static void restore(Path backup, Path dataDir, char[] passphrase) throws IOException {
        if (Files.exists(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("refusing to restore into " + dataDir + ": it is not empty");
                }
            }
        }
        Files.createDirectories(dataDir);
        Path root = dataDir.toAbsolutePath().normalize();
        boolean sawDatabase = false;
        try (InputStream in = BackupArchive.open(Files.readAllBytes(backup), passphrase);
             ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory() || entry.getName().equals("MANIFEST")) {
                    continue;
                }
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IllegalArgumentException("the backup has an entry outside the data dir: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, BackupArchive.readAll(zip));
                if (entry.getName().equals("master.key")) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
                sawDatabase |= entry.getName().equals(DATABASE_ENTRY);
            }
        }
        if (!sawDatabase) {
            throw new IllegalArgumentException(backup + " is not a Kamishop backup: it has no database");
        }
    }

    private static void add(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static void writeOwnerOnly(Path out, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), ".kamishop-backup", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the file keeps the default permissions
        }
        Files.write(temp, bytes);
        Files.move(temp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

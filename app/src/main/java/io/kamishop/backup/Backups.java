package io.kamishop.backup;

import io.kamishop.config.AppConfig;
import io.kamishop.db.SqlFiles;
import io.kamishop.domain.Refusal;
import io.kamishop.files.ArchiveLimits;
import io.kamishop.files.OwnerOnly;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

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
    // A real database deflates a few times (its keys are ciphertext); a bomb a thousand times.
    private static final ArchiveLimits LIMITS = new ArchiveLimits("backup", 200_000, 64L * 1024 * 1024 * 1024, 200);
    private static final List<String> COPIED = List.of("master.key", "kamishop.conf", "plugins", "themes");
    private static final String BUSY_TIMEOUT = SqlFiles.read(Backups.class, "Backups/busyTimeout-sqlite.sql");
    private static final String SNAPSHOT = SqlFiles.read(Backups.class, "Backups/snapshot-sqlite.sql");

    private Backups() {}

    /** Writes a backup of {@code config}'s data dir to {@code out}; returns what it wrote. */
    public static String create(AppConfig config, Path out, char @Nullable [] passphrase) throws IOException {
        if (!config.usesSqlite()) {
            throw new IllegalArgumentException("backup copies the embedded SQLite database; for PostgreSQL use pg_dump "
                    + "(see docs/operations.md) and back up the master key separately");
        }
        Path dataDir = config.dataDir();
        // Kept, not deleted and recreated: a temp file is owner-only, VACUUM INTO fills an empty file
        // and keeps its mode, so the copy of the database is never readable by others, even briefly.
        Path snapshot = Files.createTempFile(dataDir, ".backup-", ".db");
        try {
            // Plain JDBC on a connection of its own, not the store's Database: a backup runs from the
            // command line beside a running store, and must not open (or migrate) it.
            // The PRAGMA's statement is closed before the VACUUM runs: SQLite refuses to VACUUM while
            // another statement on the connection is still open.
            try (Connection connection = DriverManager.getConnection(config.dbUrl())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(BUSY_TIMEOUT);
                }
                try (PreparedStatement vacuum = connection.prepareStatement(SNAPSHOT)) {
                    vacuum.setString(1, snapshot.toString());
                    vacuum.execute();
                }
            } catch (SQLException e) {
                throw new IOException("could not snapshot the database: " + e.getMessage(), e);
            }
            // Streamed from the files through the zip (and the seal) into an owner-only file beside {@code out},
            // moved into place once complete: memory stays flat whatever the size of the database.
            Path temp = ownerOnlyTemp(out);
            try {
                int files = 0;
                try (OutputStream file = Files.newOutputStream(temp);
                        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(
                                passphrase == null ? file : BackupArchive.sealing(file, passphrase), 64 * 1024))) {
                    add(
                            zip,
                            "MANIFEST",
                            ("kamishop-backup 1\ncreated " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
                    add(zip, DATABASE_ENTRY, snapshot);
                    files++;
                    for (String name : COPIED) {
                        Path source = dataDir.resolve(name);
                        if (!Files.exists(source)) {
                            continue;
                        }
                        try (Stream<Path> walk = Files.walk(source)) {
                            for (Path copied : walk.filter(
                                            f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                                    .toList()) {
                                add(zip, dataDir.relativize(copied).toString().replace('\\', '/'), copied);
                                files++;
                            }
                        }
                    }
                }
                try (FileChannel written = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    written.force(true); // on disk before it takes the backup's name
                }
                long bytes = Files.size(temp);
                Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return files + " files, " + bytes + " bytes" + (passphrase == null ? "" : ", encrypted");
            } finally {
                Files.deleteIfExists(temp);
            }
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    /**
     * Restores a backup into {@code dataDir}, which must be empty or absent. The whole archive is
     * checked first (names, entry count, size, compression ratio, a database present), so a bomb or a
     * foreign zip writes nothing; a write that still fails part-way (disk full) removes what it wrote,
     * leaving the folder empty for the next attempt.
     */
    public static void restore(Path backup, Path dataDir, char @Nullable [] passphrase) throws IOException {
        if (Files.exists(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("refusing to restore into " + dataDir + ": it is not empty");
                }
            }
        }
        Path root = dataDir.toAbsolutePath().normalize();
        // A sealed backup is opened into an owner-only file beside the data dir first (it holds the master key),
        // streamed, and read from there: memory stays flat whatever the size of the backup.
        Path opened = BackupArchive.isEncrypted(backup) ? ownerOnlyTemp(root) : null;
        try {
            if (opened != null) {
                BackupArchive.unseal(backup, passphrase, opened);
            }
            Path archive = opened != null ? opened : backup;
            try {
                if (!expand(archive, root, false)) {
                    throw new IllegalArgumentException(backup + " is not a Kamishop backup: it has no database");
                }
            } catch (Refusal e) {
                throw new IllegalArgumentException("refusing to restore " + backup + ": " + e.getMessage());
            }
            boolean created = !Files.exists(root);
            OwnerOnly.folder(root);
            try {
                expand(archive, root, true);
            } catch (UncheckedIOException e) {
                emptyOut(root, created);
                throw e.getCause();
            } catch (IOException | RuntimeException e) {
                emptyOut(root, created);
                throw e;
            }
        } finally {
            if (opened != null) {
                Files.deleteIfExists(opened);
            }
        }
    }

    /**
     * One pass over the archive: checks every entry, and with {@code write} writes it (owner-only) too.
     * Returns whether the archive holds a database.
     */
    private static boolean expand(Path archive, Path root, boolean write) throws IOException {
        ArchiveLimits.Counter counter = LIMITS.counter();
        boolean sawDatabase = false;
        try (CountingInput raw = new CountingInput(Files.newInputStream(archive));
                ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                counter.entry();
                long start = raw.position();
                InputStream content = counter.count(zip, () -> raw.position() - start);
                if (entry.isDirectory() || entry.getName().equals("MANIFEST")) {
                    content.transferTo(OutputStream.nullOutputStream());
                    continue;
                }
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IllegalArgumentException(
                            "the backup has an entry outside the data dir: " + entry.getName());
                }
                if (write) {
                    // target is inside root and not root itself, so it has a parent.
                    OwnerOnly.folder(Objects.requireNonNull(target.getParent()));
                    OwnerOnly.emptyFileIfMissing(target);
                    try (OutputStream out = Files.newOutputStream(target)) {
                        content.transferTo(out);
                    }
                } else {
                    content.transferTo(OutputStream.nullOutputStream());
                }
                sawDatabase |= entry.getName().equals(DATABASE_ENTRY);
            }
        }
        return sawDatabase;
    }

    private static void emptyOut(Path root, boolean created) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root) || created) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException cleanup) {
            throw new UncheckedIOException(
                    "the restore failed and what it wrote into " + root
                            + " could not all be removed; empty the folder before trying again",
                    cleanup);
        }
    }

    /** The archive's bytes, telling how many the zip reader has taken so far (for the compression ratio). */
    /** The archive's bytes read so far (the zip's compressed sizes, for the ratio check), buffered. */
    private static final class CountingInput extends BufferedInputStream {
        private long position;

        CountingInput(InputStream in) {
            super(in, 64 * 1024);
        }

        @Override
        public synchronized int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public synchronized long skip(long n) throws IOException {
            long skipped = super.skip(n);
            position += skipped;
            return skipped;
        }

        long position() {
            return position;
        }
    }

    private static void add(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static void add(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    /** An empty file beside {@code out} that only its owner can read, for a backup (or an opened one) to be written into. */
    private static Path ownerOnlyTemp(Path out) throws IOException {
        Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), ".kamishop-backup", ".tmp");
        OwnerOnly.file(temp);
        return temp;
    }
}

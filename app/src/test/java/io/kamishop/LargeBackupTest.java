package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.ProcessTest;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of a database larger than the heap of the JVMs that make and restore it: both must stream (files, zip,
 * AES-GCM seal, and back), never hold the whole in memory (found by {@code bench/run --scale}: a 3 GB store's
 * backup failed with "Required array size too large", and a small VPS's 128 MB heap failed far sooner).
 */
@ProcessTest
class LargeBackupTest {

    /** Random bytes (deflate cannot shrink them) in the store's own database file. */
    private static final int BALLAST_MIB = 128;

    /** Enough for the passphrase's Argon2id (64 MiB), less than the database. */
    private static final String HEAP = "-Xmx96m";

    @Test
    void anEncryptedBackupOfADatabaseLargerThanTheHeapIsWrittenAndRestoredByJvmsWithThatHeap(@TempDir Path tmp)
            throws Exception {
        Path data = tmp.resolve("data");
        try (TestStore store = TestStore.builder().dataDir(data).start()) {
            long product = store.createProduct("Large", 100, "CNY");
            store.importKeys(product, List.of("LARGE-KEY-1"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kamishop.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ballast (b BLOB NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO ballast VALUES (randomblob(1048576))")) {
                for (int i = 0; i < BALLAST_MIB; i++) {
                    insert.execute();
                }
            }
        }
        Path backup = tmp.resolve("large.backup");
        String passphrase = "large backups stream";

        String written = cli(tmp, passphrase, "backup", "--out", backup.toString(), "--data-dir", data.toString());
        assertThat(Files.size(backup))
                .as("the sealed backup holds the random ballast")
                .isGreaterThan(BALLAST_MIB * 1024L * 1024L);
        assertThat(written).contains("encrypted");

        Path restored = tmp.resolve("restored");
        cli(tmp, passphrase, "restore", "--in", backup.toString(), "--data-dir", restored.toString());
        try (var names = Files.list(tmp)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .as("no temporary file left beside the backup or the restored data dir")
                    .noneMatch(n -> n.startsWith(".kamishop-backup"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored.resolve("kamishop.db"));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(b)) FROM ballast")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isEqualTo(BALLAST_MIB);
            assertThat(r.getLong(2)).isEqualTo(BALLAST_MIB * 1024L * 1024L);
        }
        assertThat(restored.resolve("master.key")).exists();
    }

    /** Runs the command line in a JVM of its own with {@link #HEAP}; returns what it printed, failing if it failed. */
    private static String cli(Path tmp, String passphrase, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.kamishop.Kamishop"));
        command.addAll(List.of(args));
        Path log = tmp.resolve(args[0] + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAMISHOP_BACKUP_PASSPHRASE", passphrase);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS))
                .as(args[0] + " finished")
                .isTrue();
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(printed).isZero();
        return printed;
    }
}

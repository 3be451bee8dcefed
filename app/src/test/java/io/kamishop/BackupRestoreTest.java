package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.backup.Backups;
import io.kamishop.db.Handles;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import io.kamishop.testing.ZipBombs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {

    record Bought(String orderNo, String token) {}

    @Test
    void aBackupTakenWhileOrdersAreMadeRestoresToAConsistentWorkingStore(@TempDir Path tmp) throws Exception {
        Path backup = tmp.resolve("store.backup");
        List<Bought> bought = Collections.synchronizedList(new ArrayList<>());
        long product;
        try (TestStore store = TestStore.builder().dataDir(tmp.resolve("live")).start()) {
            product = store.createProduct("Backup me", 300, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 300).mapToObj(i -> "BK-" + i).toList());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread buyer = new Thread(() -> {
                int n = 0;
                while (running.get() && n < 250) {
                    JsonNode order = store.order(product, 1).json();
                    store.notifySandbox(order.get("orderNo").asText(), 300, "T-" + n++);
                    bought.add(new Bought(
                            order.get("orderNo").asText(),
                            order.get("lookupToken").asText()));
                }
            });
            buyer.start();
            while (bought.size() < 5) {
                Thread.sleep(10);
            }
            int exit = Cli.run(
                    new String[] {
                        "backup",
                        "--out",
                        backup.toString(),
                        "--data-dir",
                        store.dataDir().toString()
                    },
                    Map.of());
            running.set(false);
            buyer.join();
            assertThat(exit).isZero();
        }
        assertThat(Files.getPosixFilePermissions(backup)).hasSize(2); // owner read + write only

        Path restored = tmp.resolve("restored");
        assertThat(Cli.run(
                        new String[] {"restore", "--in", backup.toString(), "--data-dir", restored.toString()},
                        Map.of()))
                .isZero();
        try (TestStore copy = TestStore.builder().dataDir(restored).start()) {
            Invariants.all(copy.app().database(), product, 300);
            long ordersInCopy = copy.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM orders")
                            .mapTo(Long.class)
                            .one());
            assertThat(ordersInCopy).isPositive();
            // An order delivered before the snapshot is readable, keys decrypted, with the buyer's original token.
            Bought first = bought.get(0);
            JsonNode view = copy.http()
                    .get("/api/orders/" + first.orderNo() + "?token=" + first.token())
                    .json();
            assertThat(view.get("status").asText()).isEqualTo("delivered");
            assertThat(view.get("keys").get(0).asText()).startsWith("BK-");
            assertThat(copy.http().adminGet("/api/admin/plugins").json().toString())
                    .contains("payment-sandbox");
        }
    }

    @Test
    void restoreRefusesADataDirThatIsNotEmpty(@TempDir Path tmp) throws Exception {
        Path backup = tmp.resolve("b.zip");
        try (TestStore store = TestStore.builder().dataDir(tmp.resolve("live")).start()) {
            assertThat(Cli.run(
                            new String[] {
                                "backup",
                                "--out",
                                backup.toString(),
                                "--data-dir",
                                store.dataDir().toString()
                            },
                            Map.of()))
                    .isZero();
        }
        Path occupied = Files.createDirectories(tmp.resolve("occupied"));
        Files.writeString(occupied.resolve("kamishop.db"), "precious");

        int exit = Cli.run(
                new String[] {"restore", "--in", backup.toString(), "--data-dir", occupied.toString()}, Map.of());

        assertThat(exit).isNotZero();
        assertThat(Files.readString(occupied.resolve("kamishop.db"))).isEqualTo("precious");
    }

    @Test
    void anEncryptedBackupNeedsItsPassphrase(@TempDir Path tmp) throws Exception {
        Path backup = tmp.resolve("b.enc");
        Map<String, String> env = Map.of("KAMISHOP_BACKUP_PASSPHRASE", "correct horse battery staple");
        try (TestStore store = TestStore.builder().dataDir(tmp.resolve("live")).start()) {
            long product = store.createProduct("Sealed", 100, "CNY");
            store.importKeys(product, List.of("SEALED-KEY-1"));
            assertThat(Cli.run(
                            new String[] {
                                "backup",
                                "--out",
                                backup.toString(),
                                "--data-dir",
                                store.dataDir().toString()
                            },
                            env))
                    .isZero();
        }
        assertThat(new String(Files.readAllBytes(backup), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("master.key");

        assertThat(Cli.run(
                        new String[] {
                            "restore",
                            "--in",
                            backup.toString(),
                            "--data-dir",
                            tmp.resolve("a").toString()
                        },
                        Map.of("KAMISHOP_BACKUP_PASSPHRASE", "wrong")))
                .isNotZero();
        // The tag is checked at the end of the streamed opening: nothing of what was opened before may stay.
        assertThat(tmp.resolve("a")).doesNotExist();
        try (var names = Files.list(tmp)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".kamishop-backup"));
        }
        assertThat(Cli.run(
                        new String[] {
                            "restore",
                            "--in",
                            backup.toString(),
                            "--data-dir",
                            tmp.resolve("b").toString()
                        },
                        env))
                .isZero();
        assertThat(tmp.resolve("b").resolve("kamishop.db")).exists();
    }

    @Test
    void aZipBombBackupIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Path backup = tmp.resolve("bomb.zip");
        Files.write(
                backup,
                ZipBombs.withZeros(
                        null, Map.of("kamishop.db", "not really".getBytes()), "themes/zeros.css", 64L * 1024 * 1024));
        Path target = tmp.resolve("target");

        int exit =
                Cli.run(new String[] {"restore", "--in", backup.toString(), "--data-dir", target.toString()}, Map.of());

        assertThat(exit).isNotZero();
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> Backups.restore(backup, target, null)).hasMessageContaining("zip bomb");
    }

    @Test
    void aRestoreFailingPartWayLeavesTheFolderEmptyAndCanBeRetried(@TempDir Path tmp) throws Exception {
        // "plugins" arrives as a file, so "plugins/x.jar" cannot be written after the database already was.
        Path broken = tmp.resolve("broken.zip");
        Files.write(broken, zip(Map.of("kamishop.db", "db", "plugins", "a file", "plugins/x.jar", "jar")));
        Path target = Files.createDirectories(tmp.resolve("target"));

        assertThatThrownBy(() -> Backups.restore(broken, target, null)).isInstanceOf(java.io.IOException.class);
        try (var left = Files.list(target)) {
            assertThat(left.toList()).isEmpty();
        }

        Path good = tmp.resolve("good.zip");
        Files.write(good, zip(Map.of("kamishop.db", "db", "plugins/x.jar", "jar")));
        Backups.restore(good, target, null);
        assertThat(Files.readString(target.resolve("plugins/x.jar"))).isEqualTo("jar");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(target.resolve("kamishop.db"))))
                .isEqualTo("rw-------");
    }

    private static byte[] zip(Map<String, String> entries) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (String name : new java.util.TreeSet<>(entries.keySet())) {
                zip.putNextEntry(new java.util.zip.ZipEntry(name));
                zip.write(entries.get(name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}

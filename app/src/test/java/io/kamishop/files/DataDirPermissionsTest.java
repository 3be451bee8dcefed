package io.kamishop.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nobody but the store's own account can read the master key, the database or anything else in the data dir. */
class DataDirPermissionsTest {

    @Test
    void theDatabaseItsWalAndTheMasterKeyAreOwnerOnly() throws IOException {
        Path dir = Files.createTempDirectory("kamishop-perms");
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            long product = store.createProduct("Perms", 100, "CNY");
            store.importKeys(product, List.of("P-1"));
            assertThat(mode(dir)).isEqualTo("rwx------");
            for (String name : List.of("kamishop.db", "kamishop.db-wal", "master.key")) {
                assertThat(dir.resolve(name)).exists();
                assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
            }
        } finally {
            delete(dir);
        }
    }

    @Test
    void aLooseDataDirIsTightenedOnStart() throws IOException {
        Path dir = Files.createTempDirectory("kamishop-perms");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir.resolve("backups"));
            Files.setPosixFilePermissions(dir.resolve("backups"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path oldBackup = Files.writeString(dir.resolve("backups/old.db"), "an old copy");
            Files.setPosixFilePermissions(oldBackup, PosixFilePermissions.fromString("rw-r--r--"));
            try (TestStore store = TestStore.builder().dataDir(dir).start()) {
                assertThat(mode(dir)).isEqualTo("rwx------");
                assertThat(mode(dir.resolve("backups"))).isEqualTo("rwx------");
                assertThat(mode(oldBackup)).isEqualTo("rw-------");
            }
        } finally {
            delete(dir);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

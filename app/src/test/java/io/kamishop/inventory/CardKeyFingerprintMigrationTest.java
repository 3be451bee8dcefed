package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.db.Dialect;
import io.kamishop.db.Handles;
import io.kamishop.testing.OlderSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V140: card-key fingerprints stored as 64 hex characters become their 32 bytes, keys and all kept. */
class CardKeyFingerprintMigrationTest {

    private static final List<String> OLD_KEYS = List.of("OLD-1", "OLD-2", "OLD-3");

    private final KeyedHash hash = new KeyedHash(filled(32, 7));
    private final SecretBox box = new SecretBox(filled(32, 9));

    @Test
    void keysStoredWithHexFingerprintsStillDedupeAndDeliverOnSqlite(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        keysStoredWithHexFingerprintsStillDedupeAndDeliver(url, Dialect.SQLITE);
    }

    @PostgresTest
    @Test
    void keysStoredWithHexFingerprintsStillDedupeAndDeliverOnPostgresql() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            keysStoredWithHexFingerprintsStillDedupeAndDeliver(pg.url(), Dialect.POSTGRESQL);
        }
    }

    private void keysStoredWithHexFingerprintsStillDedupeAndDeliver(String url, Dialect dialect) throws Exception {
        OlderSchema.migrateTo(url, dialect, "130");
        long productId;
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("INSERT INTO products (name, price, currency, created_at, updated_at) "
                    + "VALUES ('Codes', 100, 'CNY', 1, 1) RETURNING id")) {
                rs.next();
                productId = rs.getLong(1);
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO card_keys (product_id, fingerprint, sealed, status, "
                            + "order_id, created_at, updated_at) VALUES (?, ?, ?, 'available', NULL, 1, 1)")) {
                for (String key : OLD_KEYS) {
                    insert.setLong(1, productId);
                    insert.setString(2, hash.hex(key)); // as stored before V140
                    insert.setBytes(
                            3,
                            box.seal(key.getBytes(StandardCharsets.UTF_8), InventoryService.associatedData(productId)));
                    insert.executeUpdate();
                }
            }
        }

        try (Database db = Database.open(url)) {
            List<byte[]> stored = db.read(tx -> Handles.of(tx)
                    .createQuery("SELECT fingerprint FROM card_keys ORDER BY id")
                    .map((rs, ctx) -> rs.getBytes(1))
                    .list());
            assertThat(stored).hasSize(3);
            for (int i = 0; i < OLD_KEYS.size(); i++) {
                assertThat(Arrays.equals(stored.get(i), hash.bytes(OLD_KEYS.get(i))))
                        .as("the same HMAC, as bytes")
                        .isTrue();
            }

            InventoryService inventory = new InventoryService(db, box, hash, Clock.systemUTC());
            ImportReport report = inventory.importKeys(
                    productId, new ByteArrayInputStream("OLD-2\nNEW-1\nOLD-3\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(report.imported()).isEqualTo(1);
            assertThat(report.duplicates())
                    .as("keys stored before the migration")
                    .isEqualTo(2);

            long orderId = 77;
            db.write(tx -> {
                assertThat(inventory.reserve(tx, productId, orderId, 4)).isTrue();
                return inventory.sell(tx, orderId);
            });
            List<String> expected = new ArrayList<>(OLD_KEYS);
            expected.add("NEW-1");
            assertThat(inventory.keysSoldTo(orderId))
                    .as("old keys still open and deliver")
                    .isEqualTo(expected);
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

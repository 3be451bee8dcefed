package io.kamishop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.testing.TestStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

    private static Path storeWithHistory(Path dir) {
        try (TestStore store = TestStore.builder().dataDir(dir).start()) {
            long product = store.createProduct("Audited", 100, "CNY");
            store.importKeys(product, List.of("A-1", "A-2"));
            JsonNode order = store.order(product, 1).json();
            store.notifySandbox(order.get("orderNo").asText(), 100, "T-audit");

            JsonNode trail = store.http().adminGet("/api/admin/audit?limit=50").json();
            List<String> actions = trail.findValuesAsText("action");
            assertThat(actions).contains("order.created", "order.paid", "order.delivered");
            assertThat(actions).as("admin API changes are in the same chain").anyMatch(a -> a.startsWith("api POST"));
            assertThat(trail.toString()).doesNotContain("A-1").doesNotContain(TestStore.ADMIN_TOKEN);
            assertThat(store.http()
                            .adminGet("/api/admin/audit/verify")
                            .json()
                            .get("intact")
                            .asBoolean())
                    .isTrue();
        }
        return dir;
    }

    private static int verify(Path dir) {
        return Cli.run(new String[] {"verify-audit", "--data-dir", dir.toString()}, Map.of());
    }

    private static void tamper(Path dir, String sql) {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("kamishop.db"))) {
            db.write(tx -> Handles.of(tx).execute(sql));
        }
    }

    @Test
    void anUntouchedTrailVerifies(@TempDir Path dir) {
        assertThat(verify(storeWithHistory(dir))).isZero();
    }

    @Test
    void aChangedEntryIsDetected(@TempDir Path dir) {
        tamper(storeWithHistory(dir), "UPDATE audit_log SET detail = 'nothing happened' WHERE action = 'order.paid'");
        assertThat(verify(dir)).isEqualTo(1);
    }

    @Test
    void aRemovedEntryIsDetected(@TempDir Path dir) {
        tamper(storeWithHistory(dir), "DELETE FROM audit_log WHERE seq = 2");
        assertThat(verify(dir)).isEqualTo(1);
    }

    @Test
    void removingTheNewestEntriesIsDetected(@TempDir Path dir) {
        tamper(storeWithHistory(dir), "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");
        assertThat(verify(dir)).isEqualTo(1);
    }
}

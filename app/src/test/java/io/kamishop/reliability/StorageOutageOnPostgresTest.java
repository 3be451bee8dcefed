package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL refusing writes (a standby, or {@code default_transaction_read_only} set when its disk
 * filled: SQLSTATE 25006) is the same outage as a full SQLite disk: 503 storage_unavailable, nothing
 * stored, and the gateway's retry after it is delivered exactly once.
 */
@PostgresTest
class StorageOutageOnPostgresTest {

    @Test
    void readOnlyPostgresAnswers503ThenDeliversTheRetriedPaymentOnce() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            long product = store.createProduct("PG key", 800, "EUR");
            // One key: see PaymentsOnPostgresTest about reserving several on PostgreSQL.
            store.importKeys(product, List.of("PG-RO-1"));
            JsonNode placed = store.order(product, 1).json();
            String orderNo = placed.get("orderNo").asText();
            long amount = placed.get("amount").asLong();

            onEveryConnection(store, "SET SESSION default_transaction_read_only = on");

            Http.Answer paid = store.notifySandbox(orderNo, amount, "TRADE-PG-RO");
            assertThat(paid.status()).as(paid.body()).isEqualTo(503);
            assertThat(paid.errorCode()).isEqualTo("storage_unavailable");
            assertThat(paid.header("Retry-After")).isNotBlank();
            assertThat(store.http().get("/healthz").json().get("status").asText())
                    .isEqualTo("degraded");
            assertThat(status(store, orderNo)).isEqualTo("pending");

            onEveryConnection(store, "SET SESSION default_transaction_read_only = off");

            assertThat(store.http().get("/healthz").status()).isEqualTo(200);
            assertThat(store.notifySandbox(orderNo, amount, "TRADE-PG-RO").status())
                    .isEqualTo(200);
            assertThat(store.notifySandbox(orderNo, amount, "TRADE-PG-RO").status())
                    .isEqualTo(200);
            assertThat(status(store, orderNo)).isEqualTo("delivered");
            long recorded = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM payment_notifications")
                            .mapTo(Long.class)
                            .one());
            assertThat(recorded).isEqualTo(1);
            Invariants.all(store.app().database(), product, 1);
        }
    }

    private static String status(TestStore store, String orderNo) {
        return store.http()
                .adminGet("/api/admin/orders/" + orderNo)
                .json()
                .get("status")
                .asText();
    }

    /**
     * Through the database, which holds connections of its pool as kept handles (on PostgreSQL every
     * transaction runs on one): it gives them back and keeps none while it sets every connection.
     */
    private static void onEveryConnection(TestStore store, String sql) {
        store.app().database().onEveryConnection(sql);
    }
}

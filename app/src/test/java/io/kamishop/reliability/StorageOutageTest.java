package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database that refuses writes (read-only file, full disk) is an outage, not a bug: every write
 * answers 503 storage_unavailable with Retry-After and stores nothing, and the store recovers by
 * itself once writes are possible again, delivering each payment the gateway retried exactly once.
 *
 * <p>The refusals are SQLite's own: {@code PRAGMA query_only} makes the engine answer
 * SQLITE_READONLY and {@code PRAGMA max_page_count} at the current size makes it answer SQLITE_FULL,
 * on every pooled connection of the running server (the pool is borrowed empty to reach them all).
 */
class StorageOutageTest {

    private TestStore store;

    @BeforeEach
    void start() {
        store = TestStore.start();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void readOnlyDatabaseAnswers503ThenDeliversTheRetriedPaymentOnce() throws Exception {
        long product = store.createProduct("Game key", 1200, "CNY");
        store.importKeys(
                product, IntStream.range(0, 10).mapToObj(i -> "RO-" + i).toList());
        JsonNode placed = store.order(product, 2).json();
        String orderNo = placed.get("orderNo").asText();
        long amount = placed.get("amount").asLong();
        JsonNode stockBefore = store.stock(product);

        onEveryConnection("PRAGMA query_only = ON");

        Http.Answer order = store.order(product, 1);
        assertStorageUnavailable(order);
        Http.Answer paid = store.notifySandbox(orderNo, amount, "TRADE-RO");
        assertStorageUnavailable(paid); // the gateway will retry
        Http.Answer health = store.http().get("/healthz");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("degraded");
        assertThat(store.stock(product)).as("nothing half-written").isEqualTo(stockBefore);
        assertThat(orderStatus(orderNo)).isEqualTo("pending");
        assertThat(count("SELECT COUNT(*) FROM payment_notifications")).isZero();

        onEveryConnection("PRAGMA query_only = OFF");

        // No request has written since: the health check notices the recovery by itself.
        assertThat(store.http().get("/healthz").status()).isEqualTo(200);
        assertThat(store.notifySandbox(orderNo, amount, "TRADE-RO").status()).isEqualTo(200);
        assertThat(store.notifySandbox(orderNo, amount, "TRADE-RO").status())
                .isEqualTo(200); // a second retry is a replay
        assertThat(orderStatus(orderNo)).isEqualTo("delivered");
        assertThat(count("SELECT COUNT(*) FROM card_keys WHERE status = 'sold'"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM payment_notifications")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE topic = 'mail' AND dedupe_key LIKE '%:keys_delivered'"))
                .isLessThanOrEqualTo(1);

        JsonNode next = store.order(product, 1).json();
        assertThat(store.notifySandbox(
                                next.get("orderNo").asText(), next.get("amount").asLong(), "TRADE-NEXT")
                        .status())
                .isEqualTo(200);
        assertThat(orderStatus(next.get("orderNo").asText())).isEqualTo("delivered");
        Invariants.all(database(), product, 10);
    }

    @Test
    void fullDiskRefusesAKeyImportWholeAndTakesItOnceThereIsRoom() throws Exception {
        long product = store.createProduct("Gift card", 500, "USD");
        store.importKeys(product, List.of("FIRST-KEY"));
        long pages = count("PRAGMA page_count");
        List<String> batch = IntStream.range(0, 2000)
                .mapToObj(i -> "FULL-DISK-KEY-" + i + "-" + "x".repeat(40))
                .toList();

        onEveryConnection("PRAGMA max_page_count = " + pages);

        Http.Answer refused =
                store.http().adminPostText("/api/admin/products/" + product + "/keys", String.join("\n", batch));
        assertStorageUnavailable(refused);
        assertThat(store.http().get("/healthz").json().get("status").asText()).isEqualTo("degraded");
        assertThat(count("SELECT COUNT(*) FROM card_keys"))
                .as("no part of the import was kept")
                .isEqualTo(1);

        onEveryConnection("PRAGMA max_page_count = 1073741823");

        assertThat(store.http().get("/healthz").status()).isEqualTo(200);
        store.importKeys(product, batch);
        Invariants.all(database(), product, 2001);
    }

    @Test
    void anImportInterruptedByAFullDiskReportsExactlyWhatWasStored() throws Exception {
        long product = store.createProduct("Big batch", 500, "USD");
        store.importKeys(product, List.of("FIRST-KEY"));
        long pages = count("PRAGMA page_count");
        List<String> keys = IntStream.range(0, 30_000)
                .mapToObj(i -> "PARTIAL-KEY-" + i + "-" + "y".repeat(40))
                .toList();

        // Room for the first batch of the import, not for all of it.
        onEveryConnection("PRAGMA max_page_count = " + (pages + 300));
        Http.Answer interrupted =
                store.http().adminPostText("/api/admin/products/" + product + "/keys", String.join("\n", keys));
        onEveryConnection("PRAGMA max_page_count = 1073741823");

        long onShelf = count("SELECT COUNT(*) FROM card_keys") - 1;
        assertThat(onShelf)
                .as("the first batch fits in the room given")
                .isPositive()
                .isLessThan(keys.size());
        assertThat(interrupted.status()).as(interrupted.body()).isEqualTo(503);
        assertThat(interrupted.errorCode()).isEqualTo("import_interrupted");
        assertThat(interrupted.json().at("/error/stored").asLong()).isEqualTo(onShelf);
        assertThat(interrupted.body()).doesNotContain("nothing was changed");

        // Sending the same file again adds exactly the rest.
        JsonNode report = store.importKeys(product, keys);
        assertThat(report.get("imported").asLong()).isEqualTo(keys.size() - onShelf);
        Invariants.all(database(), product, keys.size() + 1);
    }

    private static void assertStorageUnavailable(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("storage_unavailable");
        assertThat(answer.header("Retry-After")).isNotBlank();
    }

    /** Runs a per-connection PRAGMA on every connection of the running server, the kept write connection included. */
    private void onEveryConnection(String pragma) {
        database().onEveryConnection(pragma);
    }

    private String orderStatus(String orderNo) {
        return store.http()
                .adminGet("/api/admin/orders/" + orderNo)
                .json()
                .get("status")
                .asText();
    }

    private long count(String sql) {
        return database()
                .read(tx -> Handles.of(tx).createQuery(sql).mapTo(Long.class).one());
    }

    private Database database() {
        return store.app().database();
    }
}

package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.PostgresSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's and the reports' sums are kept (sales_slices, V600) by the database in the
 * transaction that places, pays, cancels or refunds an order. After buyers race to place orders of two
 * products, then payments, cancellations and refunds of the same orders land at once, the sums equal a
 * GROUP BY over the orders, on both databases, and the report shows what the orders say.
 */
class SalesSlicesRaceTest {

    @Test
    void keptSalesSumsEqualTheOrdersAfterRacingPlacementsPaymentsCancellationsAndRefunds() throws Exception {
        try (TestStore store = TestStore.start()) {
            raceAndCompare(store);
        }
    }

    @Test
    @PostgresTest
    void keptSalesSumsEqualTheOrdersAfterRacingPlacementsPaymentsCancellationsAndRefundsOnPostgres() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_DB_URL", schema.jdbcUrl())
                        .start()) {
            raceAndCompare(store);
        }
    }

    private static void raceAndCompare(TestStore store) throws Exception {
        long first = store.createProduct("Summed", 500, "CNY");
        long second = store.createProduct("Summed too", 700, "CNY");
        store.importKeys(
                first, IntStream.range(0, 40).mapToObj(i -> "SUM-A-" + i).toList());
        store.importKeys(
                second, IntStream.range(0, 40).mapToObj(i -> "SUM-B-" + i).toList());

        List<Callable<Http.Answer>> placements = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long product = i % 2 == 0 ? first : second;
            placements.add(() -> store.order(product, 1 + (int) (product % 2)));
        }
        List<JsonNode> placed = Concurrently.fireTogether(placements).stream()
                .filter(a -> a != null && a.status() == 201)
                .map(Http.Answer::json)
                .toList();
        assertThat(placed).hasSizeGreaterThan(30);
        Invariants.salesSlicesMatchOrders(store.app().database());

        // Two of three paid (some of them twice at once), the rest cancelled, all at once.
        List<Callable<Object>> settle = new ArrayList<>();
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            String orderNo = placed.get(i).get("orderNo").asText();
            long amount = placed.get(i).get("amount").asLong();
            if (i % 3 != 2) {
                paid.add(orderNo);
                settle.add(() -> store.notifySandbox(orderNo, amount, "sum-" + orderNo));
                if (i % 5 == 0) {
                    settle.add(() -> store.notifySandbox(orderNo, amount, "sum-" + orderNo));
                }
            } else {
                settle.add(() -> {
                    store.app().orders().cancel(orderNo, io.kamishop.order.EventDetail.of("test"));
                    return null;
                });
            }
        }
        Concurrently.fireTogether(settle);
        Invariants.salesSlicesMatchOrders(store.app().database());

        // Refunds of every other paid order, while more buyers place orders.
        List<Callable<Object>> refunds = new ArrayList<>();
        for (int i = 0; i < paid.size(); i += 2) {
            String orderNo = paid.get(i);
            refunds.add(() ->
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "race")));
        }
        for (int i = 0; i < 10; i++) {
            refunds.add(() -> store.order(first, 1));
        }
        Concurrently.fireTogether(refunds);
        Invariants.salesSlicesMatchOrders(store.app().database());

        long refundedOrders = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM orders WHERE status = 'refunded'")
                        .mapTo(Long.class)
                        .one());
        assertThat(refundedOrders).isPositive();
        long moneyOrders = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery(
                                "SELECT COUNT(*) FROM orders WHERE status IN ('paid', 'delivered', 'refund_pending', 'refunded')")
                        .mapTo(Long.class)
                        .one());
        JsonNode report = store.http()
                .adminGet("/api/admin/reports/sales?groupBy=product")
                .json();
        long reported = 0;
        for (JsonNode row : report.get("rows")) {
            reported += row.get("orders").asLong();
        }
        assertThat(reported).as(report.toString()).isEqualTo(moneyOrders);
    }
}

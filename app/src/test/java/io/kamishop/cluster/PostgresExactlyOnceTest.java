package io.kamishop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.cluster.Shoppers.Placed;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The core exactly-once promises, on PostgreSQL: the row locks, unique constraints and forward-only
 * updates that SQLite gets from its single writer must hold here with transactions truly in parallel.
 */
@PostgresTest
class PostgresExactlyOnceTest {

    @Test
    void racingBuyersOnOneNodeNeverOversell() throws Exception {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore node = nodes.startNode();
            long productId = node.createProduct("Scarce key", 300, "CNY");
            node.importKeys(productId, TwoNodesTest.keys(30));

            Shoppers.Outcome buyers = Shoppers.race(i -> node, 1, productId, 120, 16, false);

            assertThat(buyers.unexpected()).isEmpty();
            assertThat(buyers.placed()).hasSize(30);
            assertThat(buyers.outOfStock()).isEqualTo(90);
            JsonNode stock = node.stock(productId);
            assertThat(stock.get("available").asInt()).isZero();
            assertThat(stock.get("reserved").asInt()).isEqualTo(30);
            try (Connection c = nodes.postgres().connect()) {
                assertThat(TwoNodesTest.count(
                                c, "SELECT COUNT(DISTINCT order_id) FROM card_keys WHERE status = 'reserved'"))
                        .as("each held key belongs to a different order")
                        .isEqualTo(30);
            }
        }
    }

    @Test
    void duplicateNotificationsInFlightTogetherDeliverOnce() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore node = nodes.startNode();
            long productId = node.createProduct("Bundle", 250, "CNY");
            node.importKeys(productId, TwoNodesTest.keys(5));
            Placed order = place(node, productId, 2);

            List<String> refused = Shoppers.pay(i -> node, 1, List.of(order), 12, 12, false);

            assertThat(refused).isEmpty();
            assertThat(Shoppers.keysSeenOn(node, order)).hasSize(2);
            JsonNode admin =
                    node.http().adminGet("/api/admin/orders/" + order.orderNo()).json();
            assertThat(admin.get("notifications")).hasSize(1);
            assertThat(kinds(admin)).containsExactly("created", "paid", "delivered");
            assertThat(node.stock(productId).get("sold").asInt()).isEqualTo(2);
        }
    }

    @Test
    void twoPaymentsForOneOrderDeliverOnceAndFlagTheSecondForRefund() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            long productId = a.createProduct("Key", 700, "CNY");
            a.importKeys(productId, TwoNodesTest.keys(3));
            Placed order = place(a, productId, 1);
            List<String> answers = Collections.synchronizedList(new ArrayList<>());

            Shoppers.runAll(
                    2,
                    2,
                    i -> answers.add((i == 0 ? a : b)
                            .notifySandbox(order.orderNo(), order.amount(), "TRADE-" + i)
                            .body()));

            assertThat(answers).containsExactly("success", "success");
            JsonNode admin =
                    b.http().adminGet("/api/admin/orders/" + order.orderNo()).json();
            assertThat(StreamSupport.stream(admin.get("notifications").spliterator(), false)
                            .map(n -> n.get("outcome").asText()))
                    .containsExactlyInAnyOrder("delivered", "duplicate_payment");
            assertThat(admin.get("status").asText()).isEqualTo("delivered");
            assertThat(Shoppers.keysSeenOn(a, order)).hasSize(1);
            assertThat(a.stock(productId).get("sold").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aForgedOrWrongAmountNotificationChangesNothing() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore node = nodes.startNode();
            long productId = node.createProduct("Key", 990, "CNY");
            node.importKeys(productId, TwoNodesTest.keys(2));
            Placed order = place(node, productId, 1);
            byte[] body = ("{\"orderNo\":\"" + order.orderNo() + "\",\"amount\":990,\"tradeNo\":\"F1\"}")
                    .getBytes(StandardCharsets.UTF_8);

            Http.Answer forged = node.http()
                    .postRaw(
                            "/api/payments/sandbox/notify",
                            body,
                            "X-Sandbox-Signature",
                            "00".repeat(32),
                            "Content-Type",
                            "application/json");
            Http.Answer wrongAmount = node.notifySandbox(order.orderNo(), 1, "F2");
            Http.Answer unknownOrder = node.notifySandbox("26010100009999999999", 990, "F3");

            assertThat(forged.status()).isBetween(400, 499);
            assertThat(wrongAmount.status()).isBetween(400, 499);
            assertThat(unknownOrder.status()).isEqualTo(404);
            JsonNode admin =
                    node.http().adminGet("/api/admin/orders/" + order.orderNo()).json();
            assertThat(admin.get("status").asText()).isEqualTo("pending");
            assertThat(admin.get("notifications")).isEmpty();
            assertThat(node.stock(productId).get("reserved").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anExpiredOrderGivesItsKeysBackAndALatePaymentIsFlaggedForRefund() {
        MutableClock clock = MutableClock.now();
        try (TestNodes nodes = TestNodes.onFreshSchema(clock)) {
            TestStore node = nodes.startNode();
            long productId = node.createProduct("Key", 990, "CNY");
            node.importKeys(productId, TwoNodesTest.keys(1));
            Placed order = place(node, productId, 1);

            clock.advance(Duration.ofMinutes(16));
            TwoNodesTest.awaitTrue(
                    () -> Shoppers.statusOn(node, order.orderNo()).equals("expired"), "the sweeper expires the order");
            assertThat(node.stock(productId).get("available").asInt()).isEqualTo(1);
            Http.Answer late = node.notifySandbox(order.orderNo(), order.amount(), "LATE-1");

            assertThat(late.status()).isEqualTo(200);
            assertThat(Shoppers.statusOn(node, order.orderNo())).isEqualTo("refund_pending");
            assertThat(Shoppers.keysSeenOn(node, order)).isEmpty();
            assertThat(node.stock(productId).get("available").asInt())
                    .as("nobody's key went to the late payer")
                    .isEqualTo(1);
        }
    }

    @Test
    void paymentsRacingTheExpirySweeperSettleEachOrderOneWayOnly() {
        MutableClock clock = MutableClock.now();
        try (TestNodes nodes = TestNodes.onFreshSchema(clock)) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            TestStore[] both = {a, b};
            long productId = a.createProduct("Key", 100, "CNY");
            a.importKeys(productId, TwoNodesTest.keys(40));
            Shoppers.Outcome buyers = Shoppers.race(i -> both[i], 2, productId, 40, 8, false);
            assertThat(buyers.placed()).hasSize(40);

            clock.advance(Duration.ofMinutes(16)); // the sweeper (on one node) now races the payments
            List<String> refused = Shoppers.pay(i -> both[i], 2, buyers.placed(), 2, 16, false);

            assertThat(refused).isEmpty();
            TwoNodesTest.awaitTrue(
                    () -> a.http()
                            .adminGet("/api/admin/orders?status=pending")
                            .json()
                            .isEmpty(),
                    "no order left pending");
            int delivered = 0;
            Set<String> keys = new HashSet<>();
            for (Placed order : buyers.placed()) {
                String status = Shoppers.statusOn(b, order.orderNo());
                assertThat(status).isIn("delivered", "refund_pending");
                List<String> seen = Shoppers.keysSeenOn(a, order);
                if (status.equals("delivered")) {
                    delivered++;
                    assertThat(seen).hasSize(1);
                    keys.addAll(seen);
                } else {
                    assertThat(seen).isEmpty();
                }
            }
            assertThat(keys).hasSize(delivered);
            JsonNode stock = b.stock(productId);
            assertThat(stock.get("sold").asInt()).isEqualTo(delivered);
            assertThat(stock.get("available").asInt()).isEqualTo(40 - delivered);
            assertThat(stock.get("reserved").asInt()).isZero();
        }
    }

    @Test
    void importCountsEveryDuplicateOnceEvenAcrossUploads() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore node = nodes.startNode();
            long productId = node.createProduct("Key", 100, "CNY");

            JsonNode first = node.importKeys(productId, List.of("AAA-1", "BBB-2", "AAA-1"));
            JsonNode second = node.importKeys(productId, List.of("BBB-2", "CCC-3"));

            assertThat(first.get("imported").asInt()).isEqualTo(2);
            assertThat(first.get("duplicates").asInt()).isEqualTo(1);
            assertThat(second.get("imported").asInt()).isEqualTo(1);
            assertThat(second.get("duplicates").asInt()).isEqualTo(1);
            assertThat(node.stock(productId).get("available").asInt()).isEqualTo(3);
        }
    }

    @Test
    void theAdminOrderListFiltersByStatusOrShowsAll() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore node = nodes.startNode();
            long productId = node.createProduct("Key", 100, "CNY");
            node.importKeys(productId, TwoNodesTest.keys(3));
            Placed paid = place(node, productId, 1);
            place(node, productId, 1);
            node.notifySandbox(paid.orderNo(), paid.amount(), "P-1");

            JsonNode all = node.http().adminGet("/api/admin/orders").json();
            JsonNode pending =
                    node.http().adminGet("/api/admin/orders?status=pending").json();
            JsonNode delivered = node.http()
                    .adminGet("/api/admin/orders?status=delivered&limit=1")
                    .json();

            assertThat(all).hasSize(2);
            assertThat(pending).hasSize(1);
            assertThat(delivered).hasSize(1);
            assertThat(delivered.get(0).get("orderNo").asText()).isEqualTo(paid.orderNo());
        }
    }

    private static Placed place(TestStore node, long productId, int quantity) {
        Http.Answer answer = node.order(productId, quantity);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode body = answer.json();
        return new Placed(
                body.get("orderNo").asText(),
                body.get("lookupToken").asText(),
                body.get("amount").asLong());
    }

    private static List<String> kinds(JsonNode adminOrder) {
        List<String> kinds = new ArrayList<>();
        adminOrder.get("history").forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds;
    }
}

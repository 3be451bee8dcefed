package io.kamishop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.cluster.Shoppers.Outcome;
import io.kamishop.cluster.Shoppers.Placed;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two Kamishop nodes in one JVM serving one store from one PostgreSQL schema with one master key. */
@PostgresTest
class TwoNodesTest {

    @Test
    void racingBuyersAndNotificationsSplitAcrossNodesDeliverEachKeyExactlyOnce() throws SQLException {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            TestStore[] both = {a, b};
            long productId = a.createProduct("Flash sale key", 990, "CNY");
            List<String> imported = keys(100);
            assertThat(a.importKeys(productId, imported).get("imported").asInt())
                    .isEqualTo(100);

            Outcome buyers = Shoppers.race(i -> both[i], 2, productId, 400, 32, false);

            assertThat(buyers.unexpected())
                    .as("answers other than 201 or 409 out_of_stock")
                    .isEmpty();
            assertThat(buyers.placed()).hasSize(100);
            assertThat(buyers.outOfStock()).isEqualTo(300);

            List<String> refused = Shoppers.pay(i -> both[i], 2, buyers.placed(), 4, 32, false);

            assertThat(refused).as("notifications not answered 200 success").isEmpty();
            Set<String> delivered = new HashSet<>();
            for (Placed order : buyers.placed()) {
                List<String> onA = Shoppers.keysSeenOn(a, order);
                assertThat(onA).as("keys of %s", order.orderNo()).hasSize(1);
                assertThat(Shoppers.keysSeenOn(b, order))
                        .as("the other node shows the same keys")
                        .isEqualTo(onA);
                delivered.addAll(onA);
            }
            assertThat(delivered).hasSize(100);
            assertThat(imported).containsAll(delivered);
            JsonNode stockOnA = a.stock(productId);
            assertThat(stockOnA.get("available").asInt()).isZero();
            assertThat(stockOnA.get("reserved").asInt()).isZero();
            assertThat(stockOnA.get("sold").asInt()).isEqualTo(100);
            assertThat(b.stock(productId)).isEqualTo(stockOnA);
            try (Connection c = nodes.postgres().connect()) {
                assertThat(count(c, "SELECT COUNT(*) FROM orders WHERE status = 'delivered'"))
                        .isEqualTo(100);
                assertThat(count(c, "SELECT COUNT(*) FROM payment_notifications"))
                        .as("one record per gateway trade")
                        .isEqualTo(100);
                assertThat(count(c, "SELECT COUNT(*) FROM order_events WHERE kind = 'delivered'"))
                        .isEqualTo(100);
                assertThat(count(c, "SELECT COUNT(DISTINCT order_id) FROM card_keys WHERE status = 'sold'"))
                        .isEqualTo(100);
            }
            // The audit entries both nodes wrote off the order transactions end up in one intact chain.
            awaitTrue(() -> a.app().audit().verify().pending() == 0, "every audit entry is linked");
            for (TestStore node : both) {
                JsonNode check = node.http().adminGet("/api/admin/audit/verify").json();
                assertThat(check.get("intact").asBoolean()).as(check.toString()).isTrue();
            }
            try (Connection c = nodes.postgres().connect()) {
                assertThat(count(c, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.delivered'"))
                        .isEqualTo(100);
                assertThat(count(c, "SELECT COUNT(*) FROM audit_pending")).isZero();
            }
        }
    }

    @Test
    void aNodeStoppedMidRaceLeavesTheOtherServingAndHandsOverTheSweeper() throws SQLException {
        MutableClock clock = MutableClock.now();
        try (TestNodes nodes = TestNodes.onFreshSchema(clock)) {
            TestStore a = nodes.startNode();
            awaitTrue(
                    () -> a.app().cluster().sweepers().isLeading(Cluster.ORDER_EXPIRY),
                    "the first node leads the expiry sweeper");
            TestStore b = nodes.startNode();
            long productId = a.createProduct("Key drop", 500, "CNY");
            List<String> imported = keys(100);
            a.importKeys(productId, imported);
            assertThat(b.app().cluster().sweepers().isLeading(Cluster.ORDER_EXPIRY))
                    .isFalse();

            AtomicReferenceArray<TestStore> live = new AtomicReferenceArray<>(new TestStore[] {a, b});
            Thread stopper = new Thread(() -> {
                try (Connection c = nodes.postgres().connect()) {
                    while (count(c, "SELECT COUNT(*) FROM orders") < 30) {
                        Thread.sleep(5);
                    }
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                nodes.stop(a); // requests in flight on it fail, and its buyers go to the other node
            });
            stopper.start();
            Outcome buyers = Shoppers.race(live::get, 2, productId, 300, 24, true);
            joinQuietly(stopper);
            live.set(0, null);

            assertThat(buyers.unexpected()).isEmpty();
            List<String> refused = Shoppers.pay(live::get, 2, buyers.placed(), 4, 24, true);
            assertThat(refused).isEmpty();
            Set<String> delivered = new HashSet<>();
            for (Placed order : buyers.placed()) {
                List<String> keys = Shoppers.keysSeenOn(b, order);
                assertThat(keys).as("keys of %s", order.orderNo()).hasSize(1);
                delivered.addAll(keys);
            }
            assertThat(delivered).hasSize(buyers.placed().size());
            assertThat(imported).containsAll(delivered);
            JsonNode stock = b.stock(productId);
            assertThat(stock.get("sold").asInt()).isEqualTo(buyers.placed().size());
            assertThat(stock.get("available").asInt()
                            + stock.get("reserved").asInt()
                            + stock.get("sold").asInt())
                    .isEqualTo(100);

            awaitTrue(
                    () -> b.app().cluster().sweepers().isLeading(Cluster.ORDER_EXPIRY),
                    "the surviving node takes over the sweeper");
            // Orders whose answer was lost with the stopped node still hold keys; the new leader expires them.
            long other = b.createProduct("Expiry probe", 100, "CNY");
            b.importKeys(other, List.of("PROBE-" + UUID.randomUUID()));
            String probe = b.order(other, 1).json().get("orderNo").asText();
            clock.advance(Duration.ofMinutes(16));
            awaitTrue(
                    () -> Shoppers.statusOn(b, probe).equals("expired"),
                    "the probe order expires on the surviving node");
            awaitTrue(() -> b.stock(productId).get("reserved").asInt() == 0, "every abandoned hold is released");
            assertThat(b.stock(productId).get("sold").asInt())
                    .isEqualTo(buyers.placed().size());
            assertThat(b.stock(productId).get("available").asInt())
                    .isEqualTo(100 - buyers.placed().size());
        }
    }

    @Test
    void aSettingChangedOnOneNodeIsSeenOnTheOtherThroughTheChangeBus() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            assertThat(b.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("storeName")
                            .asText())
                    .isEqualTo("Kamishop");

            Http.Answer changed = a.http().adminPutJson("/api/admin/settings", Map.of("storeName", "Night Market"));

            assertThat(changed.status()).isEqualTo(200);
            // b cached the old name for a minute: only the bus's announcement can make it see the new one.
            long started = System.nanoTime();
            awaitTrue(
                    () -> b.app()
                            .settings()
                            .get(io.kamishop.config.StoreSettings.STORE_NAME)
                            .equals("Night Market"),
                    "the other node sees the new store name");
            System.out.printf(
                    "setting change seen on the other node after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Test
    void aPluginDisabledOnOneNodeStopsOnTheOtherAndComesBackWhenEnabled() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            assertThat(channels(b)).contains("sandbox");

            assertThat(a.http()
                            .adminPost("/api/admin/plugins/payment-sandbox/disable")
                            .status())
                    .isEqualTo(200);

            awaitTrue(() -> !channels(b).contains("sandbox"), "the other node stops offering the disabled channel");
            long productId = a.createProduct("Key", 100, "CNY");
            a.importKeys(productId, keys(1));
            assertThat(b.order(productId, 1).errorCode()).isEqualTo("channel_unavailable");

            assertThat(a.http()
                            .adminPost("/api/admin/plugins/payment-sandbox/enable")
                            .status())
                    .isEqualTo(200);

            awaitTrue(() -> channels(b).contains("sandbox"), "the other node offers it again");
            assertThat(b.order(productId, 1).status()).isEqualTo(201);
        }
    }

    private static List<String> channels(TestStore node) {
        List<String> ids = new ArrayList<>();
        var answer = node.http().get("/api/channels");
        assertThat(answer.status()).as("the channel list: %s", answer.body()).isEqualTo(200);
        answer.json().forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void nodesStartingTogetherAllComeUp() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            List<TestStore> started = new ArrayList<>();
            Shoppers.runAll(3, 3, i -> {
                TestStore node = nodes.startNode();
                synchronized (started) {
                    started.add(node);
                }
            });
            assertThat(started).hasSize(3);
            for (TestStore node : started) {
                assertThat(node.http().get("/healthz").status()).isEqualTo(200);
                assertThat(node.http().adminGet("/api/admin/settings").status())
                        .as("the shared bootstrap admin token works")
                        .isEqualTo(200);
            }
        }
    }

    static List<String> keys(int n) {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, n).mapToObj(i -> "KEY-" + batch + "-" + i).toList();
    }

    static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits for something another thread or node does; a generous limit only turns a hang into a failure. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

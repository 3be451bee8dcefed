package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Database;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order archive's sweeper killed with SIGKILL while it moves orders from the hot tables to the archive: the
 * real server in its own process, a few hundred delivered orders aged past {@code archiveWarmAfterDays} a slice
 * at a time, the sweeper running every 50 ms, and the process killed at a random moment after each start (several
 * rounds, so the kill lands before, inside and after batches between copy and delete). After each kill, with the
 * server down, the database must hold every order exactly once (hot or archived, never both, never neither), the
 * keys of archived orders in {@code archived_keys} and nowhere else; at the end the same keys imported again must
 * not be stored, so a key an archived order bought is never sold twice.
 *
 * <p>Switched off by default ({@code -Dkamishop.archiveCrash=true} runs it): on the overloaded build machine its
 * first run timed out waiting for the fourth start, and its kills all landed before the sweeper's first batch, so
 * the window between copy and delete is not yet shown to be hit; see the branch report.
 */
@EnabledIfSystemProperty(named = "kamishop.archiveCrash", matches = "true")
class ArchiveCrashTest {

    private static final int ORDERS = Integer.getInteger("kamishop.archiveCrash.orders", 600);
    private static final int ROUNDS = Integer.getInteger("kamishop.archiveCrash.rounds", 5);
    private static final long PRICE = 300;
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void killedWhileArchivingTheStoreLosesNoOrderAndDuplicatesNone(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        long seed = Long.getLong("kamishop.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> orders = new LinkedHashMap<>(); // orderNo -> token
        long product;
        // Filled with the archive off (the default), so nothing moves while the orders are placed.
        try (ServerProcess first = ServerProcess.start(data, log, Map.of())) {
            Http http = first.http();
            assertThat(http.adminPost("/api/admin/plugins/payment-sandbox/enable")
                            .status())
                    .isEqualTo(200);
            product = http.adminPostJson(
                            "/api/admin/products", Map.of("name", "Archive", "price", PRICE, "currency", "CNY"))
                    .json()
                    .get("id")
                    .asLong();
            assertThat(http.adminPostText("/api/admin/products/" + product + "/keys", keys())
                            .status())
                    .isEqualTo(200);
            for (int i = 0; i < ORDERS; i++) {
                Http.Answer placed = http.postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                product,
                                "quantity",
                                1,
                                "email",
                                "buyer" + i + "@example.com",
                                "channel",
                                "sandbox"));
                assertThat(placed.status()).as(placed.body()).isEqualTo(201);
                JsonNode order = placed.json();
                String orderNo = order.get("orderNo").asText();
                orders.put(orderNo, order.get("lookupToken").asText());
                assertThat(notify(http, orderNo, order.get("amount").asLong())).isTrue();
            }
        }
        String url = "jdbc:sqlite:" + data.resolve("kamishop.db");
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE status = 'delivered'"))
                .isEqualTo(ORDERS);

        int slice = Math.max(1, ORDERS / ROUNDS);
        Map<String, String> env =
                Map.of("KAMISHOP_ARCHIVE_WARM_AFTER_DAYS", "30", "KAMISHOP_ARCHIVE_SWEEP_INTERVAL_MILLIS", "50");
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // The next slice of orders turns 40 days old while the server is down; the sweeper finds it on start.
            age(url, slice);
            ServerProcess server = ServerProcess.start(data, log, env);
            Thread.sleep(random.nextInt(250));
            server.kill();
            kills++;
            everyOrderExactlyOnce(url, orders.keySet(), "after kill " + kills + " (seed " + seed + ")");
            // Where the kill landed: how many of the orders due by now had moved (all, some batches, none).
            System.out.printf(
                    "archive crash round %d: %d of %d due orders archived when killed%n",
                    round, count(url, "SELECT COUNT(*) FROM archived_orders"), (long) slice * (round + 1));
        }

        // Let the last start finish what is due, then check with the store up: each order found by its buyer's link.
        try (ServerProcess last = ServerProcess.start(data, log, env)) {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count(url, "SELECT COUNT(*) FROM archived_orders") < (long) slice * ROUNDS
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            for (Map.Entry<String, String> order : orders.entrySet()) {
                Http.Answer view = last.http().get("/api/orders/" + order.getKey() + "?token=" + order.getValue());
                assertThat(view.status()).as("order %s", order.getKey()).isEqualTo(200);
                assertThat(view.json().get("status").asText()).isEqualTo("delivered");
            }
            // Every key again: none is stored, so none can be sold a second time.
            Http.Answer again = last.http().adminPostText("/api/admin/products/" + product + "/keys", keys());
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().path("imported").asLong()).as(again.body()).isZero();
        }
        everyOrderExactlyOnce(url, orders.keySet(), "at the end (seed " + seed + ")");
        long archived = count(url, "SELECT COUNT(*) FROM archived_orders");
        System.out.printf(
                "archive crash: %d kills, %d orders, %d archived, %d hot%n",
                kills, ORDERS, archived, count(url, "SELECT COUNT(*) FROM orders"));
        assertThat(archived).as("the sweeper archived what was due").isEqualTo((long) slice * ROUNDS);
        try (Database db = Database.open(url)) {
            Invariants.noKeyInTwoOrders(db);
            Invariants.deliveredOrdersHaveTheirKeys(db);
        }
        assertThat(java.nio.file.Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("ARCHIVE-");
    }

    private static String keys() {
        return String.join(
                "\n", IntStream.range(0, ORDERS).mapToObj(i -> "ARCHIVE-" + i).toList());
    }

    /** Ages the {@code slice} oldest orders not yet aged by 40 days (created and last touched). */
    private static void age(String url, int slice) {
        try (Database db = Database.open(url)) {
            long now = System.currentTimeMillis();
            db.write(h -> {
                List<Long> ids = h.createQuery("SELECT id FROM orders WHERE created_at > :recent ORDER BY id LIMIT :n")
                        .bind("recent", now - 10 * DAY)
                        .bind("n", slice)
                        .mapTo(Long.class)
                        .list();
                for (long id : ids) {
                    h.createUpdate("UPDATE orders SET created_at = created_at - :by, updated_at = updated_at - :by "
                                    + "WHERE id = :id")
                            .bind("by", 40 * DAY)
                            .bind("id", id)
                            .execute();
                    // The keys mail went out long ago (the test's store has no SMTP server, so it waits otherwise,
                    // and an order still owed a mail stays hot).
                    h.createUpdate("UPDATE mail_outbox SET status = 'sent' WHERE order_id = :id")
                            .bind("id", id)
                            .execute();
                }
                return null;
            });
        }
    }

    private static void everyOrderExactlyOnce(String url, Set<String> placed, String when) {
        try (Database db = Database.open(url)) {
            List<String> hot = db.read(h -> h.createQuery("SELECT order_no FROM orders")
                    .mapTo(String.class)
                    .list());
            List<String> archived = db.read(h -> h.createQuery("SELECT order_no FROM archived_orders")
                    .mapTo(String.class)
                    .list());
            Set<String> hotSet = new HashSet<>(hot);
            Set<String> both = new HashSet<>(archived);
            both.retainAll(hotSet);
            assertThat(both).as("orders both hot and archived " + when).isEmpty();
            List<String> all = new ArrayList<>(hot);
            all.addAll(archived);
            assertThat(all).as("hot + archived " + when).hasSize(placed.size());
            assertThat(new HashSet<>(all)).as("hot + archived " + when).isEqualTo(placed);
            // One sold key per order: in card_keys while the order is hot, in archived_keys once it is archived.
            long hotSold = db.read(h -> h.createQuery("SELECT COUNT(*) FROM card_keys WHERE status = 'sold'")
                    .mapTo(Long.class)
                    .one());
            long archivedKeys = db.read(h -> h.createQuery("SELECT COUNT(*) FROM archived_keys")
                    .mapTo(Long.class)
                    .one());
            assertThat(hotSold).as("sold keys of hot orders " + when).isEqualTo(hot.size());
            assertThat(archivedKeys).as("keys of archived orders " + when).isEqualTo(archived.size());
            long orphans = db.read(h -> h.createQuery("SELECT COUNT(*) FROM archived_keys a WHERE NOT EXISTS "
                            + "(SELECT 1 FROM archived_orders o WHERE o.id = a.order_id)")
                    .mapTo(Long.class)
                    .one());
            assertThat(orphans).as("archived keys without their order " + when).isZero();
        }
    }

    private static long count(String url, String sql) {
        try (Database db = Database.open(url)) {
            return db.read(h -> h.createQuery(sql).mapTo(Long.class).one());
        }
    }

    private static boolean notify(Http http, String orderNo, long amount) {
        byte[] body = ("{\"orderNo\":\"" + orderNo + "\",\"amount\":" + amount + ",\"tradeNo\":\"GW-" + orderNo + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Http.Answer answer = http.postRaw(
                "/api/payments/sandbox/notify",
                body,
                "X-Sandbox-Signature",
                TestStore.sandboxSignature(body),
                "Content-Type",
                "application/json");
        return answer.status() == 200 && answer.body().equals("success");
    }
}

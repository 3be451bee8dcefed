package io.kamishop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.ProcessTest;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real server with SIGKILL at random moments while buyers order and the "gateway"
 * notifies (with duplicates), restarts it, lets the gateway retry everything it was not told
 * {@code success} for, and checks the promises: no order the buyer was told about is lost, every
 * payment the gateway made is delivered exactly once, no key in two orders, stock adds up.
 *
 * <p>{@code -Dkamishop.crash.iterations=1000} for a long run; the build runs a few.
 */
@ProcessTest
class CrashRecoveryTest {

    private static final int ITERATIONS = Integer.getInteger("kamishop.crash.iterations", 4);
    private static final int KEYS = 2000;
    private static final long PRICE = 700;

    /** What the gateway knows: each order it paid, and whether the store acknowledged it. */
    /** A payment the gateway owes the store a notification for, with the amount the order asked at placement. */
    record Payment(String orderNo, String token, String tradeNo, long amount) {}

    @Test
    void killedAtRandomMomentsTheStoreLosesNothingAndDeliversOnce(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        Random random = new Random(Long.getLong("kamishop.crash.seed", System.nanoTime()));
        Map<String, String> placed = new ConcurrentHashMap<>(); // orderNo -> token, for every 201 we saw
        Map<String, Payment> unacknowledged = new ConcurrentHashMap<>();
        Map<String, Payment> acknowledged = new ConcurrentHashMap<>();
        long product;

        try (ServerProcess first = ServerProcess.start(data, log, Map.of())) {
            Http http = first.http();
            assertThat(http.adminPost("/api/admin/plugins/payment-sandbox/enable")
                            .status())
                    .isEqualTo(200);
            product = http.adminPostJson(
                            "/api/admin/products", Map.of("name", "Crash", "price", PRICE, "currency", "CNY"))
                    .json()
                    .get("id")
                    .asLong();
            http.adminPostText(
                    "/api/admin/products/" + product + "/keys",
                    String.join(
                            "\n",
                            IntStream.range(0, KEYS).mapToObj(i -> "CRASH-" + i).toList()));
        }

        int kills = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            ServerProcess server = ServerProcess.start(data, log, Map.of());
            AtomicBoolean stop = new AtomicBoolean(false);
            ExecutorService buyers = Executors.newFixedThreadPool(6);
            try {
                retryUnacknowledged(server.http(), unacknowledged, acknowledged);
                for (int b = 0; b < 6; b++) {
                    long productId = product;
                    buyers.submit(() ->
                            buyUntilStopped(server.http(), productId, stop, placed, unacknowledged, acknowledged));
                }
                // Kill after some traffic, at a random moment inside it: mid-order, mid-notification, mid-commit.
                int target = placed.size() + 5 + random.nextInt(30);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (placed.size() < target && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(30));
            } finally {
                // Killed at the planned moment, or here when the iteration failed: a failed run leaves no server
                // behind (one once kept a store running, and its CPU, for an hour after the suite).
                server.kill();
            }
            kills++;
            stop.set(true);
            buyers.shutdown();
            assertThat(buyers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        // The gateway keeps retrying after the last crash until every payment is acknowledged.
        try (ServerProcess last = ServerProcess.start(data, log, Map.of())) {
            retryUnacknowledged(last.http(), unacknowledged, acknowledged);
            assertThat(unacknowledged).as("payments never acknowledged").isEmpty();

            Set<String> keysSeen = new HashSet<>();
            int delivered = 0;
            for (Payment payment : acknowledged.values()) {
                Http.Answer answer = last.http().get("/api/orders/" + payment.orderNo() + "?token=" + payment.token());
                assertThat(answer.status())
                        .as("paid order %s opens: %s", payment.orderNo(), answer.body())
                        .isEqualTo(200);
                JsonNode order = answer.json();
                assertThat(order.path("status").asText())
                        .as("paid order %s", payment.orderNo())
                        .isEqualTo("delivered");
                for (JsonNode key : order.get("keys")) {
                    assertThat(keysSeen.add(key.asText()))
                            .as("key %s delivered twice", key.asText())
                            .isTrue();
                }
                delivered++;
            }
            for (Map.Entry<String, String> order : placed.entrySet()) {
                Http.Answer view = last.http().get("/api/orders/" + order.getKey() + "?token=" + order.getValue());
                assertThat(view.status())
                        .as("order %s the buyer was told about: %s", order.getKey(), view.body())
                        .isEqualTo(200);
            }
            System.out.printf(
                    "crash suite: %d kills, %d orders placed, %d payments delivered, %d distinct keys%n",
                    kills, placed.size(), delivered, keysSeen.size());
            assertThat(delivered).isPositive();
        }
        try (Database db = Database.open("jdbc:sqlite:" + data.resolve("kamishop.db"))) {
            Invariants.all(db, product, KEYS);
            long deliveredEvents = db.read(tx -> Handles.of(tx)
                    .createQuery("SELECT COUNT(*) FROM order_events WHERE kind = 'delivered'")
                    .mapTo(Long.class)
                    .one());
            long deliveredOrders = db.read(tx -> Handles.of(tx)
                    .createQuery("SELECT COUNT(*) FROM orders WHERE status = 'delivered'")
                    .mapTo(Long.class)
                    .one());
            assertThat(deliveredEvents)
                    .as("one delivery event per delivered order")
                    .isEqualTo(deliveredOrders);
        }
        // The server's own log, across every start and kill, never shows a key, token or secret.
        String serverLog = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(serverLog).contains("Kamishop listening on");
        assertThat(serverLog)
                .doesNotContain("CRASH-")
                .doesNotContain(TestStore.SANDBOX_SECRET)
                .doesNotContain(TestStore.ADMIN_TOKEN);
        placed.values().forEach(token -> assertThat(serverLog).doesNotContain(token));
    }

    private static void buyUntilStopped(
            Http http,
            long product,
            AtomicBoolean stop,
            Map<String, String> placed,
            Map<String, Payment> unacknowledged,
            Map<String, Payment> acknowledged) {
        Random random = new Random();
        while (!stop.get()) {
            try {
                Http.Answer answer = http.postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                product,
                                "quantity",
                                1 + random.nextInt(2),
                                "email",
                                "crash@example.com",
                                "channel",
                                "sandbox"));
                if (answer.status() != 201) {
                    continue;
                }
                JsonNode order = answer.json();
                String orderNo = order.get("orderNo").asText();
                String token = order.get("lookupToken").asText();
                placed.put(orderNo, token);
                Payment payment = new Payment(
                        orderNo, token, "GW-" + orderNo, order.get("amount").asLong());
                unacknowledged.put(orderNo, payment);
                int copies = 1 + random.nextInt(3); // gateways send duplicates
                for (int i = 0; i < copies; i++) {
                    if (notify(http, payment)) {
                        unacknowledged.remove(orderNo);
                        acknowledged.put(orderNo, payment);
                    }
                }
            } catch (RuntimeException killed) {
                return; // the server died under us: the gateway will retry after the restart
            }
        }
    }

    private static void retryUnacknowledged(
            Http http, Map<String, Payment> unacknowledged, Map<String, Payment> acknowledged) {
        // The gateway knows what it was paid: the amount comes from the placement, not from a look-up (whose
        // per-address limit a long run of retries from one address would reach).
        for (Payment payment : new ArrayList<>(unacknowledged.values())) {
            if (notify(http, payment)) {
                unacknowledged.remove(payment.orderNo());
                acknowledged.put(payment.orderNo(), payment);
            }
        }
        // Replays of acknowledged ones must change nothing.
        acknowledged.values().stream().limit(20).forEach(p -> notify(http, p));
    }

    private static boolean notify(Http http, Payment payment) {
        long amount = payment.amount();
        byte[] body = ("{\"orderNo\":\"" + payment.orderNo() + "\",\"amount\":" + amount + ",\"tradeNo\":\""
                        + payment.tradeNo() + "\"}")
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

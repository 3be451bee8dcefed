package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Payment notifications share commits under load (group commit). These tests flood the store so
 * that batches form, and check that every exactly-once promise still holds.
 */
class GroupedNotificationsTest {

    private record Sent(JsonNode order, boolean forged, Http.Answer answer) {}

    @Test
    void concurrentDuplicateNotificationsDeliverEachOrderOnceAndABadOneFailsAlone() throws Exception {
        try (TestStore store = TestStore.start()) {
            int n = 40;
            long product = store.createProduct("Grouped", 500, "CNY");
            store.importKeys(
                    product,
                    IntStream.range(0, n).mapToObj(i -> "GROUP-KEY-" + i).toList());
            List<JsonNode> orders = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Http.Answer placed = store.order(product, 1);
                assertThat(placed.status()).isEqualTo(201);
                orders.add(placed.json());
            }

            // Per order: the same notification three times, a second payment (another trade number),
            // and for every fourth order a notification with the wrong amount, all at once and shuffled.
            List<Callable<Sent>> sends = new ArrayList<>();
            for (int i = 0; i < orders.size(); i++) {
                JsonNode order = orders.get(i);
                String no = order.get("orderNo").asText();
                long amount = order.get("amount").asLong();
                for (int copy = 0; copy < 3; copy++) {
                    sends.add(() -> new Sent(order, false, store.notifySandbox(no, amount, "T-" + no)));
                }
                sends.add(() -> new Sent(order, false, store.notifySandbox(no, amount, "T2-" + no)));
                if (i % 4 == 0) {
                    sends.add(() -> new Sent(order, true, store.notifySandbox(no, amount + 1, "BAD-" + no)));
                }
            }
            Collections.shuffle(sends, new Random(42));
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Sent> answers = new ArrayList<>();
            try {
                for (Future<Sent> sent : pool.invokeAll(sends)) {
                    answers.add(sent.get());
                }
            } finally {
                pool.shutdownNow();
            }

            for (Sent sent : answers) {
                if (sent.forged()) {
                    assertThat(sent.answer().status()).isEqualTo(422);
                    assertThat(sent.answer().errorCode()).isEqualTo("amount_mismatch");
                } else {
                    assertThat(sent.answer().status()).isEqualTo(200);
                    assertThat(sent.answer().body()).isEqualTo("success");
                }
            }
            Set<String> deliveredKeys = new HashSet<>();
            for (JsonNode order : orders) {
                String no = order.get("orderNo").asText();
                JsonNode seen = store.http()
                        .get("/api/orders/" + no + "?token="
                                + order.get("lookupToken").asText())
                        .json();
                assertThat(seen.get("status").asText()).isEqualTo("delivered");
                assertThat(seen.get("keys")).hasSize(1);
                deliveredKeys.add(seen.get("keys").get(0).asText());
                JsonNode admin =
                        store.http().adminGet("/api/admin/orders/" + no).json();
                long deliveries = 0;
                for (JsonNode event : admin.get("history")) {
                    if ("delivered".equals(event.path("kind").asText())) {
                        deliveries++;
                    }
                }
                assertThat(deliveries).as("delivered events of %s", no).isEqualTo(1);
                assertThat(admin.get("notifications"))
                        .hasSize(2); // the payment and the second payment; the forged one left nothing
            }
            assertThat(deliveredKeys).hasSize(n);
            JsonNode stock = store.stock(product);
            assertThat(stock.get("sold").asLong()).isEqualTo(n);
            assertThat(stock.get("reserved").asLong()).isZero();
            assertThat(stock.get("available").asLong()).isZero();

            // The audit entries of grouped units are chained together just before each batch commits:
            // the chain is whole, and each order has its own entries, none from a refused unit.
            assertThat(store.app().audit().verify().intact()).isTrue();
            List<io.kamishop.audit.AuditLog.Entry> entries = store.app().audit().recent(10_000, Long.MAX_VALUE);
            for (String action : List.of("order.paid", "order.delivered")) {
                assertThat(entries.stream()
                                .filter(e -> e.action().equals(action))
                                .map(io.kamishop.audit.AuditLog.Entry::subject))
                        .as(action)
                        .hasSize(n)
                        .doesNotHaveDuplicates();
            }
        }
    }
}

package io.kamishop.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderExpiryTest {

    private final MutableClock clock = MutableClock.now();
    private TestStore store;

    @BeforeEach
    void start() {
        store = TestStore.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void expiredOrderReleasesItsKeys() {
        long product = store.createProduct("Hold", 100, "CNY");
        store.importKeys(product, List.of("H-1", "H-2"));
        JsonNode order = store.order(product, 2).json();
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(14));
        assertThat(store.app().orders().expireDue())
                .as("still inside the 15 minute hold")
                .isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.app().orders().expireDue()).isEqualTo(1);

        assertThat(store.stock(product).get("available").asLong()).isEqualTo(2);
        assertThat(store.stock(product).get("reserved").asLong()).isZero();
        JsonNode view = store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
        assertThat(view.get("status").asText()).isEqualTo("expired");
        assertThat(view.has("keys")).isFalse();
        Invariants.all(store.app().database(), product, 2);
    }

    @Test
    void stockHeldByAnOverdueOrderIsReleasedForTheNextBuyerWithoutWaitingForTheSweeper() {
        long product = store.createProduct("Hold", 100, "CNY");
        store.importKeys(product, List.of("H-1"));
        store.order(product, 1);
        assertThat(store.order(product, 1).status()).isEqualTo(409);

        clock.advance(Duration.ofMinutes(16));
        Http.Answer next = store.order(product, 1);

        assertThat(next.status()).isEqualTo(201);
        Invariants.all(store.app().database(), product, 1);
    }

    @Test
    void latePaymentForAnExpiredOrderIsKeptForRefundAndGetsNoKeys() {
        long product = store.createProduct("Hold", 100, "CNY");
        store.importKeys(product, List.of("H-1"));
        JsonNode late = store.order(product, 1).json();
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        JsonNode other = store.order(product, 1).json(); // someone else now holds the only key

        Http.Answer answer = store.notifySandbox(late.get("orderNo").asText(), 100, "T-late");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("success");
        JsonNode view = store.http()
                .get("/api/orders/" + late.get("orderNo").asText() + "?token="
                        + late.get("lookupToken").asText())
                .json();
        assertThat(view.get("status").asText()).isEqualTo("refund_pending");
        assertThat(view.has("keys")).isFalse();
        store.notifySandbox(other.get("orderNo").asText(), 100, "T-other");
        JsonNode otherView = store.http()
                .get("/api/orders/" + other.get("orderNo").asText() + "?token="
                        + other.get("lookupToken").asText())
                .json();
        assertThat(otherView.get("keys").get(0).asText()).isEqualTo("H-1");
        Invariants.all(store.app().database(), product, 1);
    }

    @Test
    void aPaidOrderNeverExpires() {
        long product = store.createProduct("Hold", 100, "CNY");
        store.importKeys(product, List.of("H-1"));
        JsonNode order = store.order(product, 1).json();
        store.notifySandbox(order.get("orderNo").asText(), 100, "T-1");

        clock.advance(Duration.ofHours(2));

        assertThat(store.app().orders().expireDue()).isZero();
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
    }

    @Test
    void paymentsRacingTheExpiryOfTheirOrdersEndDeliveredOrDueForRefundNeverBoth() throws Exception {
        // The sweeper and the payments race for the same orders: each order is moved by exactly one of them first.
        long product = store.createProduct("Hold", 100, "CNY");
        store.importKeys(product, IntStream.range(0, 30).mapToObj(i -> "R-" + i).toList());
        List<JsonNode> placed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            placed.add(store.order(product, 1).json());
        }
        clock.advance(Duration.ofMinutes(16));

        List<Callable<Object>> calls = new ArrayList<>();
        for (JsonNode order : placed) {
            calls.add(() -> store.notifySandbox(
                    order.get("orderNo").asText(),
                    100,
                    "T-" + order.get("orderNo").asText()));
        }
        for (int sweeper = 0; sweeper < 3; sweeper++) {
            calls.add(() -> store.app().orders().expireDue());
        }
        Collections.shuffle(calls);
        Concurrently.fireTogether(calls);

        int delivered = 0;
        for (JsonNode order : placed) {
            JsonNode admin = store.http()
                    .adminGet("/api/admin/orders/" + order.get("orderNo").asText())
                    .json();
            String status = admin.get("status").asText();
            assertThat(status).as(admin.toString()).isIn("delivered", "refund_pending");
            if (status.equals("delivered")) {
                delivered++;
            }
            assertThat(admin.get("notifications")).hasSize(1);
        }
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(delivered);
        assertThat(store.stock(product).get("reserved").asLong()).isZero();
        Invariants.all(store.app().database(), product, 30);
    }
}

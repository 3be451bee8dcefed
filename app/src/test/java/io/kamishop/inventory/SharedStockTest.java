package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shared ("loop") stock: one key for every buyer, its uses optionally limited and never oversold. */
class SharedStockTest {

    @Test
    void fortyBuyersRacingForTenSharedUsesGetExactlyTen() throws Exception {
        try (TestStore store = TestStore.start()) {
            raceFortyBuyersForTenUses(store);
        }
    }

    @PostgresTest
    @Test
    void fortyBuyersRacingForTenSharedUsesGetExactlyTenOnPostgres() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_DB_URL", schema.jdbcUrl())
                        .start()) {
            raceFortyBuyersForTenUses(store);
        }
    }

    private static void raceFortyBuyersForTenUses(TestStore store) throws Exception {
        long product = store.createProduct("Streaming account", "shared", Map.of("maxUses", 10));
        store.importKeys(product, List.of("user: shared@example.com / pass: hunter2"));

        List<Http.Answer> answers = Concurrently.race(40, () -> store.order(product, 1));

        List<Http.Answer> placed =
                answers.stream().filter(a -> a.status() == 201).toList();
        assertThat(placed).hasSize(10);
        assertThat(answers)
                .filteredOn(a -> a.status() != 201)
                .allSatisfy(a -> assertThat(a.errorCode()).as(a.body()).isEqualTo("out_of_stock"))
                .hasSize(30);
        assertThat(store.stock(product).get("available").asLong()).isZero();
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(10);
        List<String> orderNos = new ArrayList<>();
        for (Http.Answer a : placed) {
            String orderNo = a.json().get("orderNo").asText();
            orderNos.add(orderNo);
            assertThat(store.notifySandbox(orderNo, 1000, "trade-" + orderNo).status())
                    .isEqualTo(200);
            JsonNode order = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + a.json().get("lookupToken").asText())
                    .json();
            assertThat(order.get("status").asText()).isEqualTo("delivered");
            assertThat(order.get("keys"))
                    .extracting(JsonNode::asText)
                    .containsExactly("user: shared@example.com / pass: hunter2");
        }
        assertThat(store.stock(product).get("sold").asLong()).isEqualTo(10);
        assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");
        Invariants.unitsAddUp(store.app().database());
        // The shared key itself never leaves the shelf: it is copied to each buyer.
        Invariants.stockAddsUp(store.app().database(), product, 1);
    }

    @Test
    void anExpiredOrCancelledOrderGivesItsUseBack() {
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            long product = store.createProduct("One seat", "shared", Map.of("maxUses", 1));
            store.importKeys(product, List.of("SEAT-KEY"));

            String first = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");
            store.app().orders().cancel(first, io.kamishop.order.EventDetail.of("test"));
            String second = store.order(product, 1).json().get("orderNo").asText();
            clock.advance(Duration.ofHours(2));
            assertThat(store.app().orders().expireDue()).isEqualTo(1);
            Http.Answer third = store.order(product, 1);

            assertThat(third.status()).as(third.body()).isEqualTo(201);
            assertThat(store.app().orders().require(second).status()).isEqualTo("expired");
            assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(1);
            Invariants.unitsAddUp(store.app().database());
        }
    }

    @Test
    void unlimitedSharedStockIsInStockOnlyWhileAKeyExists() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Public beta key", "shared", Map.of());

            assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");
            assertThat(store.http().get("/api/products").json())
                    .filteredOn(p -> p.get("id").asLong() == product)
                    .singleElement()
                    .satisfies(p -> assertThat(p.get("available").asLong()).isZero());

            store.importKeys(product, List.of("BETA-2026"));
            for (int i = 0; i < 3; i++) {
                assertThat(store.order(product, 5).status()).isEqualTo(201);
            }
            JsonNode listed = store.http().get("/api/products").json();
            assertThat(listed)
                    .filteredOn(p -> p.get("id").asLong() == product)
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.get("available").isNull()).isTrue();
                        assertThat(p.get("unlimited").asBoolean()).isTrue();
                    });
            JsonNode stock = store.stock(product);
            assertThat(stock.get("reserved").asLong()).isEqualTo(15);
            assertThat(stock.get("unlimited").asBoolean()).isTrue();
        }
    }

    @Test
    void aRefundedSharedUseIsNotGivenBackAndItsKeyIsNoLongerShown() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("One seat", "shared", Map.of("maxUses", 1));
            store.importKeys(product, List.of("SEAT-KEY"));
            Http.Answer placed = store.order(product, 1);
            String orderNo = placed.json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "t-1");

            Http.Answer refund =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));

            assertThat(refund.status()).as(refund.body()).isEqualTo(200);
            assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");
            assertThat(store.stock(product).get("sold").asLong()).isEqualTo(1);
            JsonNode order = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + placed.json().get("lookupToken").asText())
                    .json();
            assertThat(order.get("status").asText()).isEqualTo("refunded");
            assertThat(order.has("keys")).isFalse();
            Invariants.unitsAddUp(store.app().database());
        }
    }
}

package io.kamishop.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PricingTest {

    private static Http.Answer order(TestStore store, long product, int quantity, String email) {
        return store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", quantity, "email", email, "channel", "sandbox"));
    }

    private static List<String> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> "k-" + i).toList();
    }

    @Test
    void wholesaleUnitPriceChangesExactlyAtEachTierBoundary() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Bulk", 1000, "CNY");
            store.importKeys(product, keys(300));
            Http.Answer set = store.http()
                    .adminPutJson(
                            "/api/admin/products/" + product + "/pricing",
                            Map.of(
                                    "tiers",
                                    List.of(
                                            Map.of("minQuantity", 50, "unitPrice", 800),
                                            Map.of("minQuantity", 10, "unitPrice", 900))));
            assertThat(set.status()).isEqualTo(200);

            Map<Integer, Long> expectedUnit = Map.of(1, 1000L, 9, 1000L, 10, 900L, 49, 900L, 50, 800L, 51, 800L);
            expectedUnit.forEach((quantity, unit) -> {
                Http.Answer placed = order(store, product, quantity, "q" + quantity + "@example.com");
                assertThat(placed.status()).as("quantity " + quantity).isEqualTo(201);
                assertThat(placed.json().get("unitPrice").asLong())
                        .as("unit price at " + quantity)
                        .isEqualTo(unit);
                assertThat(placed.json().get("amount").asLong())
                        .as("amount at " + quantity)
                        .isEqualTo(unit * quantity);
            });
            assertThat(store.http()
                            .get("/api/products/" + product + "/pricing")
                            .json()
                            .get("tiers")
                            .get(0)
                            .get("minQuantity")
                            .asInt())
                    .isEqualTo(10);
        }
    }

    @Test
    void couponAppliesToTheWholesaleSubtotal() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Bulk", 1000, "CNY");
            store.importKeys(product, keys(20));
            store.http()
                    .adminPutJson(
                            "/api/admin/products/" + product + "/pricing",
                            Map.of("tiers", List.of(Map.of("minQuantity", 10, "unitPrice", 900))));
            store.http().adminPostJson("/api/admin/coupons", Map.of("code", "TENPC", "percentOff", 10));

            Http.Answer placed = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    10,
                                    "email",
                                    "a@example.com",
                                    "channel",
                                    "sandbox",
                                    "coupon",
                                    "TENPC"));

            assertThat(placed.json().get("amount").asLong()).isEqualTo(8100);
        }
    }

    @Test
    void quantityOutsideTheProductsMinimumAndMaximumIsRefusedAndHoldsNothing() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Pack", 100, "CNY");
            store.importKeys(product, keys(20));
            store.http()
                    .adminPutJson(
                            "/api/admin/products/" + product + "/pricing", Map.of("minQuantity", 2, "maxQuantity", 5));

            assertThat(order(store, product, 1, "a@example.com").status()).isEqualTo(422);
            assertThat(order(store, product, 6, "a@example.com").status()).isEqualTo(422);
            assertThat(order(store, product, 2, "a@example.com").status()).isEqualTo(201);
            assertThat(order(store, product, 5, "b@example.com").status()).isEqualTo(201);
            assertThat(store.stock(product).get("reserved").asInt()).isEqualTo(7);
        }
    }

    @Test
    void perBuyerLimitCountsPendingAndPaidOrdersWhateverTheEmailsCase() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Limited", 100, "CNY");
            store.importKeys(product, keys(20));
            store.http().adminPutJson("/api/admin/products/" + product + "/pricing", Map.of("perBuyerLimit", 3));

            Http.Answer first = order(store, product, 2, "fan@example.com");
            store.notifySandbox(first.json().get("orderNo").asText(), 200, "t-1");
            Http.Answer over = order(store, product, 2, "FAN@example.com");

            assertThat(over.status()).isEqualTo(422);
            assertThat(over.errorCode()).isEqualTo("purchase_limit");
            assertThat(order(store, product, 1, "Fan@Example.com").status()).isEqualTo(201);
            assertThat(order(store, product, 3, "other@example.com").status()).isEqualTo(201);
        }
    }

    @Test
    void invalidPricingIsRefusedAndChangesNothing() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("P", 100, "CNY");
            String path = "/api/admin/products/" + product + "/pricing";
            assertThat(store.http()
                            .adminPutJson(path, Map.of("minQuantity", 5, "maxQuantity", 2))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http()
                            .adminPutJson(path, Map.of("tiers", List.of(Map.of("minQuantity", 1, "unitPrice", 5))))
                            .status())
                    .isEqualTo(422);
            assertThat(store.http().adminPutJson(path, Map.of("tiers", "cheap")).status())
                    .isEqualTo(400);
            assertThat(store.http().adminGet(path).json().get("minQuantity").asInt())
                    .isEqualTo(1);
            assertThat(store.http().adminGet(path).json().get("tiers").size()).isZero();
        }
    }
}

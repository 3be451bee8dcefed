package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BadInputChangesNothingTest {

    private TestStore store;
    private long product;

    @BeforeEach
    void start() {
        store = TestStore.start();
        product = store.createProduct("Codes", 100, "CNY");
        store.importKeys(product, List.of("K-1", "K-2"));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void malformedOrdersAreFourHundredsAndReserveNothing() {
        record Case(Object body, int status, String code) {}
        List<Case> cases = List.of(
                new Case("not json", 400, "malformed_json"),
                new Case("[1,2]", 400, "malformed_json"),
                new Case("", 400, "malformed_json"),
                new Case(Map.of("productId", "one", "email", "a@b.co", "channel", "sandbox"), 400, "wrong_type"),
                new Case(Map.of("productId", 1.5, "email", "a@b.co", "channel", "sandbox"), 400, "wrong_type"),
                new Case(Map.of("email", "a@b.co", "channel", "sandbox"), 400, "missing_field"),
                new Case(
                        Map.of("productId", product, "quantity", 0, "email", "a@b.co", "channel", "sandbox"),
                        422,
                        "invalid_order"),
                new Case(
                        Map.of("productId", product, "quantity", -5, "email", "a@b.co", "channel", "sandbox"),
                        422,
                        "invalid_order"),
                new Case(
                        Map.of("productId", product, "quantity", 99999999999L, "email", "a@b.co", "channel", "sandbox"),
                        422,
                        "invalid_order"),
                new Case(
                        Map.of("productId", product, "email", "not-an-email", "channel", "sandbox"),
                        422,
                        "invalid_order"),
                new Case(
                        Map.of("productId", product, "email", "a@b.co", "channel", "nope"), 422, "channel_unavailable"),
                new Case(
                        Map.of("productId", 424242, "email", "a@b.co", "channel", "sandbox"),
                        404,
                        "product_not_found"));
        for (Case c : cases) {
            Http.Answer answer = store.http().postJson("/api/orders", c.body());
            assertThat(answer.status()).as("%s -> %s", c.body(), answer.body()).isEqualTo(c.status());
            assertThat(answer.errorCode()).as("%s", c.body()).isEqualTo(c.code());
            assertThat(answer.json().path("error").path("message").asText()).isNotBlank();
        }
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(2);
        long orders = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM orders")
                        .mapTo(Long.class)
                        .one());
        assertThat(orders).isZero();
    }

    @Test
    void invalidProductsAreRefusedFieldByField() {
        Http.Answer answer =
                store.http().adminPostJson("/api/admin/products", Map.of("name", "", "price", -1, "currency", "EURO"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().at("/error/fields").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("name", "price", "currency");
        assertThat(store.http().adminGet("/api/admin/products").json()).hasSize(1);
    }

    @Test
    void lookupWithAWrongTokenLooksLikeAnUnknownOrder() {
        String orderNo = store.order(product, 1).json().get("orderNo").asText();
        Http.Answer wrong = store.http().get("/api/orders/" + orderNo + "?token=guess");
        Http.Answer missing = store.http().get("/api/orders/" + orderNo);
        Http.Answer unknown = store.http().get("/api/orders/12345?token=guess");
        assertThat(List.of(wrong, missing, unknown)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.errorCode()).isEqualTo("order_not_found");
        });
    }

    @Test
    void adminCallsWithoutAValidTokenAreRefused() {
        Http anonymous = new Http(store.baseUrl(), "wrong-token");
        assertThat(anonymous.adminGet("/api/admin/products").status()).isEqualTo(401);
        assertThat(store.http().get("/api/admin/products").status()).isEqualTo(401);
        assertThat(anonymous
                        .adminPostJson("/api/admin/products", Map.of("name", "X", "price", 1, "currency", "CNY"))
                        .status())
                .isEqualTo(401);
        assertThat(store.http().adminGet("/api/admin/products").json()).hasSize(1);
    }

    @Test
    void invalidSettingsStoreNothing() {
        Http.Answer answer = store.http()
                .adminPutJson("/api/admin/settings", Map.of("storeName", "New name", "orderHoldMinutes", 0));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(store.http()
                        .adminGet("/api/admin/settings")
                        .json()
                        .get("storeName")
                        .asText())
                .isEqualTo("Kamishop");
        Http.Answer ok = store.http()
                .adminPutJson("/api/admin/settings", Map.of("storeName", "New name", "orderHoldMinutes", 30));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("orderHoldMinutes").asInt()).isEqualTo(30);
    }

    @Test
    void unknownPathsAnswerTheErrorShape() {
        Http.Answer answer = store.http().get("/api/nothing-here");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isNotBlank();
    }
}

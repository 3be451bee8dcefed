package io.kamishop.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.crypto.PasswordHasher;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuyerLookupTest {

    private static Http.Answer order(TestStore store, long product, String email, String password) {
        Map<String, Object> body =
                new HashMap<>(Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"));
        if (password != null) {
            body.put("queryPassword", password);
        }
        return store.http().postJson("/api/orders", body);
    }

    private static JsonNode lookup(TestStore store, Map<String, Object> body) {
        Http.Answer answer = store.http().postJson("/api/orders/lookup", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("orders");
    }

    @Test
    void buyerFindsTheirOrdersWithKeysByOrderNumberOrEmailAndPassword() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 500, "CNY");
            store.importKeys(product, List.of("KEY-A", "KEY-B", "KEY-C"));
            String paid = order(store, product, "Buyer@Example.com", "open sesame")
                    .json()
                    .get("orderNo")
                    .asText();
            store.notifySandbox(paid, 500, "t-1");
            String pending = order(store, product, "buyer@example.com", "open sesame")
                    .json()
                    .get("orderNo")
                    .asText();
            order(store, product, "buyer@example.com", null);

            JsonNode byNumber = lookup(store, Map.of("orderNo", paid, "queryPassword", "open sesame"));
            JsonNode byEmail = lookup(store, Map.of("email", "BUYER@example.com", "queryPassword", "open sesame"));

            assertThat(byNumber).hasSize(1);
            assertThat(byNumber.get(0).get("status").asText()).isEqualTo("delivered");
            assertThat(byNumber.get(0).get("keys").get(0).asText()).isEqualTo("KEY-A");
            assertThat(byEmail).extracting(o -> o.get("orderNo").asText()).containsExactlyInAnyOrder(paid, pending);
        }
    }

    @Test
    void wrongPasswordAndUnknownEmailLookTheSame() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 500, "CNY");
            store.importKeys(product, List.of("KEY-A"));
            String orderNo = order(store, product, "buyer@example.com", "open sesame")
                    .json()
                    .get("orderNo")
                    .asText();

            Http.Answer wrong = store.http()
                    .postJson("/api/orders/lookup", Map.of("email", "buyer@example.com", "queryPassword", "guess123"));
            Http.Answer unknown = store.http()
                    .postJson("/api/orders/lookup", Map.of("email", "nobody@example.com", "queryPassword", "guess123"));
            Http.Answer wrongNumber = store.http()
                    .postJson("/api/orders/lookup", Map.of("orderNo", orderNo, "queryPassword", "guess123"));

            assertThat(wrong.status()).isEqualTo(200);
            assertThat(wrong.body())
                    .isEqualTo(unknown.body())
                    .isEqualTo(wrongNumber.body())
                    .isEqualTo("{\"orders\":[]}");
        }
    }

    @Test
    void badLookupsAndShortPasswordsAreRefusedAndLookupsAreRateLimited() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 500, "CNY");
            store.importKeys(product, List.of("KEY-A"));
            Http.Answer shortPassword = order(store, product, "buyer@example.com", "123");
            assertThat(shortPassword.status()).isEqualTo(422);
            assertThat(store.stock(product).get("available").asInt()).isEqualTo(1);
            assertThat(store.http()
                            .postJson("/api/orders/lookup", Map.of("queryPassword", "x"))
                            .status())
                    .isEqualTo(400);
            assertThat(store.http()
                            .postJson(
                                    "/api/orders/lookup",
                                    Map.of("orderNo", "1", "email", "a@example.com", "queryPassword", "x"))
                            .status())
                    .isEqualTo(400);

            int limited = 0;
            for (int i = 0; i < BuyerLookup.LOOKUPS_PER_MINUTE + 1; i++) {
                if (store.http()
                                .postJson("/api/orders/lookup", Map.of("email", "a@example.com", "queryPassword", "x"))
                                .status()
                        == 429) {
                    limited++;
                }
            }
            assertThat(limited).isEqualTo(1);
        }
    }

    @Test
    void lookUpPasswordsAreStoredAsArgon2idHashesOnly() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 500, "CNY");
            store.importKeys(product, List.of("KEY-A"));
            order(store, product, "buyer@example.com", "open sesame");

            String stored = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT password_hash FROM order_query_passwords")
                            .mapTo(String.class)
                            .one());

            // The store's own parameters are pinned by PasswordHasherTest; this JVM's stores may hash at the test cost.
            assertThat(stored).startsWith("$argon2id$v=19$m=").doesNotContain("open sesame");
            PasswordHasher hasher = new PasswordHasher();
            assertThat(hasher.verify("open sesame", stored)).isTrue();
            assertThat(hasher.verify("open sesamE", stored)).isFalse();
        }
    }
}

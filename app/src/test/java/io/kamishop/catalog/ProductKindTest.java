package io.kamishop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A product's kind is chosen on create, validated with field errors, shown to the admin, and fixed after. */
class ProductKindTest {

    @Test
    void aProductIsCardKeysUnlessAKindIsChosen() {
        try (TestStore store = TestStore.start()) {
            long keys = store.createProduct("Game", 1000, "CNY");
            long shared = store.createProduct("Loop", "shared", Map.of("maxUses", 3));
            long generated = store.createProduct("Licence", "generated", Map.of("keyFormat", "order-keys"));

            assertThat(store.http()
                            .adminGet("/api/admin/products/" + keys)
                            .json()
                            .get("kind")
                            .asText())
                    .isEqualTo("keys");
            JsonNode loop =
                    store.http().adminGet("/api/admin/products/" + shared).json();
            assertThat(loop.get("kind").asText()).isEqualTo("shared");
            assertThat(loop.get("maxUses").asLong()).isEqualTo(3);
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + generated)
                            .json()
                            .get("keyFormat")
                            .asText())
                    .isEqualTo("order-keys");
        }
    }

    @Test
    void anInvalidKindIsRefusedWithFieldErrorsAndCreatesNothing() {
        try (TestStore store = TestStore.start()) {
            Http.Answer unknown = create(store, Map.of("kind", "subscription"));
            Http.Answer capOnKeys = create(store, Map.of("kind", "keys", "maxUses", 5));
            Http.Answer zeroCap = create(store, Map.of("kind", "shared", "maxUses", 0));
            Http.Answer noFormat = create(store, Map.of("kind", "generated"));
            Http.Answer formatOnFile = create(store, Map.of("kind", "file", "keyFormat", "x"));
            Http.Answer wrongType = create(store, Map.of("kind", 7));

            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.errorCode()).isEqualTo("invalid_product");
            assertThat(unknown.body()).contains("kind");
            assertThat(capOnKeys.status()).isEqualTo(422);
            assertThat(capOnKeys.body()).contains("maxUses");
            assertThat(zeroCap.status()).isEqualTo(422);
            assertThat(noFormat.status()).isEqualTo(422);
            assertThat(noFormat.body()).contains("keyFormat");
            assertThat(formatOnFile.status()).isEqualTo(422);
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(store.http().adminGet("/api/admin/products").json()).isEmpty();
        }
    }

    @Test
    void onlyCardKeyAndSharedProductsTakeKeys() {
        try (TestStore store = TestStore.start()) {
            long manual = store.createProduct("By hand", "manual", Map.of());
            long shared = store.createProduct("Loop", "shared", Map.of());

            Http.Answer refused = store.http().adminPostText("/api/admin/products/" + manual + "/keys", "K-1");
            Http.Answer accepted = store.http().adminPostText("/api/admin/products/" + shared + "/keys", "K-1");

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo("wrong_kind");
            assertThat(accepted.status()).isEqualTo(200);
            long keys = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM card_keys WHERE product_id = :p")
                            .bind("p", manual)
                            .mapTo(Long.class)
                            .one());
            assertThat(keys).isZero();
        }
    }

    @Test
    void theKindCannotChangeAfterCreation() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Loop", "shared", Map.of());

            Http.Answer changed = store.http().adminPutJson("/api/admin/products/" + product, Map.of("kind", "keys"));
            Http.Answer renamed = store.http()
                    .adminPutJson("/api/admin/products/" + product, Map.of("kind", "shared", "name", "Loop 2"));

            assertThat(changed.status()).isEqualTo(422);
            assertThat(renamed.status()).isEqualTo(200);
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + product)
                            .json()
                            .get("kind")
                            .asText())
                    .isEqualTo("shared");
        }
    }

    @Test
    void theCapCanBeRaisedButNotBelowWhatOrdersHold() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Seats", "manual", Map.of("maxUses", 2));
            long keys = store.createProduct("Game", 1000, "CNY");
            assertThat(store.order(product, 2).status()).isEqualTo(201);
            assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");

            Http.Answer tooLow = store.http()
                    .adminPutJson("/api/admin/products/" + product, Map.of("maxUses", 1, "name", "Renamed"));
            Http.Answer badName =
                    store.http().adminPutJson("/api/admin/products/" + product, Map.of("maxUses", 9, "name", ""));
            JsonNode unchanged =
                    store.http().adminGet("/api/admin/products/" + product).json();
            Http.Answer raised = store.http().adminPutJson("/api/admin/products/" + product, Map.of("maxUses", 3));
            Http.Answer onKeys = store.http().adminPutJson("/api/admin/products/" + keys, Map.of("maxUses", 3));

            assertThat(tooLow.status()).isEqualTo(422);
            assertThat(tooLow.body()).contains("maxUses");
            assertThat(badName.status()).isEqualTo(422);
            assertThat(unchanged.get("name").asText()).isEqualTo("Seats");
            assertThat(unchanged.get("maxUses").asLong()).isEqualTo(2);
            assertThat(raised.status()).as(raised.body()).isEqualTo(200);
            assertThat(raised.json().get("maxUses").asLong()).isEqualTo(3);
            assertThat(onKeys.status()).isEqualTo(422);
            assertThat(store.order(product, 1).status()).isEqualTo(201);
            assertThat(store.order(product, 1).errorCode()).isEqualTo("out_of_stock");
        }
    }

    private static Http.Answer create(TestStore store, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("name", "Thing");
        body.put("price", 100);
        body.put("currency", "CNY");
        return store.http().adminPostJson("/api/admin/products", body);
    }
}

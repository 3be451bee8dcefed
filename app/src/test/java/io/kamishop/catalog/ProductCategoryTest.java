package io.kamishop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductCategoryTest {

    @Test
    void productsCarryACategoryThatTheShopShows() {
        try (TestStore store = TestStore.start()) {
            Http.Answer created = store.http()
                    .adminPostJson(
                            "/api/admin/products",
                            Map.of("name", "Steam 50", "price", 100, "currency", "CNY", "category", "Game cards"));
            assertThat(created.status()).isEqualTo(201);
            long id = created.json().get("id").asLong();
            store.createProduct("Uncategorised", 100, "CNY");

            JsonNode listed = store.http().get("/api/products").json();
            assertThat(listed.findValuesAsText("category")).containsExactlyInAnyOrder("Game cards", "");
            assertThat(store.http().get("/").body()).contains("Game cards");

            Http.Answer moved =
                    store.http().adminPutJson("/api/admin/products/" + id, Map.of("category", "Gift cards"));
            assertThat(moved.json().get("category").asText()).isEqualTo("Gift cards");
            assertThat(moved.json().get("name").asText())
                    .as("fields left out keep their values")
                    .isEqualTo("Steam 50");

            Http.Answer tooLong =
                    store.http().adminPutJson("/api/admin/products/" + id, Map.of("category", "x".repeat(101)));
            assertThat(tooLong.status()).isEqualTo(422);
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + id)
                            .json()
                            .get("category")
                            .asText())
                    .isEqualTo("Gift cards");
        }
    }
}

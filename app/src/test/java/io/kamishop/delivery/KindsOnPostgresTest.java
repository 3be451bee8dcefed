package io.kamishop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.PostgresSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The product kinds on PostgreSQL, the scale-out database: a generated, a manual and a file order end to end. */
@PostgresTest
class KindsOnPostgresTest {

    @Test
    void generatedManualAndFileOrdersDeliverOnPostgres() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_DB_URL", schema.jdbcUrl())
                        .start()) {
            GeneratedKeysTest.installOrderKeys(store);
            long generated =
                    store.createProduct("Licence", "generated", Map.of("keyFormat", "order-keys", "maxUses", 5));
            long manual = store.createProduct("By hand", "manual", Map.of());
            long file = store.createProduct("E-book", "file", Map.of());
            Http.Answer uploaded = store.http()
                    .send(
                            HttpRequest.newBuilder(store.http().uri("/api/admin/products/" + file + "/file?name=a.txt"))
                                    .POST(HttpRequest.BodyPublishers.ofString("the book")),
                            true);
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);

            Http.Answer gen = store.order(generated, 2);
            String genNo = gen.json().get("orderNo").asText();
            assertThat(store.notifySandbox(genNo, 2000, "pg-gen").status()).isEqualTo(200);
            assertThat(store.notifySandbox(genNo, 2000, "pg-gen").status()).isEqualTo(200);
            JsonNode genOrder = store.http()
                    .get("/api/orders/" + genNo + "?token="
                            + gen.json().get("lookupToken").asText())
                    .json();
            assertThat(genOrder.get("keys")).hasSize(2);
            assertThat(store.stock(generated).get("available").asLong()).isEqualTo(3);

            String manualNo = store.order(manual, 1).json().get("orderNo").asText();
            store.notifySandbox(manualNo, 1000, "pg-manual");
            assertThat(store.http()
                            .adminPostJson("/api/admin/orders/" + manualNo + "/deliver", Map.of("text", "done by hand"))
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("delivered");

            Http.Answer bought = store.order(file, 1);
            String fileNo = bought.json().get("orderNo").asText();
            store.notifySandbox(fileNo, 1000, "pg-file");
            String url = store.http()
                    .get("/api/orders/" + fileNo + "/downloads?token="
                            + bought.json().get("lookupToken").asText())
                    .json()
                    .get("downloads")
                    .get(0)
                    .get("url")
                    .asText();
            Http.Answer downloaded = store.http().get(url);
            assertThat(downloaded.status()).isEqualTo(200);
            assertThat(downloaded.body().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo("the book".getBytes(StandardCharsets.UTF_8));

            Invariants.unitsAddUp(store.app().database());
            Invariants.deliveredOrdersHaveTheirKeys(store.app().database());
        }
    }
}

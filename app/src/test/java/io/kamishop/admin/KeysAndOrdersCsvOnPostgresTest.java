package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key list and the CSV export run the same statements on PostgreSQL (typed NULL filters, bytea fingerprints). */
@PostgresTest
class KeysAndOrdersCsvOnPostgresTest {

    @Test
    void keyListSearchDeleteAndFilteredCsvWorkOnPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            long product = store.createProduct("Pg keys", 1000, "CNY");
            store.importKeys(product, List.of("PG-KEY-0000-0001", "PG-KEY-0000-0002", "PG-KEY-0000-0003"));
            String held = store.order(product, 1).json().get("orderNo").asText();
            String paid = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(paid, 1000, "t-" + paid).status()).isEqualTo(200);

            JsonNode page = store.http()
                    .adminGet("/api/admin/products/" + product + "/keys?limit=2")
                    .json();
            assertThat(page.get("keys")).hasSize(2);
            JsonNode rest = store.http()
                    .adminGet("/api/admin/products/" + product + "/keys?limit=2&after="
                            + page.get("next").asLong())
                    .json();
            assertThat(rest.get("keys")).hasSize(1);
            assertThat(rest.get("next").isNull()).isTrue();
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + product + "/keys?q=PG-KEY-0000-0003")
                            .json()
                            .get("keys"))
                    .hasSize(1);
            JsonNode heldKey = store.http()
                    .adminGet("/api/admin/products/" + product + "/keys?q=" + held)
                    .json()
                    .get("keys")
                    .get(0);
            long freeKey = rest.get("keys").get(0).get("id").asLong();
            assertThat(delete(store, product, heldKey.get("id").asLong()).status())
                    .isEqualTo(409);
            assertThat(delete(store, product, freeKey).status()).isEqualTo(204);
            assertThat(store.stock(product).get("available").asLong()).isZero();

            List<String> all = store.http()
                    .adminGet("/api/admin/orders.csv")
                    .body()
                    .lines()
                    .toList();
            List<String> onlyPaid = store.http()
                    .adminGet("/api/admin/orders.csv?status=delivered&channel=sandbox&productId=" + product
                            + "&from=2000-01-01&to=2999-12-31")
                    .body()
                    .lines()
                    .toList();
            assertThat(all).hasSize(3);
            assertThat(onlyPaid).hasSize(2);
            assertThat(onlyPaid.get(1)).startsWith(paid + ",");
        }
    }

    private static Http.Answer delete(TestStore store, long product, long keyId) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/admin/products/" + product + "/keys/" + keyId))
                                .DELETE(),
                        true);
    }
}

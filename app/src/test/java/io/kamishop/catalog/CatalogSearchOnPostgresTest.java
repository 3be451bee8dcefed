package io.kamishop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Search on PostgreSQL, where LIKE is case-sensitive and a backslash is no escape: the statements
 * must find the same products as on SQLite, and a buyer's wildcard must still be only text.
 */
@PostgresTest
class CatalogSearchOnPostgresTest {

    @Test
    void searchCategoriesAndSortsAgreeWithSqlite() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            Http http = store.http();
            long upper = create(http, "STEAM Wallet 100%", 900, "Games", "");
            long lower = create(http, "gift card", 300, "Games", "Works on steam too");
            long other = create(http, "Music pass", 500, "Music", "");

            assertThat(ids(http, "q=steam")).containsExactlyInAnyOrder(upper, lower);
            assertThat(ids(http, "q=" + URLEncoder.encode("100%", StandardCharsets.UTF_8)))
                    .containsExactly(upper);
            assertThat(ids(http, "q=" + URLEncoder.encode("' OR ''='", StandardCharsets.UTF_8)))
                    .isEmpty();
            assertThat(ids(http, "category=Games&sort=price")).containsExactly(lower, upper);
            assertThat(ids(http, "sort=price_desc")).containsExactly(upper, other, lower);
            assertThat(ids(http, "sort=name")).containsExactly(lower, other, upper);
            assertThat(ids(http, "sort=newest")).containsExactly(other, lower, upper);
            JsonNode categories = http.get("/api/categories").json();
            assertThat(categories.toString())
                    .isEqualTo("[{\"name\":\"Games\",\"products\":2},{\"name\":\"Music\",\"products\":1}]");
            assertThat(http.get("/search?q=STEAM").body())
                    .contains("data-product=\"" + upper + "\"")
                    .contains("data-product=\"" + lower + "\"");
        }
    }

    private static long create(Http http, String name, long price, String category, String description) {
        return http.adminPostJson(
                        "/api/admin/products",
                        Map.of(
                                "name",
                                name,
                                "price",
                                price,
                                "currency",
                                "CNY",
                                "category",
                                category,
                                "description",
                                description))
                .json()
                .get("id")
                .asLong();
    }

    private static List<Long> ids(Http http, String query) {
        Http.Answer answer = http.get("/api/products/search?" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        answer.json().get("products").forEach(p -> ids.add(p.get("id").asLong()));
        return ids;
    }
}

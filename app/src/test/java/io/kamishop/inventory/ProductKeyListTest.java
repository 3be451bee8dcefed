package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.admin.AdminClient;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A product's keys for the merchant: masked pages, search, and removal of one unsold key, by API and page. */
class ProductKeyListTest {

    @Test
    void keysComeMaskedInKeysetPagesUntilNextIsNull() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Paged", 100, "CNY");
            List<String> imported = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                imported.add("PAGED-KEY-000" + i + "-SECRET");
            }
            store.importKeys(product, imported);

            List<Long> ids = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String after = "";
            while (true) {
                JsonNode page = store.http()
                        .adminGet("/api/admin/products/" + product + "/keys?limit=3" + after)
                        .json();
                sizes.add(page.get("keys").size());
                for (JsonNode k : page.get("keys")) {
                    ids.add(k.get("id").asLong());
                    assertThat(k.get("status").asText()).isEqualTo("available");
                    assertThat(k.get("orderNo").isNull()).isTrue();
                    assertThat(k.get("masked").asText()).isEqualTo("PA••••ET");
                }
                if (page.get("next").isNull()) {
                    break;
                }
                after = "&after=" + page.get("next").asLong();
            }
            assertThat(sizes).containsExactly(3, 3, 1);
            assertThat(ids).hasSize(7).isSorted().doesNotHaveDuplicates();
            assertThat(store.http()
                            .adminGet("/api/admin/products/" + product + "/keys")
                            .body())
                    .doesNotContain("SECRET-")
                    .doesNotContain("000");
        }
    }

    @Test
    void maskShowsAtMostAQuarterOfAKey() {
        assertThat(ProductKeys.mask("ABCD-EFGH-IJKL-MNOP")).isEqualTo("AB••••OP");
        assertThat(ProductKeys.mask("SHORT12")).isEqualTo("••••");
        assertThat(ProductKeys.mask("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")).isEqualTo("ABCD••••6789");
    }

    @Test
    void searchFindsTheExactKeyOrTheKeysOfAnOrder() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Searched", 100, "CNY");
            store.importKeys(product, List.of("FIRST-AAAA-1111", "SECOND-BBBB-2222", "THIRD-CCCC-3333"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText(); // holds the first key

            JsonNode byKey = keys(store, product, "q=" + enc("  SECOND-BBBB-2222 "));
            assertThat(byKey.get("keys")).hasSize(1);
            assertThat(byKey.get("keys").get(0).get("masked").asText()).isEqualTo("SE••••22");
            JsonNode byOrder = keys(store, product, "q=" + enc(orderNo));
            assertThat(byOrder.get("keys")).hasSize(1);
            assertThat(byOrder.get("keys").get(0).get("status").asText()).isEqualTo("reserved");
            assertThat(byOrder.get("keys").get(0).get("orderNo").asText()).isEqualTo(orderNo);
            // Sealed keys cannot be searched by a part: that would mean decrypting the stock.
            assertThat(keys(store, product, "q=SECOND").get("keys")).isEmpty();
            assertThat(keys(store, product, "q=" + enc("second-bbbb-2222")).get("keys"))
                    .isEmpty();
        }
    }

    @Test
    void deletingAnUnsoldKeyTakesOneFromStockAndIsAudited() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Trimmed", 100, "CNY");
            store.importKeys(product, List.of("DEL-0000-0001", "DEL-0000-0002"));
            long keyId = keys(store, product, "").get("keys").get(1).get("id").asLong();

            Http.Answer deleted = delete(store, product, keyId);

            assertThat(deleted.status()).isEqualTo(204);
            assertThat(store.stock(product).get("available").asLong()).isEqualTo(1);
            assertThat(keys(store, product, "").get("keys")).hasSize(1);
            assertThat(delete(store, product, keyId).status()).isEqualTo(404);
            assertThat(store.app().admin().audit().recent(10, Long.MAX_VALUE))
                    .anyMatch(e -> e.action().equals("api DELETE /api/admin/products/" + product + "/keys/" + keyId));
        }
    }

    @Test
    void heldAndSoldKeysAreA409AndUnknownKeysA404() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Guarded", 1000, "CNY");
            long other = store.createProduct("Other", 1000, "CNY");
            store.importKeys(product, List.of("HELD-0000-0001", "SOLD-0000-0002", "FREE-0000-0003"));
            store.importKeys(other, List.of("ELSE-0000-0004"));
            String held = store.order(product, 1).json().get("orderNo").asText();
            String sold = store.order(product, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(sold, 1000, "t-" + sold).status()).isEqualTo(200);
            long heldKey = keys(store, product, "q=" + enc(held))
                    .get("keys")
                    .get(0)
                    .get("id")
                    .asLong();
            long soldKey = keys(store, product, "q=" + enc(sold))
                    .get("keys")
                    .get(0)
                    .get("id")
                    .asLong();
            long otherKey = keys(store, other, "").get("keys").get(0).get("id").asLong();
            assertThat(keys(store, product, "q=" + enc(sold))
                            .get("keys")
                            .get(0)
                            .get("status")
                            .asText())
                    .isEqualTo("sold");

            Http.Answer heldAnswer = delete(store, product, heldKey);
            Http.Answer soldAnswer = delete(store, product, soldKey);

            assertThat(heldAnswer.status()).isEqualTo(409);
            assertThat(heldAnswer.errorCode()).isEqualTo("key_held");
            assertThat(soldAnswer.status()).isEqualTo(409);
            assertThat(soldAnswer.errorCode()).isEqualTo("key_sold");
            assertThat(delete(store, product, otherKey).status()).isEqualTo(404); // another product's key
            assertThat(delete(store, product, 999_999).status()).isEqualTo(404);
            assertThat(delete(store, 999_999, heldKey).status()).isEqualTo(404);
            JsonNode stock = store.stock(product);
            assertThat(stock.get("available").asLong()
                            + stock.get("reserved").asLong()
                            + stock.get("sold").asLong())
                    .isEqualTo(3);
            assertThat(store.stock(other).get("available").asLong()).isEqualTo(1);
        }
    }

    @Test
    void badPagingIsA400() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Params", 100, "CNY");
            for (String query : List.of("limit=0", "limit=501", "limit=ten", "after=-1", "after=x")) {
                Http.Answer answer = store.http().adminGet("/api/admin/products/" + product + "/keys?" + query);
                assertThat(answer.status()).as(query).isEqualTo(400);
                assertThat(answer.errorCode()).as(query).startsWith("invalid_");
            }
        }
    }

    @Test
    void theKeysPageListsMaskedKeysAndDeletesAnUnsoldOneWithTheCsrfToken() {
        try (TestStore store = TestStore.start()) {
            store.http()
                    .adminPostJson("/api/admin/users", Map.of("username", "keeper", "password", "keeper password 1"));
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("keeper", "keeper password 1").status()).isEqualTo(303);
            long product = store.createProduct("Paged page", 100, "CNY");
            store.importKeys(product, List.of("PAGE-HELD-0001", "PAGE-FREE-0002"));
            String held = store.order(product, 1).json().get("orderNo").asText();
            JsonNode listed = keys(store, product, "").get("keys");
            long heldKey = listed.get(0).get("id").asLong();
            long freeKey = listed.get(1).get("id").asLong();
            String page = "/admin/products/" + product + "/keys";

            String en = browser.get(page + "?lang=en").body();
            assertThat(en)
                    .contains("P••••1")
                    .contains("Held by a pending order")
                    .contains(held)
                    .contains("id=\"delete-key-" + freeKey + "\"")
                    .doesNotContain("id=\"delete-key-" + heldKey + "\"")
                    .doesNotContain("PAGE-FREE");
            assertThat(browser.get(page + "?lang=zh-CN").body())
                    .contains("待支付订单占用")
                    .contains("删除");
            assertThat(browser.get("/admin/products/" + product).body()).contains("href=\"" + page + "\"");

            // Without the page's token the delete is refused and changes nothing.
            assertThat(browser.postForm(page + "/" + freeKey + "/delete", Map.of())
                            .status())
                    .isEqualTo(403);
            assertThat(store.stock(product).get("available").asLong()).isEqualTo(1);
            AdminClient.Page refused = browser.submit(page, page + "/" + heldKey + "/delete", Map.of());
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).contains("id=\"key-error\"");
            AdminClient.Page done = browser.submit(page, page + "/" + freeKey + "/delete", Map.of());
            assertThat(done.status()).isEqualTo(303);
            assertThat(store.stock(product).get("available").asLong()).isZero();
            assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(1);
            assertThat(store.app().admin().audit().recent(10, Long.MAX_VALUE))
                    .anyMatch(e -> e.action().equals("keys.delete")
                            && e.actor().equals("user:keeper")
                            && e.detail().equals("#" + product + " #" + freeKey));
        }
    }

    private static JsonNode keys(TestStore store, long product, String query) {
        Http.Answer answer = store.http().adminGet("/api/admin/products/" + product + "/keys?" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static Http.Answer delete(TestStore store, long product, long keyId) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/api/admin/products/" + product + "/keys/" + keyId))
                                .DELETE(),
                        true);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

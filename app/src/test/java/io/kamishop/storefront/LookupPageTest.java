package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The look-up page by email and lookup password is the API's look-up behind a form: the same answers, the
 * same per-address budget shared with the API (a form is no cheaper way to guess), clear messages in the
 * buyer's language, and the password never in a URL.
 */
class LookupPageTest {

    private static Http.Answer form(TestStore store, String email, String password, String language) {
        String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/lookup"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "text/html")
                                .header("Accept-Language", language)
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        false);
    }

    @Test
    void theFormFindsWhatTheApiFindsAndLinksEachOrderByItsOwnLink() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Lookup page game", 500, "CNY");
            store.importKeys(product, List.of("LP-1", "LP-2"));
            Http.Answer placed = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "page@example.com",
                                    "channel",
                                    "sandbox",
                                    "lookupPassword",
                                    "secret-pass"));
            String orderNo = placed.json().get("orderNo").asText();

            Http.Answer found = form(store, "PAGE@example.com", "secret-pass", "en");
            Http.Answer none = form(store, "page@example.com", "wrong-pass", "zh-CN");

            assertThat(found.status()).isEqualTo(200);
            assertThat(found.header("Cache-Control")).isEqualTo("no-store");
            assertThat(found.body())
                    .contains("data-order=\"" + orderNo + "\"")
                    .contains("Waiting for payment")
                    .doesNotContain("secret-pass");
            String link = found.body()
                    .replaceAll("(?s).*href=\"(/orders/" + orderNo + "\\?token=[^\"]+)\".*", "$1")
                    .replace("&amp;", "&");
            Http.Answer order = store.http().openOrder(link);
            assertThat(order.status()).isEqualTo(200);
            assertThat(order.body()).contains("id=\"order-no\">" + orderNo);
            assertThat(none.status()).isEqualTo(200);
            assertThat(none.body()).contains("没有与该邮箱和查询密码匹配的订单").doesNotContain("data-order=");
        }
    }

    @Test
    void anEmptyFieldIsA400AndTheFormSharesTheApisBudgetPerAddress() {
        try (TestStore store = TestStore.start()) {
            Http.Answer empty = form(store, "", "whatever", "en");
            assertThat(empty.status()).isEqualTo(400);
            assertThat(empty.body()).contains("Please enter your email address and your lookup password.");

            int budget = 10; // BuyerLookup.LOOKUPS_PER_MINUTE, spent through the API
            for (int i = 0; i < budget - 1; i++) {
                assertThat(store.http()
                                .postJson(
                                        "/api/orders/lookup",
                                        Map.of("email", "a@example.com", "queryPassword", "guess-" + i))
                                .status())
                        .isEqualTo(200);
            }
            assertThat(form(store, "a@example.com", "last-guess", "en").status())
                    .isEqualTo(200);

            Http.Answer throttledForm = form(store, "a@example.com", "one-more", "zh-CN");
            Http.Answer throttledApi =
                    store.http().postJson("/api/orders/lookup", Map.of("email", "a@example.com", "queryPassword", "x"));

            assertThat(throttledForm.status()).isEqualTo(429);
            assertThat(throttledForm.header("Retry-After")).isNotBlank();
            assertThat(throttledForm.body()).contains("查询过于频繁");
            assertThat(throttledApi.status()).isEqualTo(429);
            assertThat(throttledApi.errorCode()).isEqualTo("rate_limited");
        }
    }
}

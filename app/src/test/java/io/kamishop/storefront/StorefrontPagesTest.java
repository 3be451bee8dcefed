package io.kamishop.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The themed buyer pages over real HTTP against a real store. */
class StorefrontPagesTest {

    private static final String HOSTILE_NAME = "<script>alert('name')</script>\"><img src=x onerror=alert(1)>";
    private static final String HOSTILE_DESCRIPTION = "</div><script>alert(\"desc\")</script>{{ 7*7 }}{% raw %}";

    private static TestStore store;
    private static Http http;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        http = store.http();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static Http.Answer page(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(http.uri(path)).GET().header("Accept", "text/html");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request, false);
    }

    private static Http.Answer form(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request, false);
    }

    @Test
    void hostileProductNamesAndDescriptionsAreEscaped() {
        Http.Answer created = http.adminPostJson(
                "/api/admin/products",
                Map.of("name", HOSTILE_NAME, "description", HOSTILE_DESCRIPTION, "price", 100, "currency", "CNY"));
        long id = created.json().get("id").asLong();
        store.importKeys(id, List.of("HOSTILE-KEY-<b>1</b>"));

        for (String html : List.of(page("/").body(), page("/products/" + id).body())) {
            assertThat(html)
                    .doesNotContain("<script>alert")
                    .doesNotContain("<img src=x")
                    .doesNotContain("</div><script>");
            assertThat(html).contains("&lt;script&gt;alert(");
        }
        String product = page("/products/" + id).body();
        // Template syntax inside data is text, never evaluated.
        assertThat(product).contains("{{ 7*7 }}").doesNotContain(">49<");

        String orderNo = buyWithSandbox(id);
        assertThat(orderNo).isNotEmpty();
    }

    @Test
    void deliveredKeysAreEscapedAndDownloadableOnlyWithTheToken() {
        long id = store.createProduct("Escaped keys", 250, "CNY");
        store.importKeys(id, List.of("KEY-<i>evil</i>-\"quoted\""));
        Http.Answer placed = store.order(id, 1);
        String orderNo = placed.json().get("orderNo").asText();
        String token = placed.json().get("lookupToken").asText();
        assertThat(store.notifySandbox(orderNo, 250, "T-" + orderNo).status()).isEqualTo(200);

        Http.Answer order = http.openOrder("/orders/" + orderNo + "?token=" + token);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.header("Cache-Control")).isEqualTo("private, no-store");
        assertThat(order.body())
                .contains("KEY-&lt;i&gt;evil&lt;/i&gt;-&quot;quoted&quot;")
                .doesNotContain("<i>evil</i>");
        assertThat(order.body()).contains("data-status=\"delivered\"").doesNotContain("data-poll-url");

        Http.Answer txt = page("/orders/" + orderNo + "/keys.txt?token=" + token);
        assertThat(txt.status()).isEqualTo(200);
        assertThat(txt.header("Content-Disposition")).startsWith("attachment;").contains(orderNo + ".txt");
        assertThat(txt.body()).isEqualTo("KEY-<i>evil</i>-\"quoted\"\r\n");

        assertThat(page("/orders/" + orderNo + "/keys.txt?token=wrong").status())
                .isEqualTo(404);
        Http.Answer wrong = page("/orders/" + orderNo + "?token=wrong");
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.body()).doesNotContain("KEY-").contains("Order not found");
    }

    @Test
    void pendingOrderPagePollsTheOrderApi() {
        long id = store.createProduct("Pending page", 300, "USD");
        store.importKeys(id, List.of("PENDING-1"));
        Http.Answer placed = store.order(id, 1);
        String orderNo = placed.json().get("orderNo").asText();
        String token = placed.json().get("lookupToken").asText();

        String html = http.openOrder("/orders/" + orderNo + "?token=" + token).body();
        assertThat(html)
                .contains("data-status=\"pending\"")
                .contains("data-poll-url=\"/api/orders/" + orderNo + "?token=" + token + "\"")
                .contains("id=\"pay-now\"")
                .contains("$3.00")
                .doesNotContain("PENDING-1");
    }

    @Test
    void checkoutFormPlacesAnOrderAndSendsTheBuyerToTheCashier() {
        long id = store.createProduct("Form buy", 990, "CNY");
        store.importKeys(id, List.of("FORM-1", "FORM-2"));
        Http.Answer answer =
                form("/checkout", "productId=" + id + "&email=buyer%40example.com&quantity=2&channel=sandbox");
        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location"))
                .contains("/pay/sandbox/cashier?orderNo=")
                .contains("amount=1980");
        assertThat(store.stock(id).get("reserved").asLong()).isEqualTo(2);
    }

    @Test
    void badCheckoutShowsTheFormAgainAndReservesNothing() {
        long id = store.createProduct("Form errors", 990, "CNY");
        store.importKeys(id, List.of("ERR-1"));

        Http.Answer badEmail = form(
                "/checkout", "productId=" + id + "&email=nope&quantity=1&channel=sandbox", "Accept-Language", "zh-CN");
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.body()).contains("请输入有效的电子邮箱地址").contains("id=\"checkout\"");

        Http.Answer tooMany =
                form("/checkout", "productId=" + id + "&email=a%40example.com&quantity=5&channel=sandbox");
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.body()).contains("Not enough keys in stock").contains("value=\"a@example.com\"");

        Http.Answer notNumber =
                form("/checkout", "productId=" + id + "&email=a%40example.com&quantity=lots&channel=sandbox");
        assertThat(notNumber.status()).isEqualTo(422);

        assertThat(store.stock(id).get("available").asLong()).isEqualTo(1);
        assertThat(store.stock(id).get("reserved").asLong()).isZero();
    }

    @Test
    void languageFollowsAcceptLanguageThenTheSwitcherCookie() {
        assertThat(page("/", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5").body())
                .contains("<html lang=\"zh-CN\">")
                .contains("全部商品");
        assertThat(page("/", "Accept-Language", "en-GB,en;q=0.9").body())
                .contains("<html lang=\"en\">")
                .contains("All products");
        assertThat(page("/", "Accept-Language", "fr-FR;q=garbage").body()).contains("<html lang=\"en\">");

        Http.Answer switched = page("/?lang=zh-CN", "Accept-Language", "en");
        assertThat(switched.body()).contains("全部商品");
        assertThat(switched.headers().get("set-cookie"))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("lang=zh-CN;");
        assertThat(page("/lookup", "Accept-Language", "en", "Cookie", "lang=zh-CN")
                        .body())
                .contains("查询订单");
    }

    @Test
    void aProductThatNeverRunsOutIsInStockWithoutACount() {
        long manual = store.createProduct("Made to order", "manual", java.util.Map.of());
        long capped = store.createProduct("Ten seats", "shared", java.util.Map.of("maxUses", 10));
        store.importKeys(capped, java.util.List.of("SEAT"));

        String page = page("/products/" + manual, "Accept-Language", "en").body();

        assertThat(page).contains("id=\"stock\">In stock<").doesNotContain(String.valueOf(Long.MAX_VALUE));
        assertThat(page("/products/" + capped, "Accept-Language", "en").body()).contains("10 in stock");
        assertThat(page("/", "Accept-Language", "zh-CN").body())
                .contains("有货")
                .doesNotContain(String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void pricesAreWrittenPerCurrencyAndLanguage() {
        long id = store.createProduct("Priced in yen", 500, "JPY");
        assertThat(page("/products/" + id, "Accept-Language", "en").body())
                .contains("¥500")
                .doesNotContain("¥500.00");
        long cny = store.createProduct("Priced in yuan", 4850, "CNY");
        assertThat(page("/products/" + cny, "Accept-Language", "zh-CN").body()).contains("¥48.50");
        assertThat(page("/products/" + cny, "Accept-Language", "en").body()).contains("CN¥48.50");
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicy() {
        long id = store.createProduct("Headers", 100, "CNY");
        store.importKeys(id, List.of("HDR-1"));
        Http.Answer placed = store.order(id, 1);
        String cashier =
                placed.json().get("payment").get("redirectUrl").asText().replaceFirst("^https?://[^/]+", "");
        for (String path : List.of("/", "/products/" + id, "/lookup", "/no-such-page", cashier)) {
            Http.Answer answer = page(path);
            String csp = answer.header("Content-Security-Policy");
            assertThat(csp)
                    .as(path)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .contains("style-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("same-origin");
            // With no inline code allowed, the pages must not carry any.
            assertThat(answer.body())
                    .as(path)
                    .doesNotContain("<style")
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                    .doesNotContain(" style=\"");
        }
    }

    @Test
    void assetsHaveContentHashedUrlsAndLongCaching() {
        String html = page("/").body();
        Matcher css = Pattern.compile("href=\"(/assets/default/([0-9a-f]{16})/css/store\\.css)\"")
                .matcher(html);
        assertThat(css.find()).isTrue();
        Http.Answer asset = page(css.group(1));
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.header("Content-Type")).startsWith("text/css");
        assertThat(asset.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
        assertThat(asset.header("ETag")).isEqualTo("\"" + css.group(2) + "\"");

        Http.Answer stale = page("/assets/default/0000000000000000/css/store.css");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("Cache-Control")).isEqualTo("no-cache");

        assertThat(page("/assets/default/x/../../theme.json").status()).isEqualTo(404);
        assertThat(page("/assets/default/x/..%2F..%2Ftheme.json").status()).isEqualTo(404);
        assertThat(page("/assets/default/x/templates/home.peb").status()).isEqualTo(404);
        assertThat(page("/assets/no-such-theme/x/css/store.css").status()).isEqualTo(404);

        Matcher settings = Pattern.compile("href=\"(/assets/default/[0-9a-f]{16}/settings\\.css)\"")
                .matcher(html);
        assertThat(settings.find()).isTrue();
        assertThat(page(settings.group(1)).body()).contains("--accent-color:#1d4ed8;");
    }

    @Test
    void everyFormFieldHasALabelAndEveryPageALanguageAndASkipLink() {
        long id = store.createProduct("Labelled", 100, "CNY");
        store.importKeys(id, List.of("LBL-1"));
        for (String path : List.of("/products/" + id, "/lookup")) {
            String html = page(path).body();
            assertThat(html)
                    .contains("<html lang=\"en\">")
                    .contains("class=\"skip\" href=\"#main\"")
                    .contains("<main id=\"main\"");
            Matcher inputs = Pattern.compile("<input\\b[^>]*\\bid=\"([^\"]+)\"").matcher(html);
            int labelled = 0;
            while (inputs.find()) {
                assertThat(html)
                        .as(path + " label for #" + inputs.group(1))
                        .contains("<label for=\"" + inputs.group(1) + "\"");
                labelled++;
            }
            assertThat(labelled).as(path).isGreaterThanOrEqualTo(2);
            // Radio buttons are labelled by the label wrapped around them.
            assertThat(html).doesNotContainPattern("<input type=\"radio\"[^>]*>(?!\\s*[^<\\s])");
        }
    }

    @Test
    void unknownPagesGetTheThemedNotFoundWhileTheApiKeepsJson() {
        Http.Answer html = page("/definitely/not/here");
        assertThat(html.status()).isEqualTo(404);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).contains("Page not found");
        assertThat(http.get("/definitely/not/here").errorCode()).isEqualTo("not_found");
        assertThat(page("/api/orders/nope?token=x").errorCode()).isEqualTo("order_not_found");
        assertThat(page("/products/999999").status()).isEqualTo(404);
        assertThat(page("/products/abc").body()).contains("Product not found");
    }

    @Test
    void lookupFindsAnOrderByNumberAndPastedLink() {
        long id = store.createProduct("Lookup", 100, "CNY");
        store.importKeys(id, List.of("LOOK-1"));
        Http.Answer placed = store.order(id, 1);
        String orderNo = placed.json().get("orderNo").asText();
        String token = placed.json().get("lookupToken").asText();
        String link = "http%3A%2F%2Fshop.example%2Forders%2F" + orderNo + "%3Ftoken%3D" + token;

        Http.Answer found = page("/lookup?orderNo=" + orderNo + "&token=" + link);
        assertThat(found.status()).isEqualTo(303);
        assertThat(found.header("Location")).isEqualTo("/orders/" + orderNo + "?token=" + token);

        Http.Answer missing = page("/lookup?orderNo=" + orderNo + "&token=wrong");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("No order matches");
    }

    /** Places an order through the form and pays on the sandbox cashier; returns the order number. */
    private static String buyWithSandbox(long productId) {
        Http.Answer checkout =
                form("/checkout", "productId=" + productId + "&email=b%40example.com&quantity=1&channel=sandbox");
        String cashier = checkout.header("Location");
        Matcher m = Pattern.compile("orderNo=(\\d+)&amount=(\\d+).*&t=([^&]+)").matcher(cashier);
        assertThat(m.find()).isTrue();
        Http.Answer paid =
                form("/pay/sandbox/pay", "orderNo=" + m.group(1) + "&amount=" + m.group(2) + "&t=" + m.group(3));
        assertThat(paid.status()).isEqualTo(303);
        String orderPage = http.openOrder(paid.header("Location").replaceFirst("^https?://[^/]+", ""))
                .body();
        assertThat(orderPage).contains("HOSTILE-KEY-&lt;b&gt;1&lt;/b&gt;").doesNotContain("<b>1</b>");
        return m.group(1);
    }
}

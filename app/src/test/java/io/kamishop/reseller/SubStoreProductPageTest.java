package io.kamishop.reseller;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sub-store's product page ({@code /s/{slug}/products/{id}}) at the reseller's price, tiers marked up, its checkout
 * the same use case as every door (coupon included); and a sub-store at a host name of its own, served only once the
 * merchant approved the name and lets the store answer to it, its cached pages never the main store's.
 */
class SubStoreProductPageTest {

    private static final long PRICE = 1000;
    private static final long MARKUP = 200;

    GreenMail smtp;
    TestStore store;
    long product;
    long resellerId;
    String cookie;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        // night.example and stranger.example are names the merchant lets the store answer to; evil.example is not.
        store = builder()
                .env("KAMISHOP_ALLOWED_HOSTS", "localhost, 127.0.0.1, night.example, stranger.example")
                .start();
        store.mailThrough(smtp.getSmtp().getPort());
        product = store.createProduct("Gift card", PRICE, "CNY");
        store.importKeys(
                product, IntStream.range(0, 20).mapToObj(i -> "GIFT-" + i).toList());
        // From 5 units the merchant sells at 8.00; the sub-store at 8.00 + its markup.
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/products/" + product + "/pricing",
                                Map.of("tiers", List.of(Map.of("minQuantity", 5, "unitPrice", 800))))
                        .status())
                .isEqualTo(200);
        cookie = store.signInBuyer(smtp, "reseller@example.com");
        Http.Answer applied =
                sendAs(cookie, "POST", "/api/account/reseller", Map.of("slug", "night-shop", "name", "Night Shop"));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        resellerId = applied.json().get("id").asLong();
        assertThat(store.http()
                        .adminPostJson("/api/admin/resellers/" + resellerId + "/approve", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(sendAs(cookie, "PUT", "/api/account/reseller", Map.of("announcement", "Open all night"))
                        .status())
                .isEqualTo(200);
    }

    /** The store's database: a fresh SQLite file here, PostgreSQL in {@link SubStoreProductPageOnPostgresTest}. */
    TestStore.Builder builder() {
        return TestStore.builder();
    }

    void afterStore() {}

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
        } finally {
            store.close();
            smtp.stop();
            afterStore();
        }
    }

    @Test
    void theSubStoreProductPageShowsTheMarkedUpPriceAndTiersAndABelowMerchantPriceIsRefused() {
        Http.Answer below = sendAs(
                cookie,
                "PUT",
                "/api/account/reseller/markups/" + product,
                Map.of("kind", "price", "amount", PRICE - 1));
        assertThat(below.status()).isEqualTo(422);
        assertThat(below.errorCode()).isEqualTo("price_below_merchant");
        markup(MARKUP);

        // The main store's page first, so it is in the page cache when the sub-store's is asked for.
        Http.Answer main = store.http().get("/products/" + product + "?lang=en");
        assertThat(main.body())
                .contains("¥10.00", "¥8.00", "action=\"/checkout\"")
                .doesNotContain("Night Shop");

        Http.Answer page = store.http().get("/s/night-shop/products/" + product + "?lang=en");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"substore-name\">Night Shop<", "Open all night")
                .contains("¥12.00</p>")
                .as("the tier table marked up: 8.00 + 2.00")
                .contains("¥10.00</td>")
                .doesNotContain("¥8.00")
                .contains("action=\"/s/night-shop/checkout\"")
                .contains("formaction=\"/s/night-shop/products/" + product + "\"")
                .contains("data-quote-url=\"/api/s/night-shop/products/" + product + "/quote\"")
                .contains("name=\"coupon\"", "name=\"lookupPassword\"");
        assertThat(store.http()
                        .get("/s/night-shop/products/" + product + "?lang=zh-CN")
                        .body())
                .contains("分站商店", "¥12.00");
        assertThat(store.http().get("/products/" + product + "?lang=en").body())
                .as("the main store's cached page stays the main store's")
                .contains("¥8.00")
                .doesNotContain("Night Shop");

        // The listing links to it; the quote follows the quantity at the sub-store's tier price.
        assertThat(store.http().get("/s/night-shop/?lang=en").body())
                .contains("href=\"/s/night-shop/products/" + product + "\"");
        Http.Answer quote = store.http().get("/api/s/night-shop/products/" + product + "/quote?quantity=5");
        assertThat(quote.status()).isEqualTo(200);
        assertThat(quote.json().get("unitPrice").asLong()).isEqualTo(800 + MARKUP);
        assertThat(quote.json().get("amount").asLong()).isEqualTo(5 * (800 + MARKUP));
        assertThat(store.http()
                        .get("/api/s/no-such-shop/products/" + product + "/quote")
                        .status())
                .isEqualTo(404);
        assertThat(store.http().get("/s/night-shop/products/999999").status()).isEqualTo(404);

        // Without script, "update total" prices the quantity typed at the sub-store's tier.
        Http.Answer updated = form("/s/night-shop/products/" + product, "quantity=5&email=&channel=&coupon=", null);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).contains("¥50.00</strong>");
    }

    @Test
    void theSubStoreProductPageCheckoutAppliesTheCouponAndTheTierThroughTheSameUseCase() {
        markup(MARKUP);
        assertThat(store.http()
                        .adminPostJson("/api/admin/coupons", Map.of("code", "TENOFF", "amountOff", 100))
                        .status())
                .isEqualTo(201);

        Http.Answer bad = form(
                "/s/night-shop/checkout",
                "productId=" + product
                        + "&quantity=1&email=buyer%40example.com&channel=sandbox&coupon=NOPE&lookupPassword=",
                null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body())
                .as("refused on the sub-store's own product page, the form kept")
                .contains("id=\"substore-name\">Night Shop<", "value=\"NOPE\"", "action=\"/s/night-shop/checkout\"");
        assertThat(orderAmounts()).isEmpty();

        Http.Answer bought = form(
                "/s/night-shop/checkout",
                "productId=" + product
                        + "&quantity=1&email=buyer%40example.com&channel=sandbox&coupon=TENOFF"
                        + "&lookupPassword=horse-battery",
                null);
        assertThat(bought.status()).as(bought.body()).isBetween(200, 303);
        Http.Answer wholesale = form(
                "/s/night-shop/checkout",
                "productId=" + product + "&quantity=5&email=buyer%40example.com&channel=sandbox&coupon=",
                null);
        assertThat(wholesale.status()).as(wholesale.body()).isBetween(200, 303);
        // The merchant's coupon comes off the merchant's price; the reseller's markup is on top, per unit.
        assertThat(orderAmounts()).containsExactly(PRICE - 100 + MARKUP, 5 * (800 + MARKUP));
        long passwords = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM order_query_passwords")
                        .mapTo(Long.class)
                        .one());
        assertThat(passwords)
                .as("the lookup password typed on the sub-store page is kept (hashed) with the order")
                .isEqualTo(1);
    }

    @Test
    void anApprovedHostServesTheSubStoreAndAnyOtherHostTheMainStore() throws Exception {
        markup(MARKUP);
        assertThat(sendAs(cookie, "PUT", "/api/account/reseller", Map.of("host", "http://night.example/"))
                        .errorCode())
                .isEqualTo("invalid_host");
        assertThat(sendAs(cookie, "PUT", "/api/account/reseller", Map.of("host", "localhost"))
                        .errorCode())
                .isEqualTo("invalid_host");
        assertThat(sendAs(cookie, "PUT", "/api/account/reseller", Map.of("host", "127.0.0.1"))
                        .errorCode())
                .isEqualTo("invalid_host");
        Http.Answer asked = sendAs(cookie, "PUT", "/api/account/reseller", Map.of("host", "Night.Example."));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().get("host").asText()).isEqualTo("night.example");
        assertThat(asked.json().get("hostApproved").asBoolean()).isFalse();
        assertThat(accountPage("en"))
                .contains("value=\"night.example\"", "Waiting for the store owner", "store-host-help");
        assertThat(accountPage("zh-CN")).contains("等待店主批准");
        assertThat(rawGet("/?lang=en", "night.example"))
                .as("asked for, not yet approved by the merchant: the main store")
                .doesNotContain("substore-name");

        Http.Answer approved = store.http()
                .adminPutJson("/api/admin/resellers/" + resellerId + "/host", Map.of("host", "night.example"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("hostApproved").asBoolean()).isTrue();
        assertThat(store.http().adminGet("/api/admin/audit").body()).contains("reseller.host.approved");

        // The main store's home is cached first; the mapped host never gets it, nor the other way round.
        String mainHome = rawGet("/?lang=en", "localhost");
        assertThat(mainHome).doesNotContain("substore-name");
        String home = rawGet("/?lang=en", "night.example");
        assertThat(home)
                .contains(" 200 ")
                .contains("id=\"substore-name\">Night Shop<", "Open all night", "¥12.00")
                .contains("href=\"/products/" + product + "\"")
                .contains("action=\"/checkout\"")
                .contains("<link rel=\"canonical\" href=\"http://night.example/\">")
                .doesNotContain("/s/night-shop/");
        assertThat(rawGet("/?lang=en", "localhost")).doesNotContain("substore-name", "Open all night");
        assertThat(rawGet("/?lang=en", "NIGHT.EXAMPLE:80")).contains("id=\"substore-name\">Night Shop<");

        String productPage = rawGet("/products/" + product + "?lang=en", "night.example");
        assertThat(productPage)
                .contains("¥12.00</p>", "¥10.00</td>", "action=\"/checkout\"")
                .contains("formaction=\"/products/" + product + "\"");
        assertThat(rawGet("/products/" + product + "?lang=en", "localhost"))
                .contains("¥10.00</p>", "¥8.00</td>")
                .doesNotContain("Night Shop");

        // A host the store answers to but no sub-store has, and a forged one: the main store, never the sub-store.
        assertThat(rawGet("/?lang=en", "stranger.example")).contains(" 200 ").doesNotContain("substore-name");
        assertThat(rawGet("/products/" + product + "?lang=en", "evil.example"))
                .contains("¥10.00</p>")
                .doesNotContain("Night Shop");

        // An order placed at the mapped host's /checkout is the sub-store's, with the markup.
        String placed = rawPost(
                "/checkout",
                "night.example",
                "productId=" + product + "&quantity=1&email=buyer%40example.com&channel=sandbox&coupon=");
        assertThat(placed).containsAnyOf(" 303 ", " 200 ");
        assertThat(orderAmounts()).containsExactly(PRICE + MARKUP);

        // One sub-store per name.
        String other = store.signInBuyer(smtp, "other@example.com");
        assertThat(sendAs(other, "POST", "/api/account/reseller", Map.of("slug", "day-shop", "name", "Day"))
                        .status())
                .isEqualTo(201);
        assertThat(sendAs(other, "PUT", "/api/account/reseller", Map.of("host", "night.example"))
                        .errorCode())
                .isEqualTo("host_taken");

        // Approved but not on the store's allow-list: the store does not answer to it as the sub-store.
        assertThat(store.http()
                        .adminPutJson(
                                "/api/admin/resellers/" + resellerId + "/host", Map.of("host", "unlisted.example"))
                        .status())
                .isEqualTo(200);
        assertThat(rawGet("/?lang=en", "unlisted.example")).doesNotContain("substore-name");
        assertThat(rawGet("/?lang=en", "night.example"))
                .as("the old name serves the sub-store no more")
                .doesNotContain("substore-name");

        // A suspended reseller's host is the main store again.
        assertThat(store.http()
                        .adminPutJson("/api/admin/resellers/" + resellerId + "/host", Map.of("host", "night.example"))
                        .status())
                .isEqualTo(200);
        assertThat(rawGet("/?lang=en", "night.example")).contains("substore-name");
        assertThat(store.http()
                        .adminPostJson("/api/admin/resellers/" + resellerId + "/suspend", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(rawGet("/?lang=en", "night.example")).doesNotContain("substore-name");
    }

    private String accountPage(String lang) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/account/reseller?lang=" + lang))
                                .header("Cookie", cookie)
                                .GET(),
                        false)
                .body();
    }

    private void markup(long amount) {
        Http.Answer put = sendAs(
                cookie, "PUT", "/api/account/reseller/markups/" + product, Map.of("kind", "fixed", "amount", amount));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private List<Long> orderAmounts() {
        return store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery(
                                "SELECT o.amount FROM orders o JOIN reseller_orders r ON r.order_id = o.id ORDER BY o.id")
                        .mapTo(Long.class)
                        .list());
    }

    private Http.Answer sendAs(String cookie, String method, String path, Object body) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/json")
                                .method(method, HttpRequest.BodyPublishers.ofString(Http.toJson(body))),
                        false);
    }

    private Http.Answer form(String path, String body, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.http().uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return store.http().send(request, false);
    }

    /** A request under a Host of our choosing, which java.net.http will not send; HTTP/1.0, so never chunked. */
    private String rawGet(String path, String host) throws Exception {
        return raw("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n");
    }

    private String rawPost(String path, String host, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw("POST " + path + " HTTP/1.0\r\nHost: " + host
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bytes.length + "\r\n\r\n"
                + body);
    }

    private String raw(String request) throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket("localhost", store.app().port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.kamishop.reseller;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.admin.AdminClient;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.LedgerInvariants;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reseller's pages in both languages: applying and setting a markup in the buyer account, the merchant approving
 * on {@code /admin/resellers}, the sub-store page at its price (never the main store's cached page, nor the other way
 * round), and a sub-store checkout by form that places the merchant's order with the reseller's markup.
 */
class ResellerPagesTest {

    private static final String PASSWORD = "correct horse battery staple";

    GreenMail smtp;
    TestStore store;
    long product;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        store = TestStore.start();
        store.mailThrough(smtp.getSmtp().getPort());
        product = store.createProduct("Gift card", 1000, "CNY");
        store.importKeys(
                product, IntStream.range(0, 10).mapToObj(i -> "GIFT-" + i).toList());
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.hold(store.app().database());
        } finally {
            store.close();
            smtp.stop();
        }
    }

    @Test
    void aResellerAppliesTheMerchantApprovesAndTheSubStoreSellsAtItsOwnPriceThroughTheSameCheckout() throws Exception {
        String cookie = signIn("reseller@example.com");
        Http.Answer page = get("/account/reseller?lang=en", cookie);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"reseller-apply\"", "Apply to sell");
        assertThat(get("/account/reseller?lang=zh-CN", cookie).body()).contains("申请在自己的分站");

        Http.Answer applied = form("/account/reseller/apply", cookie, "slug=my-shop&name=My+Shop");
        assertThat(applied.status()).as(applied.body()).isEqualTo(303);
        assertThat(get("/account/reseller?lang=en", cookie).body()).contains("data-status=\"applied\"");

        // The merchant approves on the admin page (en and zh), through the same use case as the API.
        assertThat(store.http()
                        .adminPostJson("/api/admin/users", Map.of("username", "ops", "password", PASSWORD))
                        .status())
                .isEqualTo(201);
        AdminClient admin = new AdminClient(store.baseUrl());
        assertThat(admin.signIn("ops", PASSWORD).status()).isEqualTo(303);
        AdminClient.Page list = admin.get("/admin/resellers?lang=en");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("My Shop", "/s/my-shop/", "Applied");
        assertThat(admin.get("/admin/resellers?lang=zh-CN").body()).contains("分站", "已申请");
        long id = store.http()
                .adminGet("/api/admin/resellers")
                .json()
                .get("resellers")
                .get(0)
                .get("id")
                .asLong();
        AdminClient.Page approved = admin.submit("/admin/resellers", "/admin/resellers/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(303);
        assertThat(store.http()
                        .adminGet("/api/admin/resellers/" + id)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("approved");
        assertThat(store.http().adminGet("/api/admin/audit").body()).contains("reseller.approve");

        // The merchant sets (and so approves) the sub-store's host name on the same page, through the same use case
        // as PUT /api/admin/resellers/{id}/host: a name that is none is refused and changes nothing.
        AdminClient.Page badHost =
                admin.submit("/admin/resellers", "/admin/resellers/" + id + "/host", Map.of("host", "not a host!"));
        assertThat(badHost.status()).isEqualTo(422);
        assertThat(badHost.body()).contains("data-code=\"invalid_host\"");
        assertThat(store.http()
                        .adminGet("/api/admin/resellers/" + id)
                        .json()
                        .get("host")
                        .isNull())
                .isTrue();
        AdminClient.Page hosted = admin.submit(
                "/admin/resellers", "/admin/resellers/" + id + "/host", Map.of("host", "Shop.Reseller.Example"));
        assertThat(hosted.status()).as(hosted.body()).isEqualTo(303);
        com.fasterxml.jackson.databind.JsonNode withHost =
                store.http().adminGet("/api/admin/resellers/" + id).json();
        assertThat(withHost.get("host").asText()).isEqualTo("shop.reseller.example");
        assertThat(withHost.get("hostApproved").asBoolean()).isTrue();
        assertThat(admin.get("/admin/resellers?lang=en").body())
                .contains("<code>shop.reseller.example</code>", "data-host-approved=\"true\"");
        assertThat(admin.get("/admin/resellers?lang=zh-CN").body()).contains("已批准");
        assertThat(store.http().adminGet("/api/admin/audit").body()).contains("reseller.host.approved");

        // Below the merchant's price is refused on the page too; 2.50 more is taken.
        Http.Answer below =
                form("/account/reseller/markups", cookie, "productId=" + product + "&kind=price&amount=9.00");
        assertThat(below.status()).isEqualTo(422);
        assertThat(below.body()).contains("data-code=\"price_below_merchant\"");
        assertThat(form("/account/reseller/markups", cookie, "productId=" + product + "&kind=fixed&amount=2.50")
                        .status())
                .isEqualTo(303);
        assertThat(form("/account/reseller/store", cookie, "name=My+Shop&announcement=Open+all+night&theme=")
                        .status())
                .isEqualTo(303);

        // The main store's page is cached first; the sub-store's page is its own, and the main one stays the main one.
        String home = store.http().get("/?lang=en").body();
        assertThat(home).doesNotContain("Open all night");
        Http.Answer sub = store.http().get("/s/my-shop/?lang=en");
        assertThat(sub.status()).isEqualTo(200);
        assertThat(sub.body())
                .contains("id=\"substore-name\">My Shop<", "Open all night", "12.50")
                .doesNotContain("id=\"substore-price-" + product + "\">¥10.00");
        assertThat(store.http().get("/s/my-shop/?lang=zh-CN").body()).contains("分站商店");
        assertThat(store.http().get("/?lang=en").body())
                .doesNotContain("Open all night")
                .doesNotContain("substore-name");
        // The product pages likewise: the main one cached first, the sub-store's its own, the main one unchanged.
        assertThat(store.http().get("/products/" + product + "?lang=en").body())
                .contains("¥10.00")
                .doesNotContain("substore-name");
        assertThat(store.http()
                        .get("/s/my-shop/products/" + product + "?lang=en")
                        .body())
                .contains("id=\"substore-name\">My Shop<", "Open all night", "¥12.50")
                .doesNotContain("¥10.00");
        assertThat(store.http().get("/products/" + product + "?lang=en").body())
                .contains("¥10.00")
                .doesNotContain("Open all night", "substore-name");

        Http.Answer bought = store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/s/my-shop/checkout"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("productId=" + product
                                        + "&quantity=1&email=buyer%40example.com&channel=sandbox")),
                        false);
        assertThat(bought.status()).as(bought.body()).isBetween(200, 303);
        long amount = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery(
                                "SELECT o.amount FROM orders o JOIN reseller_orders r ON r.order_id = o.id WHERE r.markup = 250")
                        .mapTo(Long.class)
                        .one());
        assertThat(amount).isEqualTo(1250);

        // Suspended: the sub-store is gone from the web.
        assertThat(store.http()
                        .adminPostJson("/api/admin/resellers/" + id + "/suspend", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(store.http().get("/s/my-shop/?lang=en").status()).isEqualTo(404);
        assertThat(get("/account/reseller?lang=en", cookie).body())
                .contains("data-status=\"suspended\"", "reseller-orders");
    }

    private Http.Answer get(String path, String cookie) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .GET(),
                        false);
    }

    private Http.Answer form(String path, String cookie, String body) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        false);
    }

    private String signIn(String email) throws Exception {
        return store.signInBuyer(smtp, email);
    }
}

package io.kamishop.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.admin.AdminClient;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One policy behind every door (CONTRACT "v2 additions"): each buyer action driven through the JSON
 * API and through the HTML form gives the same outcome and the same refusal, with the same status;
 * the merchant's pricing rules set through the admin pages (signed-in session, CSRF token) are the
 * rules the API reads back and every door applies.
 */
class DoorParityTest {

    private static final Pattern AMOUNT = Pattern.compile("[?&]amount=(\\d+)");

    /** The buyer API's answer to placing an order. */
    private static Http.Answer api(TestStore store, long product, int quantity, String email, String coupon) {
        Map<String, Object> body =
                new HashMap<>(Map.of("productId", product, "quantity", quantity, "email", email, "channel", "sandbox"));
        if (coupon != null) {
            body.put("coupon", coupon);
        }
        return store.http().postJson("/api/orders", body);
    }

    /** The storefront's answer to the same order, posted as the themed checkout form. */
    private static AdminClient.Page form(TestStore store, long product, int quantity, String email, String coupon) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("productId", String.valueOf(product));
        fields.put("quantity", String.valueOf(quantity));
        fields.put("email", email);
        fields.put("channel", "sandbox");
        fields.put("coupon", coupon == null ? "" : coupon);
        fields.put("lookupPassword", "");
        return new AdminClient(store.baseUrl())
                .header("User-Agent", "parity-browser/1.0")
                .postForm("/checkout", fields);
    }

    private static long product(TestStore store, String name, long price, int keys) {
        long id = store.createProduct(name, price, "CNY");
        if (keys > 0) {
            store.importKeys(
                    id,
                    java.util.stream.IntStream.range(0, keys)
                            .mapToObj(i -> name + "-KEY-" + i)
                            .toList());
        }
        return id;
    }

    private static long reserved(TestStore store, long product) {
        return store.stock(product).get("reserved").asLong();
    }

    private static long formAmount(AdminClient.Page placed) {
        assertThat(placed.status()).as(placed.body()).isEqualTo(303);
        Matcher m = AMOUNT.matcher(placed.header("Location"));
        assertThat(m.find()).as(placed.header("Location")).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void bothDoorsPlaceTheSameOrderWithTiersAndCoupon() {
        try (TestStore store = TestStore.start()) {
            long id = product(store, "Tiered", 1000, 40);
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/products/" + id + "/pricing",
                                    Map.of("tiers", List.of(Map.of("minQuantity", 10, "unitPrice", 800))))
                            .status())
                    .isEqualTo(200);
            assertThat(store.http()
                            .adminPostJson("/api/admin/coupons", Map.of("code", "TENOFF", "percentOff", 10))
                            .status())
                    .isEqualTo(201);

            Http.Answer byApi = api(store, id, 10, "a@example.com", "TENOFF");
            assertThat(byApi.status()).as(byApi.body()).isEqualTo(201);
            long byForm = formAmount(form(store, id, 10, "b@example.com", "TENOFF"));
            assertThat(byApi.json().get("amount").asLong()).isEqualTo(7200).isEqualTo(byForm);
            assertThat(reserved(store, id)).isEqualTo(20);
            // The themed checkout shows the tier it priced with.
            assertThat(store.http().get("/products/" + id).body())
                    .contains("id=\"tiers\"")
                    .contains("data-min=\"10\"")
                    .contains("name=\"coupon\"")
                    .contains("name=\"lookupPassword\"");
        }
    }

    @Test
    void anInvalidCouponIsRefused422AtBothDoors() {
        try (TestStore store = TestStore.start()) {
            long id = product(store, "Coupons", 500, 5);
            Http.Answer byApi = api(store, id, 1, "a@example.com", "NOSUCHCODE");
            AdminClient.Page byForm = form(store, id, 1, "a@example.com", "NOSUCHCODE");
            assertThat(byApi.status()).isEqualTo(422);
            assertThat(byApi.errorCode()).isEqualTo("invalid_coupon");
            assertThat(byForm.status()).isEqualTo(byApi.status());
            assertThat(byForm.body()).contains("That coupon code is not valid").contains("value=\"NOSUCHCODE\"");
            assertThat(reserved(store, id)).isZero();
        }
    }

    @Test
    void outOfStockAndSoldOutAreRefused409AtBothDoors() {
        try (TestStore store = TestStore.start()) {
            long id = product(store, "Scarce", 300, 1);
            Http.Answer tooManyApi = api(store, id, 2, "a@example.com", null);
            AdminClient.Page tooManyForm = form(store, id, 2, "a@example.com", null);
            assertThat(tooManyApi.status()).isEqualTo(409);
            assertThat(tooManyApi.errorCode()).isEqualTo("out_of_stock");
            assertThat(tooManyForm.status()).isEqualTo(409);
            assertThat(tooManyForm.body()).contains("Not enough keys in stock");

            // Sell the last key, then both doors say sold out alike.
            Http.Answer last = api(store, id, 1, "a@example.com", null);
            assertThat(store.notifySandbox(last.json().get("orderNo").asText(), 300, "parity-sold")
                            .status())
                    .isEqualTo(200);
            assertThat(store.stock(id).get("sold").asLong()).isEqualTo(1);
            Http.Answer soldOutApi = api(store, id, 1, "b@example.com", null);
            AdminClient.Page soldOutForm = form(store, id, 1, "b@example.com", null);
            assertThat(soldOutApi.status()).isEqualTo(409);
            assertThat(soldOutApi.errorCode()).isEqualTo("out_of_stock");
            assertThat(soldOutForm.status()).isEqualTo(409);
            assertThat(reserved(store, id)).isZero();
        }
    }

    @Test
    void aRiskBlockIsRefused403AtBothDoorsAndReservesNothing() {
        try (TestStore store = TestStore.start()) {
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/risk-basic/config",
                                    Map.of("mode", "enforce", "blockedEmails", List.of("*@spam.example")))
                            .status())
                    .isEqualTo(200);
            long id = product(store, "Guarded", 300, 3);
            Http.Answer byApi = api(store, id, 1, "x@spam.example", null);
            AdminClient.Page byForm = form(store, id, 1, "y@spam.example", null);
            assertThat(byApi.status()).isEqualTo(403);
            assertThat(byApi.errorCode()).isEqualTo("risk_blocked");
            assertThat(byForm.status()).isEqualTo(403);
            assertThat(byForm.body()).contains("We cannot accept this order");
            assertThat(reserved(store, id)).isZero();
            JsonNode decisions =
                    store.http().adminGet("/api/admin/risk/decisions?limit=10").json();
            assertThat(decisions)
                    .filteredOn(d -> d.get("decision").asText().equals("block"))
                    .hasSize(2);
        }
    }

    @Test
    void thePerAddressOrderLimitCountsBothDoorsAndRefuses429AtEach() {
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_RATE_ORDERS_PER_MINUTE", "2").start()) {
            long id = product(store, "Limited", 100, 10);
            assertThat(form(store, id, 1, "a@example.com", null).status()).isEqualTo(303);
            assertThat(api(store, id, 1, "a@example.com", null).status()).isEqualTo(201);
            Http.Answer byApi = api(store, id, 1, "a@example.com", null);
            AdminClient.Page byForm = form(store, id, 1, "a@example.com", null);
            assertThat(byApi.status()).isEqualTo(429);
            assertThat(byApi.errorCode()).isEqualTo("rate_limited");
            assertThat(byForm.status()).isEqualTo(429);
            assertThat(byForm.header("Retry-After")).isNotBlank();
            assertThat(byForm.body()).contains("Too many orders in a short time");
            assertThat(reserved(store, id)).isEqualTo(2);
        }
    }

    @Test
    void wrongLookupTokensAreThrottled429OnTheApiTheOrderPageAndTheLookupPage() {
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_RATE_LOOKUP_FAILURES_PER_10_MINUTES", "3")
                .start()) {
            long id = product(store, "Secret", 100, 2);
            Http.Answer placed = api(store, id, 1, "a@example.com", null);
            String orderNo = placed.json().get("orderNo").asText();
            String token = placed.json().get("lookupToken").asText();
            AdminClient browser = new AdminClient(store.baseUrl());
            // Wrong guesses on the HTML pages count like the API's...
            assertThat(browser.get("/orders/" + orderNo + "?token=wrong-1").status())
                    .isEqualTo(404);
            assertThat(browser.get("/lookup?orderNo=" + orderNo + "&token=wrong-2")
                            .status())
                    .isEqualTo(404);
            assertThat(store.http()
                            .get("/api/orders/" + orderNo + "?token=wrong-3")
                            .status())
                    .isEqualTo(404);
            // ...and once over the limit, every door refuses, even the right token.
            Http.Answer apiAfter = store.http().get("/api/orders/" + orderNo + "?token=" + token);
            assertThat(apiAfter.status()).isEqualTo(429);
            assertThat(apiAfter.errorCode()).isEqualTo("rate_limited");
            assertThat(browser.get("/orders/" + orderNo + "?token=" + token).status())
                    .isEqualTo(429);
            assertThat(browser.get("/orders/" + orderNo + "/keys.txt?token=" + token)
                            .status())
                    .isEqualTo(429);
            AdminClient.Page lookupAfter = browser.get("/lookup?orderNo=" + orderNo + "&token=" + token);
            assertThat(lookupAfter.status()).isEqualTo(429);
            assertThat(lookupAfter.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void pricingSetOnTheAdminPagesIsWhatTheApiReadsAndBothDoorsApply() {
        try (TestStore store = TestStore.start()) {
            long id = product(store, "Wholesale", 1000, 30);
            store.http()
                    .adminPostJson(
                            "/api/admin/users", Map.of("username", "merchant", "password", "parity admin password"));
            AdminClient admin = new AdminClient(store.baseUrl());
            assertThat(admin.signIn("merchant", "parity admin password").status())
                    .isEqualTo(303);
            String pricingPage = "/admin/products/" + id + "/pricing";
            // Without the CSRF token: refused, nothing stored.
            assertThat(admin.postForm(pricingPage, Map.of("minQuantity", "1", "tiers", "5 9.00"))
                            .status())
                    .isEqualTo(403);
            assertThat(store.http()
                            .adminGet(pricingPage.replace("/admin/", "/api/admin/"))
                            .json()
                            .get("tiers"))
                    .isEmpty();
            // A form the service refuses is refused with the API's status, and stores nothing.
            AdminClient.Page bad = admin.submit(
                    pricingPage,
                    pricingPage,
                    Map.of("minQuantity", "0", "maxQuantity", "", "perBuyerLimit", "", "tiers", ""));
            Http.Answer badApi =
                    store.http().adminPutJson("/api/admin/products/" + id + "/pricing", Map.of("minQuantity", 0));
            assertThat(bad.status()).isEqualTo(badApi.status()).isEqualTo(422);

            AdminClient.Page saved = admin.submit(
                    pricingPage,
                    pricingPage,
                    Map.of("minQuantity", "1", "maxQuantity", "", "perBuyerLimit", "6", "tiers", "5 9.00"));
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            JsonNode rules = store.http()
                    .adminGet("/api/admin/products/" + id + "/pricing")
                    .json();
            assertThat(rules.get("perBuyerLimit").asInt()).isEqualTo(6);
            assertThat(rules.get("tiers").get(0).get("minQuantity").asInt()).isEqualTo(5);
            assertThat(rules.get("tiers").get(0).get("unitPrice").asLong()).isEqualTo(900);

            assertThat(api(store, id, 5, "same@example.com", null)
                            .json()
                            .get("amount")
                            .asLong())
                    .isEqualTo(4500);
            // The per-buyer limit (6 per email) holds at the other door for the same buyer.
            AdminClient.Page overLimit = form(store, id, 2, "same@example.com", null);
            Http.Answer overLimitApi = api(store, id, 2, "same@example.com", null);
            assertThat(overLimitApi.status()).isEqualTo(422);
            assertThat(overLimitApi.errorCode()).isEqualTo("purchase_limit");
            assertThat(overLimit.status()).isEqualTo(422);
            assertThat(overLimit.body()).contains("the most this shop sells of this product to one buyer");

            // A coupon made on the admin page is taken by the form door; one made by the API, by the API.
            assertThat(admin.submit(
                                    "/admin/coupons",
                                    "/admin/coupons",
                                    Map.of(
                                            "code",
                                            "PAGE5",
                                            "kind",
                                            "amount",
                                            "value",
                                            "5.00",
                                            "currency",
                                            "CNY",
                                            "maxUses",
                                            "",
                                            "productId",
                                            "",
                                            "expiresAt",
                                            ""))
                            .status())
                    .isEqualTo(303);
            assertThat(admin.get("/admin/coupons").body()).contains("id=\"coupon-PAGE5\"");
            assertThat(formAmount(form(store, id, 1, "other@example.com", "PAGE5")))
                    .isEqualTo(500);
            AdminClient.Page badCoupon = admin.submit(
                    "/admin/coupons",
                    "/admin/coupons",
                    Map.of(
                            "code",
                            "bad code!",
                            "kind",
                            "percent",
                            "value",
                            "10",
                            "currency",
                            "",
                            "maxUses",
                            "",
                            "productId",
                            "",
                            "expiresAt",
                            ""));
            Http.Answer badCouponApi =
                    store.http().adminPostJson("/api/admin/coupons", Map.of("code", "bad code!", "percentOff", 10));
            assertThat(badCoupon.status()).isEqualTo(badCouponApi.status()).isEqualTo(422);
            assertThat(admin.get("/admin/coupons?lang=zh-CN").body()).contains("新建优惠码");
        }
    }
}

package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Channel fees and limits behind every door: the order API, the storefront form, the quote, the payment
 * check and the refund all see the same fee, and a channel whose limits exclude an order is neither
 * offered nor accepted.
 */
class ChannelFeesAndLimitsTest {

    private static final Pattern SANDBOX_CASHIER = Pattern.compile("orderNo=(\\d+)&amount=(\\d+).*&t=([^&]+)");

    private static List<String> keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static Http.Answer order(TestStore store, long product, int quantity) {
        return store.order(product, quantity);
    }

    private static void settings(TestStore store, Map<String, Object> values) {
        Http.Answer saved = store.http().adminPutJson("/api/admin/settings", values);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    private static Http.Answer page(TestStore store, String path, String language) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri(path))
                                .GET()
                                .header("Accept", "text/html")
                                .header("Accept-Language", language),
                        false);
    }

    private static Http.Answer form(TestStore store, String body, String language) {
        return store.http()
                .send(
                        HttpRequest.newBuilder(store.http().uri("/checkout"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Accept", "text/html")
                                .header("Accept-Language", language)
                                .POST(HttpRequest.BodyPublishers.ofString(body)),
                        false);
    }

    @Test
    void theFeeIsAddedToTheAmountRecordedOnTheOrderAndShownToBuyerAndMerchant() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, keys("fee", 5));
            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("percent", 2.5, "fixed", 30))));

            Http.Answer placed = order(store, product, 2);

            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            assertThat(placed.json().get("fee").asLong())
                    .as("2.5% of 2000 + 30")
                    .isEqualTo(80);
            assertThat(placed.json().get("amount").asLong()).isEqualTo(2080);
            String orderNo = placed.json().get("orderNo").asText();
            String token = placed.json().get("lookupToken").asText();
            JsonNode admin =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(admin.get("amount").asLong()).isEqualTo(2080);
            assertThat(admin.get("fee").asLong()).isEqualTo(80);
            JsonNode buyer = store.http()
                    .get("/api/orders/" + orderNo + "?token=" + token)
                    .json();
            assertThat(buyer.get("fee").asLong()).isEqualTo(80);
            assertThat(store.http()
                            .openOrder("/orders/" + orderNo + "?token=" + token, "Accept-Language", "en")
                            .body())
                    .contains("CN¥20.80")
                    .contains("includes a payment fee of CN¥0.80");
            assertThat(store.http()
                            .openOrder("/orders/" + orderNo + "?token=" + token, "Accept-Language", "zh-CN")
                            .body())
                    .contains("¥20.80")
                    .contains("含支付手续费 ¥0.80");
        }
    }

    @Test
    void theFeeIsShownBeforePayingInTheQuoteAndNextToTheChannelInBothLanguages() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 990, "CNY");
            store.importKeys(product, keys("quote", 5));
            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("percent", 2.5))));

            JsonNode quote = store.http()
                    .get("/api/products/" + product + "/quote?quantity=1")
                    .json();
            assertThat(quote.get("amount").asLong()).isEqualTo(990);
            JsonNode sandbox = quote.get("channels").get(0);
            assertThat(sandbox.get("id").asText()).isEqualTo("sandbox");
            assertThat(sandbox.get("fee").asLong()).as("24.75 rounds half-up").isEqualTo(25);
            assertThat(sandbox.get("amount").asLong()).isEqualTo(1015);
            assertThat(store.http()
                            .get("/api/products/" + product + "/quote?quantity=lots")
                            .status())
                    .isEqualTo(400);

            assertThat(page(store, "/products/" + product, "en").body()).contains("+ CN¥0.25 fee, CN¥10.15 in total");
            assertThat(page(store, "/products/" + product, "zh-CN").body()).contains("手续费 ¥0.25，合计 ¥10.15");
            Http.Answer placed = order(store, product, 1);
            assertThat(placed.json().get("amount").asLong())
                    .as("the order asks what the quote said")
                    .isEqualTo(1015);
        }
    }

    @Test
    void aFeeChangeAfterPlacingLeavesThePlacedOrderAlone() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, keys("change", 5));
            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("fixed", 50))));
            Http.Answer placed = order(store, product, 1);
            String orderNo = placed.json().get("orderNo").asText();

            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("percent", 10, "fixed", 0))));

            JsonNode stored =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(stored.get("amount").asLong()).isEqualTo(1050);
            assertThat(stored.get("fee").asLong()).isEqualTo(50);
            assertThat(store.notifySandbox(orderNo, 1050, "change-1").status()).isEqualTo(200);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("delivered");
            assertThat(order(store, product, 1).json().get("fee").asLong())
                    .as("new orders take the new fee")
                    .isEqualTo(100);
        }
    }

    @Test
    void aPaymentOfTheAmountWithoutTheFeeDoesNotPayAndTheRefundGivesBackTheFeeToo() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, keys("short", 5));
            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("percent", 2.5, "fixed", 30))));
            Http.Answer placed = order(store, product, 2);
            String orderNo = placed.json().get("orderNo").asText();

            Http.Answer withoutFee = store.notifySandbox(orderNo, 2000, "short-1");

            assertThat(withoutFee.status()).isEqualTo(422);
            assertThat(withoutFee.errorCode()).isEqualTo("amount_mismatch");
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("pending");
            assertThat(store.stock(product).get("sold").asInt()).isZero();

            assertThat(store.notifySandbox(orderNo, 2080, "short-2").status()).isEqualTo(200);
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("delivered");
            Http.Answer refund =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "test"));
            assertThat(refund.status()).as(refund.body()).isEqualTo(200);
            assertThat(refund.json().get("amount").asLong())
                    .as("what was paid, fee included")
                    .isEqualTo(2080);
        }
    }

    @Test
    void aChannelOutsideItsLimitsIsNotOfferedAndRefusedOnTheApiAndTheStorefrontForm() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, keys("limit", 10));
            // The limit is on what the buyer pays through the channel: 2 x 1000 + 5% = 2100 is over 2050.
            settings(
                    store,
                    Map.of(
                            "channelFees",
                            Map.of("sandbox", Map.of("percent", 5)),
                            "channelLimits",
                            Map.of("sandbox", Map.of("min", 500, "max", 2050))));

            assertThat(store.http()
                            .get("/api/products/" + product + "/quote?quantity=1")
                            .json()
                            .get("channels"))
                    .hasSize(1);
            assertThat(store.http()
                            .get("/api/products/" + product + "/quote?quantity=2")
                            .json()
                            .get("channels"))
                    .isEmpty();
            Http.Answer tooMuch = order(store, product, 2);
            assertThat(tooMuch.status()).isEqualTo(422);
            assertThat(tooMuch.errorCode()).isEqualTo("channel_amount_out_of_range");
            assertThat(store.stock(product).get("reserved").asInt())
                    .as("a refused order holds nothing")
                    .isZero();
            assertThat(order(store, product, 1).status()).isEqualTo(201);

            Http.Answer english =
                    form(store, "productId=" + product + "&email=a%40example.com&quantity=2&channel=sandbox", "en");
            assertThat(english.status())
                    .as("the API's status for the same refusal")
                    .isEqualTo(422);
            assertThat(english.body())
                    .contains("That payment method does not take an order of this amount")
                    .doesNotContain("value=\"sandbox\"");
            Http.Answer chinese =
                    form(store, "productId=" + product + "&email=a%40example.com&quantity=2&channel=sandbox", "zh-CN");
            assertThat(chinese.status()).isEqualTo(422);
            assertThat(chinese.body()).contains("该支付方式不支持此订单金额");
            assertThat(store.stock(product).get("reserved").asInt()).isEqualTo(1);
            Http.Answer accepted =
                    form(store, "productId=" + product + "&email=a%40example.com&quantity=1&channel=sandbox", "en");
            assertThat(accepted.status()).isEqualTo(303);

            assertThat(page(store, "/products/" + product, "en").body()).contains("value=\"sandbox\"");
            settings(store, Map.of("channelLimits", Map.of("sandbox", Map.of("min", 5000))));
            assertThat(page(store, "/products/" + product, "en").body())
                    .doesNotContain("value=\"sandbox\"")
                    .contains("No payment method is available");
            assertThat(order(store, product, 1).errorCode()).isEqualTo("channel_amount_out_of_range");
            assertThat(order(store, product, 5).status())
                    .as("5 x 1000 + 5% is within")
                    .isEqualTo(201);
        }
    }

    @Test
    void invalidChannelSettingsAreRefusedWith422AndChangeNothing() {
        try (TestStore store = TestStore.start()) {
            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("fixed", 10))));
            List<Map<String, Object>> bad = List.of(
                    Map.of("channelFees", Map.of("sandbox", Map.of("percent", -1))),
                    Map.of("channelFees", Map.of("sandbox", Map.of("percent", 101))),
                    Map.of("channelFees", Map.of("sandbox", Map.of("fixed", -5))),
                    Map.of("channelFees", Map.of("sandbox", Map.of("fixed", 2.5))),
                    Map.of("channelFees", Map.of("sandbox", Map.of("rate", 2))),
                    Map.of("channelFees", Map.of("sandbox", "2.5%")),
                    Map.of("channelFees", "{not json"),
                    Map.of("channelFees", List.of(1, 2)),
                    Map.of("channelLimits", Map.of("sandbox", Map.of("min", 100, "max", 10))),
                    Map.of("channelLimits", Map.of("sandbox", Map.of("max", "lots"))),
                    // All or nothing: the valid storeName is not stored either.
                    Map.of("storeName", "Changed", "channelLimits", Map.of("sandbox", Map.of("min", -1))));
            for (Map<String, Object> body : bad) {
                Http.Answer refused = store.http().adminPutJson("/api/admin/settings", body);
                assertThat(refused.status()).as(body.toString()).isEqualTo(422);
                assertThat(refused.errorCode()).isEqualTo("invalid_settings");
            }
            JsonNode now = store.http().adminGet("/api/admin/settings").json();
            assertThat(now.get("channelFees").get("sandbox").get("fixed").asLong())
                    .isEqualTo(10);
            assertThat(now.get("channelLimits").isObject()).isTrue();
            assertThat(now.get("channelLimits").size()).isZero();
            assertThat(now.get("storeName").asText()).isNotEqualTo("Changed");

            // A JSON object given as a string is taken too, as a config file would hold it.
            settings(store, Map.of("channelLimits", "{\"sandbox\": {\"max\": 100000}}"));
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("channelLimits")
                            .get("sandbox")
                            .get("max")
                            .asLong())
                    .isEqualTo(100000);
        }
    }

    @Test
    void theStorefrontCheckoutChargesTheFeeShownNextToTheChannel() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, keys("form", 5));
            settings(store, Map.of("channelFees", Map.of("sandbox", Map.of("fixed", 30))));

            Http.Answer checkout =
                    form(store, "productId=" + product + "&email=b%40example.com&quantity=1&channel=sandbox", "en");

            assertThat(checkout.status()).isEqualTo(303);
            Matcher cashier = SANDBOX_CASHIER.matcher(checkout.header("Location"));
            assertThat(cashier.find()).as(checkout.header("Location")).isTrue();
            assertThat(cashier.group(2))
                    .as("the gateway is asked for the amount with the fee")
                    .isEqualTo("1030");
            Http.Answer paid = store.http()
                    .send(
                            HttpRequest.newBuilder(store.http().uri("/pay/sandbox/pay"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("orderNo=" + cashier.group(1) + "&amount="
                                            + cashier.group(2) + "&t=" + cashier.group(3))),
                            false);
            assertThat(paid.status()).isEqualTo(303);
            JsonNode order = store.http()
                    .adminGet("/api/admin/orders/" + cashier.group(1))
                    .json();
            assertThat(order.get("status").asText()).isEqualTo("delivered");
            assertThat(order.get("amount").asLong()).isEqualTo(1030);
            assertThat(order.get("fee").asLong()).isEqualTo(30);
        }
    }
}

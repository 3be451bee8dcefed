package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.plugins.epay.FakeEpay;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled EPay plugin inside a real store, configured through the admin API, against a local
 * aggregator that signs as the real one: each enabled type is its own choice ({@code epay-alipay},
 * {@code epay-wxpay}), and all their notifications arrive at {@code /api/payments/epay/notify}.
 */
class EpayEndToEndTest {

    MutableClock clock = MutableClock.now();
    FakeEpay epay = new FakeEpay(clock, 1);
    TestStore store;
    long productId;

    @BeforeEach
    void start() {
        // The fake listens on 127.0.0.1, which the store's outbound guard refuses unless told otherwise.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close(); // no background passes: each test runs its passes when it says so
        productId = store.createProduct("EPay game", 990, "CNY");
        store.importKeys(productId, List.of("KEY-E1", "KEY-E2", "KEY-E3"));
        configure("mapi");
    }

    @AfterEach
    void stop() {
        store.close();
        epay.close();
    }

    void configure(String mode) {
        Http.Answer configured = store.http()
                .adminPutJson("/api/admin/plugins/payment-epay/config", epay.pluginConfig(mode, "alipay\nwxpay"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    JsonNode order(String channel) {
        Http.Answer answer = store.http()
                .postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                productId,
                                "quantity",
                                1,
                                "email",
                                "buyer@example.com",
                                "channel",
                                channel));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    /** EPay's notification: a GET with the signed fields in the query string. */
    Http.Answer notifyGet(Map<String, String> params) {
        return store.http().get("/api/payments/epay/notify?" + FakeEpay.query(params));
    }

    JsonNode lookup(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    JsonNode admin(String orderNo) {
        return store.http().adminGet("/api/admin/orders/" + orderNo).json();
    }

    @Test
    void eachEnabledTypeIsItsOwnChoiceAndTheChannelItselfIsNot() {
        assertThat(store.http().get("/api/channels").json().findValuesAsText("id"))
                .contains("epay-alipay", "epay-wxpay")
                .doesNotContain("epay", "epay-qqpay");
        Http.Answer bare = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", productId, "quantity", 1, "email", "buyer@example.com", "channel", "epay"));
        Http.Answer disabled = store.http()
                .postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                productId,
                                "quantity",
                                1,
                                "email",
                                "buyer@example.com",
                                "channel",
                                "epay-qqpay"));
        assertThat(List.of(bare.errorCode(), disabled.errorCode())).containsOnly("channel_unavailable");
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);

        JsonNode config =
                store.http().adminGet("/api/admin/plugins/payment-epay/config").json();
        assertThat(config.at("/values/key").asText()).isEqualTo("********");

        String page = store.http().get("/products/" + productId).body();
        assertThat(page)
                .contains("value=\"epay-alipay\"")
                .contains("Alipay 支付宝")
                .contains("value=\"epay-wxpay\"")
                .contains("WeChat Pay 微信支付");
    }

    @Test
    void aGetNotificationDeliversExactlyOnceAndIsAnsweredSuccess() {
        JsonNode order = order("epay-alipay");
        String orderNo = order.get("orderNo").asText();
        assertThat(order.get("channel").asText()).isEqualTo("epay-alipay");
        assertThat(order.at("/payment/redirectUrl").asText()).contains("/pay/epay/qr?");
        assertThat(epay.calls("/mapi.php"))
                .singleElement()
                .satisfies(c -> assertThat(c.params()).containsEntry("type", "alipay"));
        URI cashier = URI.create(order.at("/payment/redirectUrl").asText());
        Http.Answer page = store.http().get(cashier.getRawPath() + "?" + cashier.getRawQuery());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<svg").contains("9.90 CNY").contains(orderNo);

        FakeEpay.Trade trade = epay.pay(orderNo);
        Map<String, String> notification = epay.notification(orderNo);
        Http.Answer first = notifyGet(notification);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("success");
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // EPay retries until it reads "success", and some clones POST the form instead: one payment.
        assertThat(notifyGet(notification).body()).isEqualTo("success");
        Http.Answer posted = store.http()
                .postRaw(
                        "/api/payments/epay/notify",
                        FakeEpay.query(notification).getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/x-www-form-urlencoded");
        assertThat(posted.status()).isEqualTo(200);

        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(admin(orderNo).get("notifications")).hasSize(1);
        assertThat(admin(orderNo).at("/notifications/0/tradeNo").asText()).isEqualTo(trade.tradeNo);
    }

    @Test
    void forgedTamperedForeignAndUnderpaidNotificationsChangeNothing() {
        JsonNode order = order("epay-wxpay");
        String orderNo = order.get("orderNo").asText();
        epay.pay(orderNo);
        Map<String, String> genuine = epay.notification(orderNo);

        Map<String, String> tampered = new LinkedHashMap<>(genuine);
        tampered.put("money", "0.01");
        Map<String, String> foreign = new LinkedHashMap<>(genuine);
        foreign.put("pid", "1002");
        Map<String, String> cheap = new LinkedHashMap<>(genuine);
        cheap.put("money", "9.89");
        Map<String, String> precise = new LinkedHashMap<>(genuine);
        precise.put("money", "9.900001");

        Http.Answer forged = notifyGet(FakeEpay.signMd5(genuine, "someone-elses-key-0123456789abcd"));
        Http.Answer changed = notifyGet(tampered);
        Http.Answer otherMerchant = notifyGet(epay.sign(foreign));
        Http.Answer tooPrecise = notifyGet(epay.sign(precise));
        Http.Answer unsigned = store.http().get("/api/payments/epay/notify");
        Http.Answer underpaid = notifyGet(epay.sign(cheap)); // signed by the aggregator, but not the order's amount

        assertThat(List.of(
                        forged.status(),
                        changed.status(),
                        otherMerchant.status(),
                        tooPrecise.status(),
                        unsigned.status()))
                .containsOnly(400);
        assertThat(underpaid.status()).isEqualTo(422);
        assertThat(List.of(forged.body(), underpaid.body())).noneMatch("success"::equals);
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        assertThat(store.stock(productId).get("sold").asInt()).isZero();
        assertThat(admin(orderNo).get("notifications")).isEmpty();
    }

    @Test
    void aNotificationAfterTheOrderExpiredKeepsTheMoneyForRefundAndGivesNoKeys() {
        JsonNode order = order("epay-alipay");
        String orderNo = order.get("orderNo").asText();
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("expired");

        epay.pay(orderNo); // the buyer paid the QR code late; the notification comes after the hold ran out
        assertThat(notifyGet(epay.notification(orderNo)).body()).isEqualTo("success");

        assertThat(lookup(order).get("status").asText()).isEqualTo("refund_pending");
        assertThat(lookup(order).has("keys")).isFalse();
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);
    }

    @Test
    void theReconcilerSettlesAPaymentWhoseNotificationWasLostOnceTheAggregatorAnswersAgain() {
        JsonNode order = order("epay-wxpay");
        String orderNo = order.get("orderNo").asText();
        long orderId = store.app().orders().require(orderNo).id();
        epay.pay(orderNo);

        epay.behaviour = FakeEpay.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        epay.behaviour = FakeEpay.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        assertThat(store.app().reconciler().reconcileDue().settled()).isEqualTo(1);
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // The notification the aggregator kept retrying finally gets through: a replay, answered success.
        assertThat(notifyGet(epay.notification(orderNo)).body()).isEqualTo("success");
        clock.advance(Duration.ofMinutes(10));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(admin(orderNo).get("notifications")).hasSize(1);
    }

    @Test
    void aHangingAggregatorLeavesTheOrderPendingAndTheBuyerCanTryAgain() {
        epay.behaviour = FakeEpay.Behaviour.HANG;
        JsonNode order = order("epay-alipay"); // waits out the plugin's 10-second time-out

        assertThat(order.at("/payment/status").asText()).isEqualTo("unavailable");
        assertThat(order.get("status").asText()).isEqualTo("pending");
        assertThat(store.stock(productId).get("reserved").asInt()).isEqualTo(1);
    }

    @Test
    void aRefundReachesTheAggregatorOnce() {
        JsonNode order = order("epay-alipay");
        String orderNo = order.get("orderNo").asText();
        epay.pay(orderNo);
        assertThat(notifyGet(epay.notification(orderNo)).body()).isEqualTo("success");

        Http.Answer refunded =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));
        Http.Answer again =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));

        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        assertThat(again.json().get("refundId").asText())
                .isEqualTo(refunded.json().get("refundId").asText());
        assertThat(lookup(order).get("status").asText()).isEqualTo("refunded");
        assertThat(epay.refundsMade).hasValue(1);
        assertThat(epay.calls("/api.php?act=refund").get(0).params())
                .containsEntry("money", "9.90")
                .containsEntry("out_trade_no", orderNo);
    }

    @Test
    void versionTwoTakesRsaSignedNotificationsThroughTheStoreAndRefusesStaleOnes() {
        try (FakeEpay v2 = new FakeEpay(clock, 2)) {
            // The V1 key is still stored, and the gateway URL changes: a secret is bound to where it is sent, so the
            // merchant types it again (issue 21); without it the change is refused.
            assertThat(store.http()
                            .adminPutJson("/api/admin/plugins/payment-epay/config", v2.pluginConfig("mapi", "usdt"))
                            .status())
                    .isEqualTo(422);
            Map<String, String> moved = new LinkedHashMap<>(v2.pluginConfig("mapi", "usdt"));
            moved.put("key", FakeEpay.KEY);
            Http.Answer configured = store.http().adminPutJson("/api/admin/plugins/payment-epay/config", moved);
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            assertThat(store.http().get("/api/channels").json().findValuesAsText("id"))
                    .contains("epay-usdt")
                    .doesNotContain("epay-alipay");
            JsonNode config = store.http()
                    .adminGet("/api/admin/plugins/payment-epay/config")
                    .json();
            assertThat(config.at("/values/merchantPrivateKey").asText()).isEqualTo("********");

            JsonNode order = order("epay-usdt");
            String orderNo = order.get("orderNo").asText();
            assertThat(v2.calls("/api/pay/create"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());
            v2.pay(orderNo);
            Map<String, String> captured = v2.notification(orderNo);

            clock.advance(Duration.ofMinutes(6));
            Http.Answer stale = notifyGet(captured);
            assertThat(stale.status()).isEqualTo(400);
            assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

            Http.Answer fresh = notifyGet(v2.notification(orderNo)); // the aggregator's retry, signed anew
            assertThat(fresh.body()).isEqualTo("success");
            assertThat(lookup(order).get("keys")).hasSize(1);
        }
    }

    @Test
    void theStorefrontCheckoutJumpsToSubmitPhpForTheChosenType() {
        configure("submit");
        HttpRequest.Builder checkout = HttpRequest.newBuilder(store.http().uri("/checkout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "productId=" + productId + "&email=buyer%40example.com&quantity=1&channel=epay-wxpay"));

        Http.Answer answer = store.http().send(checkout, false);

        assertThat(answer.status()).isEqualTo(303);
        String location = answer.header("Location");
        assertThat(location)
                .startsWith(epay.base() + "submit.php?")
                .contains("type=wxpay")
                .contains("money=9.90")
                .contains("notify_url="
                        + java.net.URLEncoder.encode(
                                store.http().uri("/api/payments/epay/notify").toString(), StandardCharsets.UTF_8));
        // The checkout form's 303 leads to the aggregator, which may be plain http: the policy lets the form go there.
        assertThat(answer.header("Content-Security-Policy")).contains("form-action 'self' https: http:");
    }
}

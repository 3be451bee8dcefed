package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.api.Money;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.plugins.wechat.FakeWechatPay;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled WeChat Pay plugin inside a real store, configured through the admin API, against a
 * local WeChat Pay that checks the store's signatures and seals its callbacks as the platform does.
 */
class WechatEndToEndTest {

    MutableClock clock = MutableClock.now();
    FakeWechatPay wechat = new FakeWechatPay(clock);
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
        productId = store.createProduct("WeChat game", 990, "CNY");
        store.importKeys(productId, List.of("KEY-W1", "KEY-W2", "KEY-W3"));
        Http.Answer configured =
                store.http().adminPutJson("/api/admin/plugins/payment-wechat/config", wechat.pluginConfig("native"));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
        wechat.close();
    }

    JsonNode order() {
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
                                "wechat"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    Http.Answer callback(FakeWechatPay.Callback callback) {
        List<String> headers = new ArrayList<>();
        callback.headers().forEach((name, value) -> {
            headers.add(name);
            headers.add(value);
        });
        return store.http()
                .postRaw(
                        "/api/payments/wechat/notify",
                        callback.body().getBytes(StandardCharsets.UTF_8),
                        headers.toArray(String[]::new));
    }

    JsonNode lookup(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    @Test
    void theQrCodeIsShownAndItsCallbackDeliversExactlyOnce() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String cashier = order.at("/payment/redirectUrl").asText();

        assertThat(order.at("/payment/qrPayload").asText()).startsWith("weixin://wxpay/bizpayurl?pr=");
        URI cashierUri = URI.create(cashier);
        assertThat(cashierUri.getPath()).isEqualTo("/pay/wechat/qr");
        Http.Answer page = store.http().get(cashierUri.getRawPath() + "?" + cashierUri.getRawQuery());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<svg").contains("9.90 CNY").contains(orderNo);
        assertThat(wechat.calls).allMatch(FakeWechatPay.Call::signedByMerchant);

        Map<String, Object> paid = wechat.pay(orderNo);
        FakeWechatPay.Callback callback = wechat.paidCallback(orderNo);
        Http.Answer first = callback(callback);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEmpty();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // The same delivery again, and WeChat Pay's retry (signed afresh a minute later): one payment.
        assertThat(callback(callback).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(callback(wechat.paidCallback(orderNo)).status()).isEqualTo(200);

        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        JsonNode admin = store.http().adminGet("/api/admin/orders/" + orderNo).json();
        assertThat(admin.get("notifications")).hasSize(1);
        assertThat(admin.at("/notifications/0/tradeNo").asText()).isEqualTo(paid.get("transaction_id"));
    }

    @Test
    void forgedStaleTamperedForeignAndUnderpaidCallbacksChangeNothing() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        Map<String, Object> paid = wechat.pay(orderNo);
        FakeWechatPay.Callback genuine = wechat.paidCallback(orderNo);

        Http.Answer forged = callback(FakeWechatPay.sign(
                genuine.body(), clock.instant(), FakeWechatPay.rsa().getPrivate(), FakeWechatPay.PUBLIC_KEY_ID));
        Http.Answer stale = callback(
                wechat.callback("TRANSACTION.SUCCESS", paid, clock.instant().minus(Duration.ofMinutes(6))));
        Http.Answer tampered = callback(
                new FakeWechatPay.Callback(genuine.body().replace("\"summary\"", "\"summary \""), genuine.headers()));
        Map<String, Object> otherMerchant = new LinkedHashMap<>(paid);
        otherMerchant.put("mchid", "1900000109");
        Http.Answer foreign = callback(wechat.callback("TRANSACTION.SUCCESS", otherMerchant, clock.instant()));
        Map<String, Object> cheap = new LinkedHashMap<>(paid);
        cheap.put("amount", Map.of("total", 1, "payer_total", 1, "currency", "CNY", "payer_currency", "CNY"));
        Http.Answer underpaid = callback(wechat.callback("TRANSACTION.SUCCESS", cheap, clock.instant()));
        Http.Answer unsigned = store.http()
                .postRaw(
                        "/api/payments/wechat/notify",
                        genuine.body().getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json");

        assertThat(List.of(forged.status(), stale.status(), tampered.status(), foreign.status(), unsigned.status()))
                .containsOnly(400);
        assertThat(underpaid.status()).isEqualTo(422);
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        assertThat(store.stock(productId).get("sold").asInt()).isZero();
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .isEmpty();
    }

    @Test
    void aCallbackAfterTheOrderExpiredKeepsTheMoneyForRefundAndGivesNoKeys() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("expired");

        wechat.pay(orderNo); // the buyer scanned just before WeChat Pay's time_expire; the callback comes late
        assertThat(callback(wechat.paidCallback(orderNo)).status()).isEqualTo(200);

        assertThat(lookup(order).get("status").asText()).isEqualTo("refund_pending");
        assertThat(lookup(order).has("keys")).isFalse();
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);
    }

    @Test
    void theReconcilerSettlesAPaymentWhoseCallbackWasLostOnceWechatPayAnswersAgain() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        long orderId = store.app().orders().require(orderNo).id();
        wechat.pay(orderNo);

        wechat.behaviour = FakeWechatPay.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        wechat.behaviour = FakeWechatPay.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // The callback WeChat Pay kept retrying finally gets through: a replay.
        assertThat(callback(wechat.paidCallback(orderNo)).status()).isEqualTo(200);
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .hasSize(1);
    }

    @Test
    void aHangingGatewayLeavesTheOrderPendingUntilTheReconcilerSettlesItOnce() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        long orderId = store.app().orders().require(orderNo).id();
        wechat.pay(orderNo);

        wechat.behaviour = FakeWechatPay.Behaviour.HANG;
        clock.advance(Duration.ofMinutes(2));
        Reconciler.Pass stuck = store.app().reconciler().reconcileDue(); // waits out the plugin's 10-second time-out
        assertThat(stuck.failed()).isEqualTo(1);
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        wechat.behaviour = FakeWechatPay.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        assertThat(store.app().reconciler().reconcileDue().settled()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(10));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .hasSize(1);
    }

    @Test
    void aRefundReachesWechatPayOnceForOneRefundId() throws Exception {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        wechat.pay(orderNo);
        assertThat(callback(wechat.paidCallback(orderNo)).status()).isEqualTo(200);

        Http.Answer refunded =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));
        Http.Answer again =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        assertThat(again.json().get("refundId").asText())
                .isEqualTo(refunded.json().get("refundId").asText());
        assertThat(lookup(order).get("status").asText()).isEqualTo("refunded");

        // The plugin itself, asked twice with the same refund id (a retry after a lost answer): WeChat Pay refunds
        // once.
        PaymentChannel channel = store.app().plugins().extensions(PaymentChannel.class).stream()
                .filter(c -> c.id().equals("wechat"))
                .findFirst()
                .orElseThrow();
        String transactionId = (String) wechat.transactions.get(orderNo).get("transaction_id");
        RefundResult retried = channel.refund(new RefundRequest(
                orderNo,
                transactionId,
                new Money(990, "CNY"),
                refunded.json().get("refundId").asText(),
                "asked"));
        assertThat(retried.refunded()).isTrue();
        assertThat(wechat.refundsCreated).hasValue(1);
        assertThat(wechat.calls("POST", "/v3/refund/domestic/refunds").get(0).body())
                .contains(
                        "\"out_refund_no\":\"" + refunded.json().get("refundId").asText() + "\"")
                .contains("\"total\":990");
    }

    @Test
    void aKeyThatDoesNotParseIsRefusedForItsFieldAndNothingIsStored() {
        Map<String, Object> broken = new LinkedHashMap<>(wechat.pluginConfig("h5"));
        broken.put(
                "merchantPrivateKey",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----");
        broken.put("platformPublicKey", broken.get("merchantPrivateKey"));

        Http.Answer refused = store.http().adminPutJson("/api/admin/plugins/payment-wechat/config", broken);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("invalid_config");
        assertThat(refused.body())
                .contains("merchantPrivateKey")
                .contains("platformPublicKey")
                .contains("PKCS#8");
        JsonNode config = store.http()
                .adminGet("/api/admin/plugins/payment-wechat/config")
                .json();
        assertThat(config.at("/values/mode").asText()).isEqualTo("native");
        assertThat(config.at("/values/merchantPrivateKey").asText()).isEqualTo("********");
        assertThat(config.at("/values/apiV3Key").asText()).isEqualTo("********");
        assertThat(store.http().get("/api/channels").body()).contains("\"wechat\"");
    }

    @Test
    void everyCallGoesThroughTheStoresOutboundGuard() {
        try (TestStore guarded = TestStore.builder().clock(clock).start()) {
            long product = guarded.createProduct("Guarded", 990, "CNY");
            guarded.importKeys(product, List.of("KEY-G"));
            assertThat(guarded.http()
                            .adminPutJson("/api/admin/plugins/payment-wechat/config", wechat.pluginConfig("native"))
                            .status())
                    .isEqualTo(200);
            int before = wechat.calls.size();

            JsonNode order = guarded.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "buyer@example.com",
                                    "channel",
                                    "wechat"))
                    .json();

            // apiBase is a loopback address: the guard refuses it before a byte is sent.
            assertThat(order.at("/payment/status").asText()).isEqualTo("unavailable");
            assertThat(order.get("status").asText()).isEqualTo("pending");
            assertThat(wechat.calls).hasSize(before);
        }
    }
}

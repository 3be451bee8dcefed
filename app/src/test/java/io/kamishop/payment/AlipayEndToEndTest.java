package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Alipay plugin inside a real store, configured through the admin API, against a local Alipay. */
class AlipayEndToEndTest {

    MutableClock clock = MutableClock.now();
    TestStore store;
    AlipayFake alipay = new AlipayFake();
    long productId;

    @BeforeEach
    void start() {
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close(); // no background passes: each test runs its passes when it says so
        productId = store.createProduct("Alipay game", 990, "CNY");
        store.importKeys(productId, List.of("KEY-A", "KEY-B", "KEY-C"));
    }

    @AfterEach
    void stop() {
        store.close();
        alipay.close();
    }

    void configure(String mode) {
        Http.Answer answer =
                store.http().adminPutJson("/api/admin/plugins/payment-alipay/config", alipay.pluginConfig(mode));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
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
                                "alipay"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    Http.Answer notify(String form) {
        return store.http()
                .postRaw(
                        "/api/payments/alipay/notify",
                        form.getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/x-www-form-urlencoded; charset=utf-8");
    }

    JsonNode lookup(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    @Test
    void isOfferedOnlyOnceConfigured() {
        assertThat(store.http().get("/api/channels").json().findValuesAsText("id"))
                .doesNotContain("alipay");
        configure("page");
        assertThat(store.http().get("/api/channels").json().findValuesAsText("id"))
                .contains("alipay");
        JsonNode config = store.http()
                .adminGet("/api/admin/plugins/payment-alipay/config")
                .json();
        assertThat(config.at("/values/merchantPrivateKey").asText()).isEqualTo("********");
    }

    @Test
    void aBadKeyIsRefusedAsInvalidConfig() {
        Map<String, Object> bad = new java.util.HashMap<>(alipay.pluginConfig("page"));
        bad.put("mode", "telepathy");
        Http.Answer answer = store.http().adminPutJson("/api/admin/plugins/payment-alipay/config", bad);
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo("invalid_config");
    }

    @Test
    void pageModeRedirectsWithASignedUrlAndANotificationDeliversExactlyOnce() {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();

        String redirect = order.at("/payment/redirectUrl").asText();
        assertThat(redirect).startsWith(alipay.base() + "/gateway.do?");
        Map<String, String> params = GatewayFake.form(URI.create(redirect).getRawQuery());
        assertThat(params).containsEntry("method", "alipay.trade.page.pay").containsEntry("app_id", AlipayFake.APP_ID);
        assertThat(params.get("notify_url")).endsWith("/api/payments/alipay/notify");
        assertThat(AlipayFake.verify(
                        AlipayFake.canonical(params, List.of("sign")), params.get("sign"), alipay.merchant.getPublic()))
                .isTrue();

        String paid = alipay.notification(orderNo, "2026112500001", "9.90", "TRADE_SUCCESS");
        Http.Answer first = notify(paid);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("success");
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(lookup(order).get("keys")).hasSize(1);

        // Alipay retries until it hears "success", and later sends TRADE_FINISHED for the same trade.
        assertThat(notify(paid).body()).isEqualTo("success");
        assertThat(notify(alipay.notification(orderNo, "2026112500001", "9.90", "TRADE_FINISHED"))
                        .body())
                .isEqualTo("success");

        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(2);
    }

    @Test
    void notificationsAndTheReconcilerRacingForOnePaymentDeliverOnce() throws Exception {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        alipay.pay(orderNo, "2026112500123", "9.90");
        clock.advance(Duration.ofMinutes(2));
        String success = alipay.notification(orderNo, "2026112500123", "9.90", "TRADE_SUCCESS");
        String finished = alipay.notification(orderNo, "2026112500123", "9.90", "TRADE_FINISHED");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String form = i % 2 == 0 ? success : finished;
                answers.add(pool.submit(() -> {
                    start.await();
                    return notify(form).body();
                }));
            }
            var reconciled = pool.submit(() -> {
                start.await();
                return store.app().reconciler().reconcileDue();
            });
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo("success");
            }
            reconciled.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(2);
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .hasSize(1);
    }

    @Test
    void forgedTamperedUnderpaidAndForeignNotificationsChangeNothing() throws Exception {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        var forger = KeyPairGenerator.getInstance("RSA");
        forger.initialize(2048);

        Http.Answer forged = notify(alipay.notification(
                orderNo,
                "T1",
                "9.90",
                "TRADE_SUCCESS",
                AlipayFake.APP_ID,
                forger.generateKeyPair().getPrivate()));
        Http.Answer tampered = notify(alipay.notification(orderNo, "T2", "0.01", "TRADE_SUCCESS")
                .replace("total_amount=0.01", "total_amount=9.90"));
        Http.Answer underpaid = notify(alipay.notification(orderNo, "T3", "0.01", "TRADE_SUCCESS"));
        Http.Answer foreign = notify(alipay.notification(
                orderNo, "T4", "9.90", "TRADE_SUCCESS", "2021999999999999", alipay.alipay.getPrivate()));

        assertThat(forged.status()).isEqualTo(400);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(underpaid.status()).isEqualTo(422);
        assertThat(underpaid.errorCode()).isEqualTo("amount_mismatch");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(List.of(forged.body(), tampered.body(), underpaid.body(), foreign.body()))
                .noneMatch("success"::equals);
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        assertThat(store.stock(productId).get("sold").asInt()).isZero();
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .isEmpty();
    }

    @Test
    void changingTheGatewayUrlRequiresEnteringTheSecretAgain() {
        configure("page");
        String path = "/api/admin/plugins/payment-alipay/config";
        String before =
                store.http().adminGet(path).json().at("/values/gatewayUrl").asText();

        Http.Answer urlOnly =
                store.http().adminPutJson(path, Map.of("gatewayUrl", "https://collector.example/gateway.do"));
        Http.Answer masked = store.http()
                .adminPutJson(
                        path,
                        Map.of("gatewayUrl", "https://collector.example/gateway.do", "merchantPrivateKey", "********"));

        for (Http.Answer refused : List.of(urlOnly, masked)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("merchantPrivateKey").contains("enter it again");
        }
        assertThat(store.http().adminGet(path).json().at("/values/gatewayUrl").asText())
                .isEqualTo(before);
        // The same URL with the secret masked is fine (nothing moves), and a new URL with the secret typed again too.
        assertThat(store.http()
                        .adminPutJson(path, Map.of("gatewayUrl", before, "merchantPrivateKey", "********"))
                        .status())
                .isEqualTo(200);
        Map<String, Object> moved = new java.util.HashMap<>(alipay.pluginConfig("page"));
        moved.put("gatewayUrl", before.replace("/gateway.do", "/gateway.do?moved=1"));
        assertThat(store.http().adminPutJson(path, moved).status()).isEqualTo(200);
    }

    @Test
    void aCloseFromAnotherChannelCannotExpireAnOrder() {
        configure("page");
        Http.Answer sandboxOrder = store.order(productId, 1);
        String orderNo = sandboxOrder.json().get("orderNo").asText();

        Http.Answer close = notify(alipay.notification(orderNo, "T-OTHER", "9.90", "TRADE_CLOSED"));

        assertThat(close.status()).isEqualTo(422);
        assertThat(close.errorCode()).isEqualTo("channel_mismatch");
        assertThat(store.http()
                        .adminGet("/api/admin/orders/" + orderNo)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("pending");
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(2);
    }

    @Test
    void precreateModeShowsTheGatewaysQrCodeOnTheCashierPage() {
        configure("precreate");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();

        assertThat(order.at("/payment/qrPayload").asText()).isEqualTo("https://qr.alipay.com/bax" + orderNo);
        assertThat(alipay.calls("alipay.trade.precreate"))
                .singleElement()
                .satisfies(c -> assertThat(c.signatureValid()).isTrue());
        URI cashier = URI.create(order.at("/payment/redirectUrl").asText());
        Http.Answer page = store.http().get(cashier.getRawPath() + "?" + cashier.getRawQuery());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<svg").contains(orderNo).contains("9.90");
    }

    @Test
    void aPaymentWhoseNotificationWasLostIsSettledByTheReconcilerAfterTheGatewayRecovers() {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        long orderId = store.app().orders().require(orderNo).id();
        alipay.pay(orderNo, "2026112500077", "9.90");

        alipay.behaviour = GatewayFake.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        alipay.behaviour = GatewayFake.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(alipay.calls("alipay.trade.query")).allMatch(AlipayFake.Call::signatureValid);

        // The notification finally gets through: a replay of what the reconciler recorded.
        assertThat(notify(alipay.notification(orderNo, "2026112500077", "9.90", "TRADE_SUCCESS"))
                        .body())
                .isEqualTo("success");
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .hasSize(1);
    }

    @Test
    void aPendingOrderIsAskedAboutOnceMoreJustBeforeItsHoldRunsOut() {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        long orderId = store.app().orders().require(orderNo).id();
        // The buyer has not opened the payment yet: each question waits twice as long as the last.
        for (int minute : new int[] {2, 1, 2, 4}) {
            clock.advance(Duration.ofMinutes(minute).plusSeconds(5));
            store.app().reconciler().reconcileDue();
        }
        assertThat(store.app().reconciler().check(orderId)).hasValueSatisfying(c -> {
            assertThat(c.checks()).isEqualTo(4);
            assertThat(c.nextCheckAt())
                    .isGreaterThan(store.app().orders().require(orderNo).expiresAt());
        });

        // The buyer pays in the last minutes and the notification is lost; the last look finds it.
        alipay.pay(orderNo, "2026112500099", "9.90");
        clock.advance(Duration.ofMillis(store.app().orders().require(orderNo).expiresAt() - clock.millis())
                .minusSeconds(60));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void aHangingGatewayLeavesTheOrderPendingAndItIsAskedAgain() {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        long orderId = store.app().orders().require(orderNo).id();

        alipay.behaviour = GatewayFake.Behaviour.HANG;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue(); // waits out the plugin's 10 s gateway time-out
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        // The gateway answers again (the hung call is still stuck on its side): the next due pass settles.
        alipay.behaviour = GatewayFake.Behaviour.ANSWER;
        alipay.pay(orderNo, "2026112500088", "9.90");
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.checks()).isEqualTo(2));
    }

    @Test
    void anOrderThatExpiresIsClosedAtTheGatewayAndALatePaymentIsKeptForRefund() {
        configure("page");
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        alipay.trades.put(
                orderNo,
                new java.util.concurrent.ConcurrentHashMap<>(
                        Map.of("trade_no", "T-LATE", "trade_status", "WAIT_BUYER_PAY", "total_amount", "9.90")));

        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        store.app().reconciler().reconcileDue();

        assertThat(alipay.trades.get(orderNo)).containsEntry("trade_status", "TRADE_CLOSED");
        assertThat(alipay.calls("alipay.trade.close"))
                .singleElement()
                .satisfies(c -> assertThat(c.signatureValid()).isTrue());
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);

        // Out of order: a closed trade's notification, then a payment that raced the close.
        assertThat(notify(alipay.notification(orderNo, "T-LATE", "9.90", "TRADE_CLOSED"))
                        .body())
                .isEqualTo("success");
        assertThat(notify(alipay.notification(orderNo, "T-LATE", "9.90", "TRADE_SUCCESS"))
                        .body())
                .isEqualTo("success");
        assertThat(lookup(order).get("status").asText()).isEqualTo("refund_pending");
        assertThat(lookup(order).has("keys")).isFalse();
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);
    }
}

package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.api.Money;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.plugins.paypal.FakePayPal;
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
 * The bundled PayPal plugin inside a real store, configured through the admin API, against a local
 * PayPal that answers Orders v2 and verifies webhook signatures as documented.
 */
class PayPalEndToEndTest {

    MutableClock clock = MutableClock.now();
    FakePayPal paypal = new FakePayPal(clock);
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
        productId = store.createProduct("PayPal game", 1999, "USD");
        store.importKeys(productId, List.of("KEY-P1", "KEY-P2", "KEY-P3"));
        Http.Answer configured =
                store.http().adminPutJson("/api/admin/plugins/payment-paypal/config", paypal.pluginConfig());
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
        paypal.close();
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
                                "paypal"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    String paypalOrderOf(JsonNode order) {
        return store.http()
                .adminGet("/api/admin/orders/" + order.get("orderNo").asText())
                .json()
                .get("gatewayRef")
                .asText();
    }

    Http.Answer webhook(FakePayPal.Webhook webhook) {
        List<String> headers = new ArrayList<>();
        webhook.headers().forEach((name, value) -> {
            headers.add(name);
            headers.add(value);
        });
        return store.http()
                .postRaw(
                        "/api/payments/paypal/notify",
                        webhook.body().getBytes(StandardCharsets.UTF_8),
                        headers.toArray(String[]::new));
    }

    /** The buyer's browser comes back from PayPal to the return URL the store gave, with PayPal's token and PayerID. */
    Http.Answer returnFromPayPal(String paypalOrderId) {
        Map<?, ?> context = (Map<?, ?>)
                ((Map<?, ?>) ((Map<?, ?>) paypal.orders.get(paypalOrderId).get("payment_source")).get("paypal"))
                        .get("experience_context");
        URI returnUrl = URI.create((String) context.get("return_url"));
        assertThat(returnUrl.getPath()).isEqualTo("/pay/paypal/return");
        return store.http()
                .get(returnUrl.getRawPath() + "?" + returnUrl.getRawQuery() + "&token=" + paypalOrderId
                        + "&PayerID=QYR5Z8XDVJNXQ");
    }

    JsonNode lookup(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    JsonNode notifications(JsonNode order) {
        return store.http()
                .adminGet("/api/admin/orders/" + order.get("orderNo").asText())
                .json()
                .get("notifications");
    }

    @Test
    void theReturnCapturesAndDeliversAndBothWebhooksAreReplaysOfOnePayment() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        assertThat(order.at("/payment/redirectUrl").asText())
                .isEqualTo("https://www.sandbox.paypal.com/checkoutnow?token=" + paypalOrderId);
        paypal.approve(paypalOrderId);

        Http.Answer back = returnFromPayPal(paypalOrderId);

        assertThat(back.status()).isEqualTo(303);
        assertThat(back.header("Location"))
                .endsWith("/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText());
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        String captureId = (String) paypal.captureOf(paypalOrderId).get("id");
        assertThat(notifications(order))
                .singleElement()
                .satisfies(n -> assertThat(n.get("tradeNo").asText()).isEqualTo(captureId));

        // PayPal's webhooks for the same payment arrive afterwards, and the buyer reloads the return page.
        assertThat(webhook(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId)))
                        .status())
                .isEqualTo(200);
        assertThat(webhook(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", paypal.captureOf(paypalOrderId)))
                        .status())
                .isEqualTo(200);
        assertThat(returnFromPayPal(paypalOrderId).status()).isEqualTo(303);

        assertThat(paypal.capturesMade).hasValue(1);
        assertThat(notifications(order)).hasSize(1);
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
    }

    @Test
    void aBuyerWhoNeverReturnsIsCapturedByTheApprovalWebhook() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        paypal.approve(paypalOrderId);

        assertThat(webhook(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId)))
                        .status())
                .isEqualTo(200);

        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(paypal.capturesMade).hasValue(1);
    }

    @Test
    void theCaptureWebhookBeforeTheApprovalWebhookIsStillOnePayment() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        paypal.approve(paypalOrderId);
        FakePayPal.Webhook approved = paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId));
        assertThat(returnFromPayPal(paypalOrderId).status())
                .isEqualTo(303); // captured; pretend its settlement was lost:
        JsonNode delivered = lookup(order);
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");

        // Out of order: the completion first, the approval (sent earlier, retried) after it.
        assertThat(webhook(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", paypal.captureOf(paypalOrderId)))
                        .status())
                .isEqualTo(200);
        assertThat(webhook(approved).status()).isEqualTo(200);

        assertThat(paypal.capturesMade).hasValue(1);
        assertThat(notifications(order)).hasSize(1);
        assertThat(lookup(order).get("keys")).hasSize(1);
    }

    @Test
    void forgedTamperedForeignAndUnderpaidWebhooksChangeNothing() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        paypal.approve(paypalOrderId);
        FakePayPal.Webhook genuine = paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId));

        Map<String, String> forgedHeaders = new LinkedHashMap<>(genuine.headers());
        forgedHeaders.put("PAYPAL-TRANSMISSION-SIG", "bm90IFBheVBhbCdz");
        Http.Answer forged = webhook(new FakePayPal.Webhook(genuine.body(), forgedHeaders));
        Http.Answer tampered =
                webhook(new FakePayPal.Webhook(genuine.body().replace("\"19.99\"", "\"0.01\""), genuine.headers()));
        Http.Answer otherAccount =
                webhook(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId), "7XK35577MS7730340"));
        Http.Answer unsigned = store.http()
                .postRaw(
                        "/api/payments/paypal/notify",
                        genuine.body().getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json");
        assertThat(List.of(forged.status(), tampered.status(), otherAccount.status(), unsigned.status()))
                .containsOnly(400);
        assertThat(paypal.capturesMade).hasValue(0);

        // A capture PayPal really signed, but for less than the order: the store refuses the amount.
        Map<String, Object> cheap = new LinkedHashMap<>();
        cheap.put("id", "3C679366HH908993F");
        cheap.put("status", "COMPLETED");
        cheap.put("amount", Map.of("currency_code", "USD", "value", "0.01"));
        cheap.put("custom_id", order.get("orderNo").asText());
        cheap.put("supplementary_data", Map.of("related_ids", Map.of("order_id", paypalOrderId)));
        assertThat(webhook(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", cheap)).status())
                .isEqualTo(422);

        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        assertThat(store.stock(productId).get("sold").asInt()).isZero();
        assertThat(notifications(order)).isEmpty();
    }

    @Test
    void theReconcilerCapturesAnApprovalThatNothingReportedOnceAfterPayPalRecovers() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        long orderId =
                store.app().orders().require(order.get("orderNo").asText()).id();
        paypal.approve(paypalOrderId); // approved, but the buyer closed the tab and the webhook was lost

        paypal.behaviour = FakePayPal.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        paypal.behaviour = FakePayPal.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        assertThat(webhook(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", paypal.captureOf(paypalOrderId)))
                        .status())
                .isEqualTo(200);
        assertThat(paypal.capturesMade).hasValue(1);
        assertThat(notifications(order)).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
    }

    @Test
    void aHangingPayPalLeavesTheOrderPendingAndTheBuyerOnTheirOrderPage() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        paypal.approve(paypalOrderId);

        paypal.behaviour = FakePayPal.Behaviour.HANG;
        Http.Answer back = returnFromPayPal(paypalOrderId); // waits out the plugin's 10-second time-out

        assertThat(back.status()).isEqualTo(303);
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        paypal.behaviour = FakePayPal.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(paypal.capturesMade).hasValue(1);
    }

    @Test
    void anApprovalAfterTheHoldIsNeverCapturedAndTheStockStaysOnTheShelf() {
        JsonNode order = order();
        String paypalOrderId = paypalOrderOf(order);
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        paypal.approve(paypalOrderId);

        assertThat(webhook(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId)))
                        .status())
                .isEqualTo(200);
        assertThat(returnFromPayPal(paypalOrderId).status()).isEqualTo(303);
        store.app().reconciler().reconcileDue();

        assertThat(paypal.capturesMade).hasValue(0);
        assertThat(lookup(order).get("status").asText()).isEqualTo("expired");
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);
    }

    @Test
    void aRefundReachesPayPalOnceForOneRefundId() throws Exception {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String paypalOrderId = paypalOrderOf(order);
        paypal.approve(paypalOrderId);
        assertThat(returnFromPayPal(paypalOrderId).status()).isEqualTo(303);

        Http.Answer refunded =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        assertThat(lookup(order).get("status").asText()).isEqualTo("refunded");

        PaymentChannel channel = store.app().plugins().extensions(PaymentChannel.class).stream()
                .filter(c -> c.id().equals("paypal"))
                .findFirst()
                .orElseThrow();
        String captureId = (String) paypal.captureOf(paypalOrderId).get("id");
        RefundResult retried = channel.refund(new RefundRequest(
                orderNo,
                captureId,
                new Money(1999, "USD"),
                refunded.json().get("refundId").asText(),
                "asked"));
        assertThat(retried.refunded()).isTrue();
        assertThat(paypal.refundsMade).hasValue(1);
        assertThat(paypal.calls("POST", "/v2/payments/captures/" + captureId + "/refund"))
                .allSatisfy(call -> assertThat(call.requestId())
                        .isEqualTo("kamishop-refund-"
                                + refunded.json().get("refundId").asText()));
    }

    @Test
    void theSecretReadsBackMaskedAndAChannelWithoutItsWebhookIsNotOffered() {
        JsonNode config = store.http()
                .adminGet("/api/admin/plugins/payment-paypal/config")
                .json();
        assertThat(config.at("/values/clientSecret").asText()).isEqualTo("********");
        assertThat(store.http().get("/api/channels").body()).contains("\"paypal\"");

        Map<String, Object> withoutWebhook = new LinkedHashMap<>();
        withoutWebhook.put("webhookId", null);
        Http.Answer refused = store.http().adminPutJson("/api/admin/plugins/payment-paypal/config", withoutWebhook);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("webhookId");
    }
}

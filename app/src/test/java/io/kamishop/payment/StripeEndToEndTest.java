package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.api.Money;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stripe plugin inside a real store, configured through the admin API, against a local Stripe. */
class StripeEndToEndTest {

    MutableClock clock = MutableClock.now();
    TestStore store;
    StripeFake stripe = new StripeFake();
    long productId;

    @BeforeEach
    void start() {
        // The fake Stripe listens on loopback, which the outbound guard refuses unless allowed.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close(); // no background passes: each test runs its passes when it says so
        productId = store.createProduct("Stripe game", 1999, "USD");
        store.importKeys(productId, List.of("KEY-1", "KEY-2", "KEY-3"));
        Http.Answer configured =
                store.http().adminPutJson("/api/admin/plugins/payment-stripe/config", stripe.pluginConfig());
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
        stripe.close();
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
                                "stripe"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    Http.Answer webhook(String payload, Instant signedAt, String secret) {
        return store.http()
                .postRaw(
                        "/api/payments/stripe/notify",
                        payload.getBytes(StandardCharsets.UTF_8),
                        "Stripe-Signature",
                        StripeFake.signature(payload, signedAt, secret),
                        "Content-Type",
                        "application/json");
    }

    Http.Answer webhook(String payload) {
        return webhook(payload, clock.instant(), StripeFake.WEBHOOK_SECRET);
    }

    JsonNode lookup(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    String sessionOf(JsonNode order) {
        return store.http()
                .adminGet("/api/admin/orders/" + order.get("orderNo").asText())
                .json()
                .get("gatewayRef")
                .asText();
    }

    @Test
    void anOrderGetsACheckoutSessionAndItsCompletionDeliversExactlyOnce() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String session = sessionOf(order);

        assertThat(order.at("/payment/redirectUrl").asText()).isEqualTo("https://checkout.stripe.com/c/pay/" + session);
        StripeFake.Call create = stripe.calls("POST", "/v1/checkout/sessions").get(0);
        assertThat(create.form())
                .containsEntry("client_reference_id", orderNo)
                .containsEntry("metadata[orderNo]", orderNo)
                .containsEntry("line_items[0][price_data][unit_amount]", "1999")
                .containsEntry("line_items[0][price_data][currency]", "usd");
        // The default 15-minute hold is shorter than Stripe's 30-minute minimum.
        assertThat(Long.parseLong(create.form().get("expires_at")))
                .isGreaterThanOrEqualTo(
                        clock.instant().plus(Duration.ofMinutes(30)).getEpochSecond());
        assertThat(create.idempotencyKey()).contains(orderNo);

        String completed =
                StripeFake.event("evt_1", "checkout.session.completed", orderNo, session, 1999, "usd", "paid");
        Http.Answer first = webhook(completed);
        assertThat(first.status()).isEqualTo(200);
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // Replayed, re-signed later, and the completion sent again as another event: one payment.
        assertThat(webhook(completed).status()).isEqualTo(200);
        assertThat(webhook(completed, clock.instant().plusSeconds(60), StripeFake.WEBHOOK_SECRET)
                        .status())
                .isEqualTo(200);
        assertThat(webhook(StripeFake.event(
                                "evt_2", "checkout.session.completed", orderNo, session, 1999, "usd", "paid"))
                        .status())
                .isEqualTo(200);
        assertThat(webhook(StripeFake.event(
                                "evt_3",
                                "checkout.session.async_payment_succeeded",
                                orderNo,
                                session,
                                1999,
                                "usd",
                                "paid"))
                        .status())
                .isEqualTo(200);

        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(store.http().adminGet("/api/admin/orders/" + orderNo).json().get("notifications"))
                .hasSize(1);
    }

    @Test
    void askingToPayAgainReusesTheSession() {
        JsonNode order = order();
        Http.Answer again = store.http()
                .postJson(
                        "/api/orders/" + order.get("orderNo").asText() + "/payment?token="
                                + order.get("lookupToken").asText(),
                        Map.of());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("redirectUrl").asText())
                .isEqualTo(order.at("/payment/redirectUrl").asText());
        assertThat(stripe.sessionsCreated).hasValue(1);
    }

    @Test
    void forgedStaleTamperedAndUnderpaidEventsChangeNothing() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String session = sessionOf(order);
        String paid = StripeFake.event("evt_1", "checkout.session.completed", orderNo, session, 1999, "usd", "paid");

        Http.Answer forged = webhook(paid, clock.instant(), "whsec_guess");
        Http.Answer stale = webhook(paid, clock.instant().minusSeconds(301), StripeFake.WEBHOOK_SECRET);
        String signatureOfCheap = StripeFake.signature(
                StripeFake.event("evt_2", "checkout.session.completed", orderNo, session, 1, "usd", "paid"),
                clock.instant(),
                StripeFake.WEBHOOK_SECRET);
        Http.Answer tampered = store.http()
                .postRaw(
                        "/api/payments/stripe/notify",
                        StripeFake.event("evt_2", "checkout.session.completed", orderNo, session, 1999, "usd", "paid")
                                .getBytes(StandardCharsets.UTF_8),
                        "Stripe-Signature",
                        signatureOfCheap,
                        "Content-Type",
                        "application/json");
        Http.Answer underpaid =
                webhook(StripeFake.event("evt_3", "checkout.session.completed", orderNo, session, 1, "usd", "paid"));
        Http.Answer otherCurrency =
                webhook(StripeFake.event("evt_4", "checkout.session.completed", orderNo, session, 1999, "jpy", "paid"));
        Http.Answer unsigned = store.http()
                .postRaw(
                        "/api/payments/stripe/notify",
                        paid.getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json");

        assertThat(List.of(forged.status(), stale.status(), tampered.status(), unsigned.status()))
                .containsOnly(400);
        assertThat(underpaid.status()).isEqualTo(422);
        assertThat(otherCurrency.status()).isEqualTo(422);
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        assertThat(store.stock(productId).get("sold").asInt()).isZero();
    }

    @Test
    void anExpiredSessionBeforeALateCompletionKeepsTheMoneyForRefundAndGivesNoKeys() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String session = sessionOf(order);

        assertThat(webhook(StripeFake.event(
                                "evt_exp", "checkout.session.expired", orderNo, session, 1999, "usd", "unpaid"))
                        .status())
                .isEqualTo(200);
        assertThat(lookup(order).get("status").asText()).isEqualTo("expired");
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);

        assertThat(webhook(StripeFake.event(
                                "evt_late", "checkout.session.completed", orderNo, session, 1999, "usd", "paid"))
                        .status())
                .isEqualTo(200);
        assertThat(lookup(order).get("status").asText()).isEqualTo("refund_pending");
        assertThat(lookup(order).has("keys")).isFalse();
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);
    }

    @Test
    void theReconcilerSettlesAPaidSessionWhoseWebhookWasLostAfterStripeRecovers() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String session = sessionOf(order);
        long orderId = store.app().orders().require(orderNo).id();
        stripe.pay(session);

        stripe.behaviour = GatewayFake.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        assertThat(store.app().reconciler().check(orderId))
                .hasValueSatisfying(c -> assertThat(c.lastState()).isEqualTo("error"));
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");

        stripe.behaviour = GatewayFake.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // The webhook Stripe kept retrying finally arrives: a replay.
        assertThat(webhook(StripeFake.event(
                                "evt_1", "checkout.session.completed", orderNo, session, 1999, "usd", "paid"))
                        .status())
                .isEqualTo(200);
        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
    }

    @Test
    void aDeadGatewayIsLeftAloneForTheRestOfAPassAndNothingIsLost() {
        List<JsonNode> orders = List.of(order(), order(), order());
        store.importKeys(productId, List.of("KEY-4"));
        JsonNode fourth = order();
        stripe.behaviour = GatewayFake.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));

        Reconciler.Pass pass = store.app().reconciler().reconcileDue();

        assertThat(pass.failed()).isEqualTo(3);
        assertThat(store.app()
                        .reconciler()
                        .check(store.app()
                                .orders()
                                .require(fourth.get("orderNo").asText())
                                .id()))
                .isEmpty();
        // Stripe comes back with every session paid: the next passes settle all four, each once.
        stripe.behaviour = GatewayFake.Behaviour.ANSWER;
        stripe.sessions.keySet().forEach(stripe::pay);
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();
        for (JsonNode order : List.of(orders.get(0), orders.get(1), orders.get(2), fourth)) {
            assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
            assertThat(lookup(order).get("keys")).hasSize(1);
        }
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(4);
    }

    @Test
    void theBundledPluginRefundsOncePerRefundId() throws Exception {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        String session = sessionOf(order);
        stripe.pay(session);
        PaymentChannel channel = store.app().plugins().extensions(PaymentChannel.class).stream()
                .filter(c -> c.id().equals("stripe"))
                .findFirst()
                .orElseThrow();
        RefundRequest refund =
                new RefundRequest(orderNo, session, new Money(1999, "USD"), "refund-" + orderNo, "duplicate payment");

        RefundResult first = channel.refund(refund);
        RefundResult again = channel.refund(refund);

        assertThat(first.refunded()).isTrue();
        assertThat(again.gatewayId()).isEqualTo(first.gatewayId());
        assertThat(stripe.refundsCreated).hasValue(1);
        assertThat(stripe.calls("POST", "/v1/refunds").get(0).form())
                .containsEntry("payment_intent", "pi_" + session)
                .containsEntry("amount", "1999");
    }

    @Test
    void anExpiredOrdersSessionIsExpiredAtStripe() {
        JsonNode order = order();
        String session = sessionOf(order);

        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        store.app().reconciler().reconcileDue();

        assertThat(stripe.sessions.get(session)).containsEntry("status", "expired");
        assertThat(stripe.calls("POST", "/v1/checkout/sessions/" + session + "/expire"))
                .hasSize(1);
    }
}

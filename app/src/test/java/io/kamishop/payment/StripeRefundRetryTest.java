package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refund through Stripe when Stripe fails: it stays pending, is sent again later with the same
 * idempotency key, and Stripe refunds once, also when the first call went through and only its answer
 * was lost (what a timed-out call looks like from the store).
 */
class StripeRefundRetryTest {

    MutableClock clock = MutableClock.now();
    TestStore store;
    StripeFake stripe = new StripeFake();
    String orderNo;

    @BeforeEach
    void start() {
        // The fake Stripe listens on loopback, which the outbound guard refuses unless allowed.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close();
        long productId = store.createProduct("Stripe game", 1999, "USD");
        store.importKeys(productId, List.of("KEY-1"));
        assertThat(store.http()
                        .adminPutJson("/api/admin/plugins/payment-stripe/config", stripe.pluginConfig())
                        .status())
                .isEqualTo(200);
        JsonNode order = store.http()
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
                                "stripe"))
                .json();
        orderNo = order.get("orderNo").asText();
        String session = store.http()
                .adminGet("/api/admin/orders/" + orderNo)
                .json()
                .get("gatewayRef")
                .asText();
        stripe.pay(session);
        String paid = StripeFake.event("evt_1", "checkout.session.completed", orderNo, session, 1999, "usd", "paid");
        assertThat(store.http()
                        .postRaw(
                                "/api/payments/stripe/notify",
                                paid.getBytes(StandardCharsets.UTF_8),
                                "Stripe-Signature",
                                StripeFake.signature(paid, clock.instant(), StripeFake.WEBHOOK_SECRET),
                                "Content-Type",
                                "application/json")
                        .status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
        stripe.close();
    }

    JsonNode order() {
        return store.http().adminGet("/api/admin/orders/" + orderNo).json();
    }

    @Test
    void aRefundWhoseAnswerWasLostIsRetriedLaterAndStripeRefundsOnce() {
        stripe.refundAnswersToLose.set(1);

        Http.Answer asked =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "returned"));

        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().get("status").asText()).isEqualTo("pending");
        assertThat(asked.json().get("error").asText()).isNotBlank();
        assertThat(order().get("status").asText()).isEqualTo("refund_pending");
        store.app().refundSweeper().sweep();
        assertThat(stripe.calls("POST", "/v1/refunds"))
                .as("not again before its retry time")
                .hasSize(1);

        clock.advance(Duration.ofSeconds(31));
        store.app().refundSweeper().sweep();
        store.app().refundSweeper().sweep();

        JsonNode refund = order().get("refunds").get(0);
        assertThat(refund.get("status").asText()).isEqualTo("succeeded");
        assertThat(refund.get("attempts").asInt()).isEqualTo(2);
        assertThat(order().get("status").asText()).isEqualTo("refunded");
        assertThat(stripe.refundsCreated).as("one refund at Stripe").hasValue(1);
        List<StripeFake.Call> calls = stripe.calls("POST", "/v1/refunds");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).idempotencyKey()).isEqualTo(calls.get(0).idempotencyKey());
        assertThat(calls.get(0).form()).containsEntry("amount", "1999");
    }

    @Test
    void aRefundStripeFailsOnIsRetriedWithGrowingWaitsUntilItGoesThrough() {
        stripe.behaviour = GatewayFake.Behaviour.FAIL_500;
        Http.Answer asked = store.http()
                .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("amount", 999, "reason", "partly"));
        assertThat(asked.json().get("status").asText()).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(31));
        store.app().refundSweeper().sweep();
        assertThat(order().get("refunds").get(0).get("attempts").asInt()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(31));
        store.app().refundSweeper().sweep();
        assertThat(order().get("refunds").get(0).get("attempts").asInt())
                .as("the second wait is longer")
                .isEqualTo(2);

        stripe.behaviour = GatewayFake.Behaviour.ANSWER;
        clock.advance(Duration.ofSeconds(31));
        store.app().refundSweeper().sweep();

        JsonNode refund = order().get("refunds").get(0);
        assertThat(refund.get("status").asText()).isEqualTo("succeeded");
        assertThat(stripe.refundsCreated).hasValue(1);
        assertThat(order().get("status").asText())
                .as("a partial refund leaves the order delivered")
                .isEqualTo("delivered");
    }
}

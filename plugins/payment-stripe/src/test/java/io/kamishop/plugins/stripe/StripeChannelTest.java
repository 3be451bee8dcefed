package io.kamishop.plugins.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.net.Webhook;
import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentQuery;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PaymentStatus;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.testing.FakePluginContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripeChannelTest {

    static final String WEBHOOK_SECRET = "whsec_test_secret";
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    FakePluginContext context = new FakePluginContext("payment-stripe", Clock.fixed(NOW, ZoneOffset.UTC));
    StripeChannel channel =
            new StripeChannel(3_000, 3_000); // short for the hanging-API case, long enough for a busy machine
    FakeStripeApi stripe;

    @BeforeEach
    void configure() throws Exception {
        stripe = new FakeStripeApi();
        channel.start(context);
        context.values.put("secretKey", "sk_test_123");
        context.values.put("webhookSecret", WEBHOOK_SECRET);
        context.values.put("apiBase", stripe.base());
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        context.http = new io.kamishop.api.OutboundHttp() {
            @Override
            public <T> java.net.http.HttpResponse<T> send(
                    java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> body)
                    throws java.io.IOException, InterruptedException {
                return jdk.send(request, body);
            }
        };
    }

    @Test
    void everyStripeCallGoesThroughTheHostsGuardedClient() {
        context.http = new io.kamishop.api.OutboundHttp() {
            @Override
            public <T> java.net.http.HttpResponse<T> send(
                    java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> body)
                    throws java.io.IOException {
                throw new OutboundRefusedException(request.uri().getHost() + " is an internal address");
            }
        };
        assertThatThrownBy(() -> channel.createPayment(order("K30", 500, Duration.ofHours(1))))
                .isInstanceOf(PaymentException.class);
        assertThat(stripe.calls("POST", "/v1/checkout/sessions")).isEmpty();
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    static PaymentRequest order(String orderNo, long cents, Duration hold) {
        return new PaymentRequest(
                orderNo,
                new Money(cents, "USD"),
                "Game key x 1",
                "buyer@example.com",
                "203.0.113.9",
                NOW.plus(hold),
                "tok123");
    }

    // ---- Checkout Session ----

    @Test
    void connectionTestRetrievesTheBalanceWithTheStoredKey() {
        stripe.acceptedKey = "sk_test_123";

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(check.detail()).contains("balance").contains("test mode");
        assertThat(stripe.calls("GET", "/v1/balance"))
                .singleElement()
                .satisfies(c -> assertThat(c.authorization()).isEqualTo("Bearer sk_test_123"));
        assertThat(stripe.sessionsCreated).hasValue(0);
        assertThat(stripe.refundsCreated).hasValue(0);
    }

    @Test
    void connectionTestReportsAKeyStripeRefuses() {
        stripe.acceptedKey = "sk_test_other";

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("HTTP 401").doesNotContain("sk_test_123");
    }

    @Test
    void connectionTestReportsAnUnreachableStripe() {
        stripe.behaviour = FakeStripeApi.Behaviour.FAIL_500;

        assertThat(channel.testConnection().outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
    }

    @Test
    void isNotReadyWithoutBothSecrets() {
        context.values.remove("webhookSecret");
        assertThat(channel.isReady()).isFalse();
        context.values.put("webhookSecret", WEBHOOK_SECRET);
        assertThat(channel.isReady()).isTrue();
    }

    @Test
    void createsOneCheckoutSessionPerOrderWithEverythingStripeNeeds() throws Exception {
        PaymentInstructions instructions = channel.createPayment(order("K1", 1999, Duration.ofHours(2)));

        assertThat(instructions.redirectUrl()).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_1");
        assertThat(instructions.gatewayRef()).isEqualTo("cs_test_1");
        FakeStripeApi.Call call = stripe.calls("POST", "/v1/checkout/sessions").get(0);
        assertThat(call.authorization()).isEqualTo("Bearer sk_test_123");
        assertThat(call.form())
                .containsEntry("mode", "payment")
                .containsEntry("line_items[0][price_data][unit_amount]", "1999")
                .containsEntry("line_items[0][price_data][currency]", "usd")
                .containsEntry("line_items[0][price_data][product_data][name]", "Game key x 1")
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("client_reference_id", "K1")
                .containsEntry("metadata[orderNo]", "K1")
                .containsEntry("payment_intent_data[metadata][orderNo]", "K1")
                .containsEntry("success_url", "https://shop.example/orders/K1?token=tok123")
                .containsEntry("cancel_url", "https://shop.example/orders/K1?token=tok123")
                .containsEntry("customer_email", "buyer@example.com")
                .containsEntry(
                        "expires_at",
                        Long.toString(NOW.plus(Duration.ofHours(2)).getEpochSecond()));
        assertThat(call.idempotencyKey()).startsWith("kamishop-checkout-K1-");
    }

    @Test
    void askingAgainForTheSameOrderGivesTheSameSession() throws Exception {
        PaymentRequest request = order("K2", 500, Duration.ofMinutes(15));
        String first = channel.createPayment(request).gatewayRef();
        String second = channel.createPayment(request).gatewayRef();

        assertThat(second).isEqualTo(first);
        assertThat(stripe.sessionsCreated).hasValue(1);
    }

    @Test
    void aHoldShorterThanStripesMinimumGetsASessionThatStripeAccepts() {
        Instant orderExpiry = NOW.plus(Duration.ofMinutes(15));
        Instant expiry = StripeChannel.sessionExpiry(orderExpiry, NOW);
        assertThat(expiry).isAfterOrEqualTo(NOW.plus(Duration.ofMinutes(30)));
        // ...and it is the same when the buyer asks again ten minutes later, so the idempotency key holds.
        assertThat(StripeChannel.sessionExpiry(orderExpiry, NOW.plus(Duration.ofMinutes(10))))
                .isEqualTo(expiry);
        // A day-long hold is cut to Stripe's 24 hours.
        assertThat(StripeChannel.sessionExpiry(NOW.plus(Duration.ofHours(30)), NOW))
                .isBeforeOrEqualTo(NOW.plus(Duration.ofHours(24)));
        // A hold that fits is kept exactly.
        assertThat(StripeChannel.sessionExpiry(NOW.plus(Duration.ofHours(3)), NOW))
                .isEqualTo(NOW.plus(Duration.ofHours(3)));
    }

    @Test
    void aFailingOrHangingStripeIsAPaymentExceptionAndARetryMakesOneSession() throws Exception {
        PaymentRequest request = order("K3", 500, Duration.ofHours(1));
        stripe.behaviour = FakeStripeApi.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.createPayment(request))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("500");
        stripe.behaviour = FakeStripeApi.Behaviour.HANG;
        assertThatThrownBy(() -> channel.createPayment(request)).isInstanceOf(PaymentException.class);
        stripe.behaviour = FakeStripeApi.Behaviour.ANSWER;
        channel.createPayment(request);
        channel.createPayment(request);

        assertThat(stripe.sessionsCreated).hasValue(1);
        assertThat(stripe.calls("POST", "/v1/checkout/sessions"))
                .extracting(FakeStripeApi.Call::idempotencyKey)
                .containsOnly(
                        stripe.calls("POST", "/v1/checkout/sessions").get(0).idempotencyKey());
    }

    // ---- query, close, refund ----

    @Test
    void queryReportsAPaidSessionUnderItsSessionId() throws Exception {
        String session =
                channel.createPayment(order("K4", 700, Duration.ofHours(1))).gatewayRef();
        PaymentQuery query = new PaymentQuery("K4", session, new Money(700, "USD"));

        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.PENDING);
        stripe.pay(session);
        assertThat(channel.queryStatus(query)).isEqualTo(PaymentStatus.paid(session, new Money(700, "USD")));
        assertThat(channel.queryStatus(new PaymentQuery("K4", null, new Money(700, "USD")))
                        .state())
                .isEqualTo(PaymentStatus.State.UNKNOWN);
        assertThatThrownBy(() -> channel.queryStatus(new PaymentQuery("OTHER", session, new Money(700, "USD"))))
                .isInstanceOf(PaymentException.class);
        stripe.behaviour = FakeStripeApi.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.queryStatus(query)).isInstanceOf(PaymentException.class);
    }

    @Test
    void closeExpiresAnOpenSessionButNotAPaidOne() throws Exception {
        String open =
                channel.createPayment(order("K5", 700, Duration.ofHours(1))).gatewayRef();
        channel.close(new PaymentQuery("K5", open, new Money(700, "USD")));
        assertThat(stripe.sessions.get(open)).containsEntry("status", "expired");
        channel.close(new PaymentQuery("K5", open, new Money(700, "USD"))); // already expired: fine

        String paid =
                channel.createPayment(order("K6", 700, Duration.ofHours(1))).gatewayRef();
        stripe.pay(paid);
        assertThatThrownBy(() -> channel.close(new PaymentQuery("K6", paid, new Money(700, "USD"))))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("complete");
    }

    @Test
    void refundGoesToThePaymentIntentWithTheRefundIdAsIdempotencyKey() throws Exception {
        String session =
                channel.createPayment(order("K7", 700, Duration.ofHours(1))).gatewayRef();
        stripe.pay(session);
        RefundRequest refund = new RefundRequest("K7", session, new Money(700, "USD"), "R-K7-1", "duplicate");

        String first = channel.refund(refund).gatewayId();
        String again = channel.refund(refund).gatewayId();

        assertThat(again).isEqualTo(first);
        assertThat(stripe.refundsCreated).hasValue(1);
        FakeStripeApi.Call call = stripe.calls("POST", "/v1/refunds").get(0);
        assertThat(call.form()).containsEntry("payment_intent", "pi_test_1").containsEntry("amount", "700");
        assertThat(call.idempotencyKey()).isEqualTo("kamishop-refund-R-K7-1");
    }

    // ---- webhooks ----

    static String sessionEvent(
            String eventId, String type, String orderNo, String sessionId, long amount, String paymentStatus) {
        return """
                {"id":"%s","object":"event","api_version":"2019-02-19","created":1700000000,"type":"%s",
                 "data":{"object":{"id":"%s","object":"checkout.session","amount_total":%d,"currency":"usd",
                 "client_reference_id":"%s","metadata":{"orderNo":"%s"},"payment_status":"%s","status":"complete",
                 "payment_intent":"pi_123","some_future_field":{"nested":[1,2]}}}}""".formatted(eventId, type, sessionId, amount, orderNo, orderNo, paymentStatus);
    }

    /** Signed with stripe-java's own helper, at a given time. */
    static IncomingRequest signed(String payload, String secret, Instant at) throws Exception {
        String header = Webhook.Signature.generateSignatureHeader(payload, secret, at.getEpochSecond());
        return request(payload, header);
    }

    static IncomingRequest request(String payload, String header) {
        return new IncomingRequest(
                "POST",
                "",
                Map.of("stripe-signature", List.of(header), "content-type", List.of("application/json")),
                Map.of(),
                payload.getBytes(StandardCharsets.UTF_8),
                "3.18.12.63");
    }

    @Test
    void aCompletedPaidSessionPaysTheOrderUnderTheSessionId() throws Exception {
        PaymentNotification paid = channel.parseNotification(signed(
                sessionEvent("evt_1", "checkout.session.completed", "K10", "cs_10", 1999, "paid"),
                WEBHOOK_SECRET,
                NOW));

        assertThat(paid.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(paid.orderNo()).isEqualTo("K10");
        assertThat(paid.tradeNo()).isEqualTo("cs_10");
        assertThat(paid.amountMinor()).isEqualTo(1999);
        assertThat(paid.currency()).isEqualTo("USD");
    }

    @Test
    void theDocumentedSchemeSignedByHandVerifiesToo() throws Exception {
        String payload = sessionEvent("evt_2", "checkout.session.async_payment_succeeded", "K11", "cs_11", 500, "paid");
        long t = NOW.getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String v1 = HexFormat.of().formatHex(mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));

        PaymentNotification paid = channel.parseNotification(request(payload, "t=" + t + ",v0=ignored,v1=" + v1));

        assertThat(paid.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(paid.tradeNo()).isEqualTo("cs_11");
    }

    @Test
    void anUnpaidCompletionWaitsForTheAsyncResult() throws Exception {
        assertThat(channel.parseNotification(signed(
                                sessionEvent("evt_3", "checkout.session.completed", "K12", "cs_12", 500, "unpaid"),
                                WEBHOOK_SECRET,
                                NOW))
                        .kind())
                .isEqualTo(PaymentNotification.Kind.IGNORED);
    }

    @Test
    void anExpiredSessionLetsTheOrderExpireUnderTheEventId() throws Exception {
        PaymentNotification expired = channel.parseNotification(signed(
                sessionEvent("evt_4", "checkout.session.expired", "K13", "cs_13", 500, "unpaid"), WEBHOOK_SECRET, NOW));

        assertThat(expired.kind()).isEqualTo(PaymentNotification.Kind.EXPIRED);
        assertThat(expired.orderNo()).isEqualTo("K13");
        assertThat(expired.tradeNo()).isEqualTo("evt_4");
    }

    @Test
    void otherEventsAreAcknowledgedAndIgnored() throws Exception {
        String charge = """
                {"id":"evt_5","object":"event","type":"charge.succeeded","data":{"object":{"id":"ch_1","object":"charge","amount":100}}}""";
        assertThat(channel.parseNotification(signed(charge, WEBHOOK_SECRET, NOW))
                        .kind())
                .isEqualTo(PaymentNotification.Kind.IGNORED);
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        String payload = sessionEvent("evt_6", "checkout.session.completed", "K14", "cs_14", 500, "paid");
        assertThatThrownBy(() -> channel.parseNotification(signed(payload, "whsec_attacker", NOW)))
                .isInstanceOf(NotificationRejectedException.class);
        assertThatThrownBy(() -> channel.parseNotification(request(payload, "t=1,v1=00")))
                .isInstanceOf(NotificationRejectedException.class);
        IncomingRequest unsigned = new IncomingRequest(
                "POST", "", Map.of(), Map.of(), payload.getBytes(StandardCharsets.UTF_8), "1.2.3.4");
        assertThatThrownBy(() -> channel.parseNotification(unsigned)).isInstanceOf(NotificationRejectedException.class);
    }

    @Test
    void aTamperedAmountBreaksTheSignature() throws Exception {
        String payload = sessionEvent("evt_7", "checkout.session.completed", "K15", "cs_15", 1, "paid");
        IncomingRequest genuine = signed(payload, WEBHOOK_SECRET, NOW);
        IncomingRequest tampered = request(
                payload.replace("\"amount_total\":1,", "\"amount_total\":1999,"),
                genuine.header("stripe-signature").orElseThrow());

        assertThatThrownBy(() -> channel.parseNotification(tampered)).isInstanceOf(NotificationRejectedException.class);
    }

    @Test
    void aStaleTimestampIsRefusedEvenWithAValidSignature() throws Exception {
        String payload = sessionEvent("evt_8", "checkout.session.completed", "K16", "cs_16", 500, "paid");
        assertThatThrownBy(() ->
                        channel.parseNotification(signed(payload, WEBHOOK_SECRET, NOW.minus(Duration.ofSeconds(301)))))
                .isInstanceOf(NotificationRejectedException.class)
                .hasMessageContaining("tolerance");
        assertThat(channel.parseNotification(signed(payload, WEBHOOK_SECRET, NOW.minus(Duration.ofSeconds(299))))
                        .kind())
                .isEqualTo(PaymentNotification.Kind.PAID);
    }

    @Test
    void aSessionThisStoreDidNotCreateIsAcknowledgedAndIgnored() throws Exception {
        // Another integration on the same Stripe account: no order of ours named.
        String noOrder = """
                {"id":"evt_9","type":"checkout.session.completed","data":{"object":{"id":"cs_9","object":"checkout.session",
                "amount_total":100,"currency":"usd","payment_status":"paid"}}}""";
        // Another shop's Kamishop on the same account: its mark, not ours, even though it names an order.
        String otherShop = sessionEvent("evt_10", "checkout.session.completed", "K20", "cs_20", 100, "paid")
                .replace("\"metadata\":{", "\"metadata\":{\"kamishopStore\":\"someone-else\",");
        String otherShopExpiry = sessionEvent("evt_11", "checkout.session.expired", "K21", "cs_21", 100, "unpaid")
                .replace("\"metadata\":{", "\"metadata\":{\"kamishopStore\":\"someone-else\",");
        for (String payload : List.of(noOrder, otherShop, otherShopExpiry)) {
            PaymentNotification answer = channel.parseNotification(signed(payload, WEBHOOK_SECRET, NOW));
            assertThat(answer.kind()).isEqualTo(PaymentNotification.Kind.IGNORED);
            assertThat(answer.acknowledgement()).isEqualTo(StripeWebhook.ACK);
        }
        // Our own mark is ours.
        String ours = sessionEvent("evt_12", "checkout.session.completed", "K22", "cs_22", 100, "paid")
                .replace("\"metadata\":{", "\"metadata\":{\"kamishopStore\":\"" + channel.storeMark() + "\",");
        assertThat(channel.parseNotification(signed(ours, WEBHOOK_SECRET, NOW)).kind())
                .isEqualTo(PaymentNotification.Kind.PAID);
    }

    @Test
    void theIdempotencyKeyCoversEverythingSentSoARetryWithOtherReturnUrlsNeverFails() throws Exception {
        PaymentRequest request = order("K23", 500, Duration.ofHours(1));
        channel.createPayment(request);
        PaymentRequest otherEmail = new PaymentRequest(
                "K23",
                request.amount(),
                request.subject(),
                "other@example.com",
                request.clientIp(),
                request.expiresAt(),
                "tok-other");
        channel.createPayment(otherEmail);
        channel.createPayment(request);

        List<FakeStripeApi.Call> calls = stripe.calls("POST", "/v1/checkout/sessions");
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).idempotencyKey())
                .isNotEqualTo(calls.get(1).idempotencyKey())
                .isEqualTo(calls.get(2).idempotencyKey());
        assertThat(calls.get(0).form()).containsEntry("metadata[kamishopStore]", channel.storeMark());
    }
}

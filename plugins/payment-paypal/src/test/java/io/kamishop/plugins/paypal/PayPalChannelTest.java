package io.kamishop.plugins.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.KeyValueStore;
import io.kamishop.api.Metrics;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentQuery;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PaymentStatus;
import io.kamishop.api.PluginContext;
import io.kamishop.api.PluginSettings;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.api.Scheduler;
import io.kamishop.api.StoreUrls;
import io.kamishop.api.WebResponse;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PayPal channel against a local PayPal that answers and verifies webhooks as documented. */
class PayPalChannelTest {

    static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    MutableClock clock = new MutableClock(NOW);
    FakePayPal paypal = new FakePayPal(clock);
    FakePluginContext fake = new FakePluginContext("payment-paypal", clock);
    /** What the store's notify path received from the plugin itself (the return page's captures). */
    List<PaymentNotification> submitted = new CopyOnWriteArrayList<>();

    PayPalChannel channel =
            new PayPalChannel(Duration.ofSeconds(5)); // short for the hanging gateway, long enough for a busy machine
    HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fake.values.putAll(paypal.pluginConfig());
        fake.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                return client.send(request, body);
            }
        };
        channel.start(new StoreContext());
    }

    @AfterEach
    void stop() {
        paypal.close();
    }

    @Test
    void connectionTestObtainsATokenWithTheStoredCredentials() {
        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(paypal.tokensIssued).hasValue(1);
    }

    @Test
    void connectionTestReportsCredentialsPayPalRefusesAndNamesTheSandboxMixUp() {
        fake.values.put("clientSecret", "wrong-secret-0123456789");

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("HTTP 401").contains("sandbox").doesNotContain("wrong-secret");
        assertThat(paypal.tokensIssued).hasValue(0);
    }

    /** FakePluginContext, plus a notify path that runs the channel's own parseNotification, as the store does. */
    final class StoreContext implements PluginContext {
        public String pluginId() {
            return fake.pluginId();
        }

        public PluginSettings settings() {
            return fake.settings();
        }

        public StoreUrls storeUrls() {
            return fake.storeUrls();
        }

        public Clock clock() {
            return clock;
        }

        public System.Logger logger() {
            return fake.logger();
        }

        public JsonCodec json() {
            return fake.json();
        }

        public NotificationSubmitter notifications() {
            return (channelId, request) -> {
                try {
                    PaymentNotification notification = channel.parseNotification(request);
                    submitted.add(notification);
                    return new NotificationSubmitter.Outcome(true, 200, notification.acknowledgement());
                } catch (NotificationRejectedException e) {
                    return new NotificationSubmitter.Outcome(false, 400, e.getMessage());
                }
            };
        }

        public KeyValueStore store() {
            return fake.store();
        }

        public Metrics metrics() {
            return fake.metrics();
        }

        public Scheduler scheduler() {
            return fake.scheduler();
        }

        public OutboundHttp http() {
            return fake.http();
        }
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    PaymentRequest order(String orderNo, long minor, String currency) {
        return new PaymentRequest(
                orderNo,
                new Money(minor, currency),
                "Game key × 1",
                "buyer@example.com",
                "203.0.113.7",
                NOW.plus(Duration.ofMinutes(15)),
                "lookup-token");
    }

    static IncomingRequest post(FakePayPal.Webhook webhook) {
        return post(webhook.body(), webhook.headers());
    }

    static IncomingRequest post(String body, Map<String, String> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        return new IncomingRequest("POST", "", lower, Map.of(), body.getBytes(StandardCharsets.UTF_8), "173.0.82.126");
    }

    /** The buyer comes back from PayPal to the return URL with PayPal's token and PayerID appended. */
    WebResponse returnFromPayPal(PaymentRequest request, String paypalOrderId) {
        String returnUrl = (String) ((Map<?, ?>) ((Map<?, ?>)
                                ((Map<?, ?>) paypal.orders.get(paypalOrderId).get("payment_source")).get("paypal"))
                        .get("experience_context"))
                .get("return_url");
        Map<String, List<String>> params = Arrays.stream(
                        (URI.create(returnUrl).getRawQuery() + "&token=" + paypalOrderId + "&PayerID=QYR5Z8XDVJNXQ")
                                .split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> List.of(URLDecoder.decode(p[1], StandardCharsets.UTF_8))));
        assertThat(returnUrl).startsWith("https://shop.example/pay/paypal/return?o=" + request.orderNo());
        return channel.serve(new IncomingRequest("GET", "return", Map.of(), params, null, "203.0.113.7"))
                .orElseThrow();
    }

    @Test
    void anOrderIsCreatedToCaptureAndTheBuyerIsSentToApproveIt() throws Exception {
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567890", 1999, "USD"));

        FakePayPal.Call create = paypal.calls("POST", "/v2/checkout/orders").get(0);
        Map<String, Object> sent = FakePluginContext.MAPPER.readValue(create.body(), Map.class);
        assertThat(sent).containsEntry("intent", "CAPTURE");
        @SuppressWarnings("unchecked")
        Map<String, Object> unit = (Map<String, Object>) ((List<?>) sent.get("purchase_units")).get(0);
        assertThat((List<?>) sent.get("purchase_units")).hasSize(1);
        assertThat(unit)
                .containsEntry("reference_id", "26030104001234567890")
                .containsEntry("custom_id", "26030104001234567890")
                .containsEntry("amount", Map.of("currency_code", "USD", "value", "19.99"));
        assertThat(create.requestId()).isEqualTo("kamishop-order-26030104001234567890");
        assertThat(instructions.redirectUrl())
                .isEqualTo("https://www.sandbox.paypal.com/checkoutnow?token=" + instructions.gatewayRef());
        assertThat(paypal.orders).containsKey(instructions.gatewayRef());
    }

    @Test
    void amountsAreWrittenWithTheDecimalsPayPalTakesForTheirCurrency() throws Exception {
        assertThat(PayPalAmounts.value(new Money(1999, "USD"))).isEqualTo("19.99");
        assertThat(PayPalAmounts.value(new Money(500, "JPY"))).isEqualTo("500");
        assertThat(PayPalAmounts.value(new Money(250000, "HUF"))).isEqualTo("2500");
        assertThat(PayPalAmounts.value(new Money(100, "TWD"))).isEqualTo("1");
        assertThat(PayPalAmounts.parse("2500", "HUF")).isEqualTo(new Money(250000, "HUF"));
        assertThat(PayPalAmounts.parse("500", "JPY")).isEqualTo(new Money(500, "JPY"));
        assertThat(PayPalAmounts.parse("19.99", "USD")).isEqualTo(new Money(1999, "USD"));
        assertThatThrownBy(() -> PayPalAmounts.parse("19.999", "USD")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> PayPalAmounts.parse("1e3", "USD")).isInstanceOf(IllegalArgumentException.class);

        PaymentInstructions yen = channel.createPayment(order("26030104001234567891", 500, "JPY"));
        assertThat(paypal.calls("POST", "/v2/checkout/orders").get(0).body())
                .contains("\"value\":\"500\"")
                .contains("\"currency_code\":\"JPY\"");
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567892", 250050, "HUF")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("whole HUF");
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567893", 1000, "KRW")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("KRW");
    }

    @Test
    void askingAgainReusesThePayPalOrderAndTheToken() throws Exception {
        PaymentInstructions first = channel.createPayment(order("26030104001234567894", 1999, "USD"));
        PaymentInstructions again = channel.createPayment(order("26030104001234567894", 1999, "USD"));
        channel.createPayment(order("26030104001234567895", 1999, "USD"));

        assertThat(again.redirectUrl()).isEqualTo(first.redirectUrl());
        assertThat(paypal.orders).hasSize(2);
        assertThat(paypal.tokensIssued).hasValue(1);
    }

    @Test
    void anExpiredOrRevokedTokenIsRenewedOnce() throws Exception {
        channel.createPayment(order("26030104001234567896", 1999, "USD"));
        paypal.revokeTokens();
        channel.createPayment(order("26030104001234567897", 1999, "USD"));
        assertThat(paypal.tokensIssued).hasValue(2);

        clock.now = NOW.plus(Duration.ofHours(9)); // past expires_in (32400 s)
        channel.queryStatus(new PaymentQuery("26030104001234567897", null, new Money(1999, "USD")));
        assertThat(paypal.tokensIssued).hasValue(3);
    }

    @Test
    void theReturnCapturesSettlesAndSendsTheBuyerToTheOrder() throws Exception {
        PaymentRequest request = order("26030104001234567898", 1999, "USD");
        String paypalOrderId = channel.createPayment(request).gatewayRef();
        paypal.approve(paypalOrderId);

        WebResponse page = returnFromPayPal(request, paypalOrderId);

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.headers())
                .containsEntry("Location", "https://shop.example/orders/26030104001234567898?token=lookup-token");
        String captureId = (String) paypal.captureOf(paypalOrderId).get("id");
        assertThat(submitted).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(PaymentNotification.Kind.PAID);
            assertThat(n.orderNo()).isEqualTo("26030104001234567898");
            assertThat(n.tradeNo()).isEqualTo(captureId);
            assertThat(n.amountMinor()).isEqualTo(1999);
            assertThat(n.currency()).isEqualTo("USD");
        });
    }

    @Test
    void theReturnAndTheWebhooksReportOneCaptureUnderOneTradeNumber() throws Exception {
        PaymentRequest request = order("26030104001234567899", 1999, "USD");
        String paypalOrderId = channel.createPayment(request).gatewayRef();
        paypal.approve(paypalOrderId);
        FakePayPal.Webhook approved = paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId));

        // The buyer's return and PayPal's webhook at the same moment.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Future<WebResponse> returned = pool.submit(() -> {
            go.await();
            return returnFromPayPal(request, paypalOrderId);
        });
        Future<PaymentNotification> hooked = pool.submit(() -> {
            go.await();
            return channel.parseNotification(post(approved));
        });
        go.countDown();
        returned.get();
        PaymentNotification fromWebhook = hooked.get();
        pool.shutdown();
        PaymentNotification completed = channel.parseNotification(
                post(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", paypal.captureOf(paypalOrderId))));

        assertThat(paypal.capturesMade).hasValue(1);
        String captureId = (String) paypal.captureOf(paypalOrderId).get("id");
        assertThat(List.of(submitted.get(0), fromWebhook, completed)).allSatisfy(n -> {
            assertThat(n.kind()).isEqualTo(PaymentNotification.Kind.PAID);
            assertThat(n.tradeNo()).isEqualTo(captureId);
            assertThat(n.orderNo()).isEqualTo("26030104001234567899");
        });
    }

    @Test
    void forgedTamperedAndOtherWebhooksEventsAreRefused() throws Exception {
        String paypalOrderId = channel.createPayment(order("26030104001234567800", 1999, "USD"))
                .gatewayRef();
        paypal.approve(paypalOrderId);
        FakePayPal.Webhook genuine = paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId));

        Map<String, String> forgedHeaders = new LinkedHashMap<>(genuine.headers());
        forgedHeaders.put("PAYPAL-TRANSMISSION-SIG", "dGhpcyBpcyBub3QgUGF5UGFsJ3Mgc2lnbmF0dXJl");
        IncomingRequest forged = post(genuine.body(), forgedHeaders);
        IncomingRequest tampered =
                post(genuine.body().replace("\"value\":\"19.99\"", "\"value\":\"0.01\""), genuine.headers());
        IncomingRequest otherAccountsWebhook =
                post(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId), "7XK35577MS7730340"));
        IncomingRequest unsigned = post(genuine.body(), Map.of("Content-Type", "application/json"));
        // A second webhook_id smuggled after the event must not reach the verification request.
        IncomingRequest smuggled = post(genuine.body() + ",\"webhook_id\":\"7XK35577MS7730340\"", genuine.headers());

        for (IncomingRequest bad : List.of(forged, tampered, otherAccountsWebhook, unsigned, smuggled)) {
            assertThatThrownBy(() -> channel.parseNotification(bad)).isInstanceOf(NotificationRejectedException.class);
        }
        assertThat(paypal.capturesMade).hasValue(0);
    }

    @Test
    void aSealedCaptureFromOutsideThePluginIsRefused() {
        Map<String, String> headers = Map.of(PayPalChannel.CAPTURE_SEAL_HEADER, "00".repeat(32));
        assertThatThrownBy(() -> channel.parseNotification(post(
                        "{\"orderNo\":\"26030104001234567801\",\"captureId\":\"3C6X\","
                                + "\"amount\":1999,\"currency\":\"USD\"}",
                        headers)))
                .hasMessageContaining("seal");
    }

    @Test
    void eventsAboutOrdersThisStoreDidNotCreateAreAcknowledgedAndLeftAlone() throws Exception {
        String paypalOrderId = channel.createPayment(order("26030104001234567802", 1999, "USD"))
                .gatewayRef();
        paypal.approve(paypalOrderId);
        Map<String, Object> foreign = paypal.order(paypalOrderId);
        foreign.put("id", "9VX21812E4451403P");

        PaymentNotification approvedElsewhere =
                channel.parseNotification(post(paypal.webhook("CHECKOUT.ORDER.APPROVED", foreign)));

        assertThat(approvedElsewhere.kind()).isEqualTo(PaymentNotification.Kind.IGNORED);
        assertThat(paypal.capturesMade).hasValue(0);
    }

    @Test
    void aCapturePayloadWithoutRelatedIdsIsMatchedByItsUpLink() throws Exception {
        String paypalOrderId = channel.createPayment(order("26030104001234567810", 1999, "USD"))
                .gatewayRef();
        paypal.approve(paypalOrderId);
        String captureId = channel.parseNotification(
                        post(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId))))
                .tradeNo();
        Map<String, Object> older = paypal.captureOf(paypalOrderId);
        older.remove("supplementary_data");

        PaymentNotification completed =
                channel.parseNotification(post(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", older)));

        assertThat(completed.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(completed.tradeNo()).isEqualTo(captureId);
        assertThat(completed.orderNo()).isEqualTo("26030104001234567810");
    }

    @Test
    void aCaptureWhoseCustomIdNamesAnotherOrderIsRefused() throws Exception {
        String paypalOrderId = channel.createPayment(order("26030104001234567803", 1999, "USD"))
                .gatewayRef();
        paypal.approve(paypalOrderId);
        channel.parseNotification(post(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId))));
        Map<String, Object> capture = paypal.captureOf(paypalOrderId);
        capture.put("custom_id", "26030104009999999999");

        assertThatThrownBy(() -> channel.parseNotification(post(paypal.webhook("PAYMENT.CAPTURE.COMPLETED", capture))))
                .hasMessageContaining("custom_id");
    }

    @Test
    void anApprovalAfterTheHoldIsNeverCaptured() throws Exception {
        PaymentRequest request = order("26030104001234567804", 1999, "USD");
        String paypalOrderId = channel.createPayment(request).gatewayRef();
        paypal.approve(paypalOrderId);
        clock.now = request.expiresAt().plusSeconds(1);

        PaymentNotification late =
                channel.parseNotification(post(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId))));
        PaymentStatus asked = channel.queryStatus(new PaymentQuery(request.orderNo(), paypalOrderId, request.amount()));
        WebResponse page = returnFromPayPal(request, paypalOrderId);

        assertThat(late.kind()).isEqualTo(PaymentNotification.Kind.IGNORED);
        assertThat(asked.state()).isEqualTo(PaymentStatus.State.PENDING);
        assertThat(page.status()).isEqualTo(303);
        assertThat(paypal.capturesMade).hasValue(0);
        assertThat(submitted).isEmpty();
    }

    @Test
    void theQueryCapturesAnApprovalNobodyReportedAndReportsTheCapture() throws Exception {
        PaymentRequest request = order("26030104001234567805", 1999, "USD");
        String paypalOrderId = channel.createPayment(request).gatewayRef();
        PaymentQuery query = new PaymentQuery(request.orderNo(), paypalOrderId, request.amount());

        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.PENDING);
        paypal.approve(paypalOrderId);
        PaymentStatus paid = channel.queryStatus(query);
        PaymentStatus again = channel.queryStatus(new PaymentQuery(request.orderNo(), null, request.amount()));

        String captureId = (String) paypal.captureOf(paypalOrderId).get("id");
        assertThat(paid).isEqualTo(PaymentStatus.paid(captureId, new Money(1999, "USD")));
        assertThat(again).isEqualTo(paid);
        assertThat(paypal.capturesMade).hasValue(1);
        assertThat(channel.queryStatus(new PaymentQuery("26030104009999999999", null, request.amount()))
                        .state())
                .isEqualTo(PaymentStatus.State.PENDING);
    }

    @Test
    void aDeclinedCardAtCaptureSendsTheBuyerBackToPayPal() throws Exception {
        PaymentRequest request = order("26030104001234567806", 1999, "USD");
        PaymentInstructions instructions = channel.createPayment(request);
        paypal.approve(instructions.gatewayRef());
        paypal.declineNextCapture = true;

        WebResponse page = returnFromPayPal(request, instructions.gatewayRef());

        assertThat(page.headers()).containsEntry("Location", instructions.redirectUrl());
        assertThat(submitted).isEmpty();
    }

    @Test
    void aFailingOrHangingGatewayIsAPaymentExceptionAndAWebhookToRetry() throws Exception {
        PaymentRequest request = order("26030104001234567807", 1999, "USD");
        String paypalOrderId = channel.createPayment(request).gatewayRef();
        paypal.approve(paypalOrderId);
        FakePayPal.Webhook approved = paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId));

        paypal.behaviour = FakePayPal.Behaviour.FAIL_500;
        assertThatThrownBy(
                        () -> channel.queryStatus(new PaymentQuery(request.orderNo(), paypalOrderId, request.amount())))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("500");
        assertThatThrownBy(() -> channel.parseNotification(post(approved)))
                .isInstanceOf(NotificationRejectedException.class);

        paypal.behaviour = FakePayPal.Behaviour.HANG;
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567808", 1999, "USD")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("Timeout");
        assertThat(returnFromPayPal(request, paypalOrderId).status())
                .isEqualTo(303); // the buyer still gets their order page
        assertThat(submitted).isEmpty();

        paypal.behaviour = FakePayPal.Behaviour.ANSWER;
        assertThat(channel.parseNotification(post(approved)).kind()).isEqualTo(PaymentNotification.Kind.PAID);
    }

    @Test
    void theSameRefundIdRefundsTheCaptureOnce() throws Exception {
        PaymentRequest request = order("26030104001234567809", 1999, "USD");
        String paypalOrderId = channel.createPayment(request).gatewayRef();
        paypal.approve(paypalOrderId);
        String captureId = channel.parseNotification(
                        post(paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.order(paypalOrderId))))
                .tradeNo();
        RefundRequest refund = new RefundRequest(
                request.orderNo(), captureId, new Money(1999, "USD"), "RF26030104001234567809", "sorry");

        RefundResult first = channel.refund(refund);
        RefundResult again = channel.refund(refund);

        assertThat(first.refunded()).isTrue();
        assertThat(again.gatewayId()).isEqualTo(first.gatewayId());
        assertThat(paypal.refundsMade).hasValue(1);
        FakePayPal.Call call = paypal.calls("POST", "/v2/payments/captures/" + captureId + "/refund")
                .get(0);
        assertThat(call.requestId()).isEqualTo("kamishop-refund-RF26030104001234567809");
        assertThat(call.body()).contains("\"value\":\"19.99\"").contains("\"currency_code\":\"USD\"");
    }

    @Test
    void notReadyUntilConfigured() {
        PayPalChannel fresh = new PayPalChannel();
        FakePluginContext empty = new FakePluginContext("payment-paypal", clock);
        fresh.start(empty);
        assertThat(fresh.isReady()).isFalse();
        empty.values.put("clientId", FakePayPal.CLIENT_ID);
        empty.values.put("clientSecret", FakePayPal.CLIENT_SECRET);
        assertThat(fresh.isReady()).isFalse();
        empty.values.put("webhookId", FakePayPal.WEBHOOK_ID);
        assertThat(fresh.isReady()).isTrue();
    }
}

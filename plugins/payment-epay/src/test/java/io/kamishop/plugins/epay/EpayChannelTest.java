package io.kamishop.plugins.epay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentMethod;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentQuery;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PaymentStatus;
import io.kamishop.api.RefundRequest;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The EPay channel against a local aggregator that checks our signatures and signs as the real one does. */
class EpayChannelTest {

    static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    FakePluginContext context = new FakePluginContext("payment-epay", clock);
    EpayChannel channel =
            new EpayChannel(Duration.ofSeconds(5)); // short for the hanging gateway, long enough for a busy machine
    HttpClient client = HttpClient.newHttpClient();
    FakeEpay epay;

    void start(int version, String mode) {
        epay = new FakeEpay(clock, version);
        context.values.putAll(epay.pluginConfig(mode, "alipay\nwxpay\nusdt=USDT (TRC20)"));
        context.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                return client.send(request, body);
            }
        };
        channel.start(context);
    }

    @AfterEach
    void stop() {
        if (epay != null) {
            epay.close();
        }
    }

    static PaymentRequest order(String orderNo, long fen, String type) {
        return new PaymentRequest(
                orderNo,
                new Money(fen, "CNY"),
                "Game key x 1",
                "buyer@example.com",
                "203.0.113.7",
                NOW.plus(Duration.ofMinutes(15)),
                "lookup-token",
                type);
    }

    static IncomingRequest get(Map<String, String> params) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        return new IncomingRequest("GET", "", Map.of(), query, null, "203.0.113.9");
    }

    static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0],
                        p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                        (a, b) -> a,
                        LinkedHashMap::new));
    }

    Map<String, String> tampered(Map<String, String> notification, String field, String value) {
        Map<String, String> changed = new LinkedHashMap<>(notification);
        changed.put(field, value);
        return changed;
    }

    @Test
    void eachEnabledTypeIsOfferedAsItsOwnMethodWithANameBuyersKnow() {
        start(1, "submit");
        assertThat(channel.methods())
                .containsExactly(
                        new PaymentMethod("alipay", "Alipay 支付宝"),
                        new PaymentMethod("wxpay", "WeChat Pay 微信支付"),
                        new PaymentMethod("usdt", "USDT (TRC20)"));

        context.values.remove("key");
        assertThat(channel.isReady()).isFalse();
        assertThat(channel.methods()).isEmpty();
        context.values.put("key", FakeEpay.KEY);
        context.values.put("types", "alipay\nWeChat!");
        assertThat(channel.isReady()).isFalse();
    }

    @Test
    void submitModeSendsTheBuyerToSubmitPhpSignedAsTheContractPinsIt() throws Exception {
        start(1, "submit");
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567890", 990, "wxpay"));

        assertThat(instructions.redirectUrl()).startsWith(epay.base() + "submit.php?");
        Map<String, String> link = query(instructions.redirectUrl());
        assertThat(link)
                .containsEntry("pid", FakeEpay.PID)
                .containsEntry("type", "wxpay")
                .containsEntry("out_trade_no", "26030104001234567890")
                .containsEntry("money", "9.90")
                .containsEntry("notify_url", "https://shop.example/api/payments/epay/notify")
                .containsEntry("return_url", "https://shop.example/orders/26030104001234567890?token=lookup-token")
                .containsEntry("name", "Game key x 1")
                .containsEntry("sign_type", "MD5");
        // The signature, recomputed by hand: sorted non-empty k=v without sign/sign_type, then the key, MD5, lower-case
        // hex.
        String text = "money=9.90&name=Game key x 1&notify_url=https://shop.example/api/payments/epay/notify"
                + "&out_trade_no=26030104001234567890&pid=1001&return_url=https://shop.example/orders/26030104001234567890?token=lookup-token"
                + "&type=wxpay";
        assertThat(link.get("sign")).isEqualTo(FakeEpay.md5(text + FakeEpay.KEY));

        assertThat(epay.open(URI.create(instructions.redirectUrl()))).isEqualTo(200);
        assertThat(epay.calls("/submit.php"))
                .singleElement()
                .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());
        assertThat(epay.trades.get("26030104001234567890").money).isEqualTo("9.90");
    }

    @Test
    void aGenuineNotificationPaysTheExactAmountAndIsAnsweredSuccess() throws Exception {
        start(1, "submit");
        epay.open(URI.create(channel.createPayment(order("26030104001234567891", 1234, "alipay"))
                .redirectUrl()));
        epay.pay("26030104001234567891");

        PaymentNotification paid = channel.parseNotification(get(epay.notification("26030104001234567891")));

        assertThat(paid.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(paid.orderNo()).isEqualTo("26030104001234567891");
        assertThat(paid.tradeNo()).isEqualTo(epay.trades.get("26030104001234567891").tradeNo);
        assertThat(paid.amountMinor()).isEqualTo(1234);
        assertThat(paid.currency()).isEqualTo("CNY");
        assertThat(paid.acknowledgement()).isEqualTo("success");

        // Some clones POST the same fields as a form: the host hands them over as parameters just the same.
        Map<String, List<String>> form = new LinkedHashMap<>();
        epay.notification("26030104001234567891").forEach((k, v) -> form.put(k, List.of(v)));
        PaymentNotification posted = channel.parseNotification(new IncomingRequest(
                "POST",
                "",
                Map.of("content-type", List.of("application/x-www-form-urlencoded")),
                form,
                new byte[0],
                "203.0.113.9"));
        assertThat(posted).isEqualTo(paid);
    }

    @Test
    void forgedTamperedForeignAndOverPreciseNotificationsAreRefused() throws Exception {
        start(1, "submit");
        epay.open(URI.create(channel.createPayment(order("26030104001234567892", 990, "alipay"))
                .redirectUrl()));
        epay.pay("26030104001234567892");
        Map<String, String> genuine = epay.notification("26030104001234567892");

        List<Map<String, String>> refused = List.of(
                FakeEpay.signMd5(genuine, "not-the-merchant-key-at-all-0000"), // forged sign
                tampered(genuine, "money", "0.01"), // amount changed after signing
                tampered(genuine, "sign", genuine.get("sign").substring(1) + "0"), // sign mangled
                tampered(genuine, "sign_type", "RSA"), // another scheme named
                epay.sign(tampered(genuine, "pid", "1002")), // another merchant, validly signed
                epay.sign(tampered(genuine, "money", "9.901")), // more decimals than fen: never rounded
                epay.sign(tampered(genuine, "money", "nine")),
                epay.sign(tampered(genuine, "out_trade_no", "")),
                Map.of());
        for (Map<String, String> notification : refused) {
            assertThatThrownBy(() -> channel.parseNotification(get(notification)))
                    .as(notification.toString())
                    .isInstanceOf(NotificationRejectedException.class);
        }
        // Signed, but not a payment: verified and answered, and nothing for the store to do.
        PaymentNotification waiting =
                channel.parseNotification(get(epay.sign(tampered(genuine, "trade_status", "WAIT_BUYER_PAY"))));
        assertThat(waiting.kind()).isEqualTo(PaymentNotification.Kind.IGNORED);
        assertThat(waiting.acknowledgement()).isEqualTo("success");
    }

    @Test
    void mapiModeShowsTheAggregatorsQrCodeOnASealedCashierPage() throws Exception {
        start(1, "mapi");
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567893", 990, "alipay"));

        FakeEpay.Call call = epay.calls("/mapi.php").get(0);
        assertThat(call.signedByMerchant()).isTrue();
        assertThat(call.params()).containsEntry("clientip", "203.0.113.7").containsEntry("type", "alipay");
        String tradeNo = epay.trades.get("26030104001234567893").tradeNo;
        assertThat(instructions.qrPayload()).isEqualTo(epay.base() + "pay/" + tradeNo);
        assertThat(instructions.gatewayRef()).isEqualTo(tradeNo);
        assertThat(instructions.redirectUrl()).startsWith("https://shop.example/pay/epay/qr?");

        Map<String, String> link = query(instructions.redirectUrl());
        WebResponse page = channel.serve(
                        new IncomingRequest("GET", "qr", Map.of(), asParams(link), null, "198.51.100.1"))
                .orElseThrow();
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(page.status()).isEqualTo(200);
        assertThat(html)
                .contains("<svg")
                .contains("9.90 CNY")
                .contains("Alipay 支付宝")
                .contains("26030104001234567893");

        link.put("q", "https://attacker.example/pay");
        WebResponse forged = channel.serve(
                        new IncomingRequest("GET", "qr", Map.of(), asParams(link), null, "198.51.100.1"))
                .orElseThrow();
        assertThat(forged.status()).isEqualTo(400);

        epay.answer = FakeEpay.Answer.PAYURL;
        PaymentInstructions jump = channel.createPayment(order("26030104001234567894", 990, "wxpay"));
        assertThat(jump.redirectUrl())
                .isEqualTo(epay.base() + "pay/" + epay.trades.get("26030104001234567894").tradeNo);
        assertThat(jump.qrPayload()).isNull();
    }

    @Test
    void aTypeTheMerchantDisabledOrAnOrderInAnotherCurrencyIsNotStarted() {
        start(1, "mapi");
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567895", 990, "qqpay")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("qqpay");
        assertThatThrownBy(() -> channel.createPayment(new PaymentRequest(
                        "26030104001234567896", new Money(990, "USD"), "x", null, null, NOW, "t", "alipay")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("CNY");
        assertThat(epay.calls).isEmpty();
    }

    @Test
    void aFailingOrHangingAggregatorIsAPaymentExceptionAndNeverAnAnswer() {
        start(1, "mapi");
        epay.behaviour = FakeEpay.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567897", 990, "alipay")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("HTTP 500");
        assertThatThrownBy(() ->
                        channel.queryStatus(new PaymentQuery("26030104001234567897", null, new Money(990, "CNY"))))
                .isInstanceOf(PaymentException.class);

        epay.behaviour = FakeEpay.Behaviour.HANG;
        long started = System.nanoTime();
        assertThatThrownBy(() ->
                        channel.queryStatus(new PaymentQuery("26030104001234567897", null, new Money(990, "CNY"))))
                .isInstanceOf(PaymentException.class)
                .hasMessageNotContaining(FakeEpay.KEY);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    // ---- connection test ----

    @Test
    void versionOneConnectionTestAsksForTheMerchantsOwnAccountAndNeverShowsTheKey() {
        start(1, "submit");

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(check.detail()).contains("act=query").doesNotContain(FakeEpay.KEY);
        assertThat(epay.calls("/api.php?act=query"))
                .singleElement()
                .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());
        assertThat(epay.trades).isEmpty();
    }

    @Test
    void versionOneConnectionTestReportsAWrongKeyWithoutRepeatingIt() {
        start(1, "submit");
        context.values.put("key", "notTheMerchantsKey0000000000000x");

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("code -3").contains("KEY校验失败").doesNotContain("notTheMerchantsKey");
    }

    @Test
    void connectionTestFailsForAMerchantTheAggregatorDisabled() {
        start(1, "submit");
        epay.merchantActive = false;

        assertThat(channel.testConnection().detail()).contains("disabled");
        assertThat(channel.testConnection().outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
    }

    @Test
    void versionTwoConnectionTestIsSignedAndBelievesOnlyThePlatformsSignature() {
        start(2, "submit");

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(epay.calls("/api/merchant/info"))
                .singleElement()
                .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());

        // Another platform key: the aggregator's genuine answer does not verify with it.
        context.values.put(
                "platformPublicKey",
                FakeEpay.pem("PUBLIC KEY", FakeEpay.rsa().getPublic().getEncoded()));
        ConnectionCheck wrongPlatformKey = channel.testConnection();
        assertThat(wrongPlatformKey.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(wrongPlatformKey.detail()).contains("platform's signature");
    }

    @Test
    void versionTwoConnectionTestReportsAMerchantKeyTheAggregatorRefuses() {
        start(2, "submit");
        context.values.put(
                "merchantPrivateKey",
                FakeEpay.pem("PRIVATE KEY", FakeEpay.rsa().getPrivate().getEncoded()));

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("签名校验失败");
    }

    @Test
    void connectionTestOfAFailingOrHangingAggregatorIsAFailedResultWithoutTheKey() {
        start(1, "submit");
        epay.behaviour = FakeEpay.Behaviour.FAIL_500;
        ConnectionCheck failing = channel.testConnection();
        assertThat(failing.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(failing.detail()).contains("HTTP 500");

        epay.behaviour = FakeEpay.Behaviour.HANG;
        ConnectionCheck hanging = channel.testConnection();
        assertThat(hanging.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(hanging.detail()).contains("api.php?act=query failed").doesNotContain(FakeEpay.KEY);
    }

    @Test
    void theQueryReportsPendingUntilPaidThenTheTradeAndItsExactAmount() throws Exception {
        start(1, "mapi");
        PaymentQuery query = new PaymentQuery("26030104001234567898", null, new Money(1999, "CNY"));
        assertThat(channel.queryStatus(query).state())
                .isEqualTo(PaymentStatus.State.PENDING); // never reached the aggregator

        channel.createPayment(order("26030104001234567898", 1999, "alipay"));
        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.PENDING);

        FakeEpay.Trade trade = epay.pay("26030104001234567898");
        PaymentStatus paid = channel.queryStatus(query);
        assertThat(paid).isEqualTo(PaymentStatus.paid(trade.tradeNo, new Money(1999, "CNY")));
        assertThat(epay.calls("/api.php?act=order"))
                .allSatisfy(c -> assertThat(c.method()).isEqualTo("GET"));
    }

    @Test
    void aVersionOneRefundIsSentOnceForOneRefundIdAndARefusalMayBeTriedAgain() throws Exception {
        start(1, "mapi");
        channel.createPayment(order("26030104001234567899", 990, "alipay"));
        RefundRequest tooMuch = new RefundRequest("26030104001234567899", null, new Money(990, "CNY"), "RF1", "asked");

        // Not paid yet: a clear refusal, and the refund id stays free.
        assertThatThrownBy(() -> channel.refund(tooMuch)).isInstanceOf(PaymentException.class);
        epay.pay("26030104001234567899");

        assertThat(channel.refund(tooMuch).refunded()).isTrue();
        assertThat(channel.refund(tooMuch).refunded()).isTrue(); // the retry of a lost answer
        assertThat(epay.refundsMade).hasValue(1);
        assertThat(epay.calls("/api.php?act=refund"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.method()).isEqualTo("POST"));

        // An answer that never came: the mark stays, and the plugin will not risk refunding twice.
        RefundRequest other = new RefundRequest("26030104001234567899", null, new Money(1, "CNY"), "RF2", "asked");
        epay.behaviour = FakeEpay.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.refund(other)).isInstanceOf(PaymentException.class);
        epay.behaviour = FakeEpay.Behaviour.ANSWER;
        assertThatThrownBy(() -> channel.refund(other))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("check it at the aggregator");
        assertThat(epay.refundsMade).hasValue(1);
    }

    @Test
    void versionTwoSignsRequestsWithTheMerchantKeyAndTrustsOnlyThePlatformsSignature() throws Exception {
        start(2, "mapi");
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567800", 990, "wxpay"));
        assertThat(epay.calls("/api/pay/create")).singleElement().satisfies(c -> {
            assertThat(c.signedByMerchant()).isTrue();
            assertThat(c.params())
                    .containsEntry("sign_type", "RSA")
                    .containsEntry("timestamp", Long.toString(NOW.getEpochSecond()))
                    .containsEntry("method", "web");
        });
        assertThat(instructions.qrPayload()).startsWith(epay.base() + "pay/");

        epay.pay("26030104001234567800");
        Map<String, String> genuine = epay.notification("26030104001234567800");
        PaymentNotification paid = channel.parseNotification(get(genuine));
        assertThat(paid.amountMinor()).isEqualTo(990);
        assertThat(paid.acknowledgement()).isEqualTo("success");

        List<Map<String, String>> refused = List.of(
                epay.signRsa(genuine, FakeEpay.impostorKey()), // not the platform's key
                tampered(genuine, "money", "0.01"),
                epay.signRsa(
                        tampered(genuine, "timestamp", Long.toString(NOW.getEpochSecond() - 301)),
                        FakeEpay.impostorKey()),
                epay.sign(tampered(
                        genuine,
                        "timestamp",
                        Long.toString(NOW.getEpochSecond() - 301))), // genuine but stale: a replay
                FakeEpay.signMd5(genuine, FakeEpay.KEY), // V1 signing on a V2 channel
                epay.sign(tampered(genuine, "pid", "1002")));
        for (Map<String, String> notification : refused) {
            assertThatThrownBy(() -> channel.parseNotification(get(notification)))
                    .as(notification.toString())
                    .isInstanceOf(NotificationRejectedException.class);
        }

        PaymentStatus status =
                channel.queryStatus(new PaymentQuery("26030104001234567800", null, new Money(990, "CNY")));
        assertThat(status.state()).isEqualTo(PaymentStatus.State.PAID);
        assertThat(status.amount()).isEqualTo(new Money(990, "CNY"));
    }

    @Test
    void versionTwoSubmitLinksAndRefundsOncePerRefundId() throws Exception {
        start(2, "submit");
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567801", 500, "alipay"));
        assertThat(instructions.redirectUrl()).startsWith(epay.base() + "api/pay/submit?");
        assertThat(epay.open(URI.create(instructions.redirectUrl()))).isEqualTo(200);
        assertThat(epay.calls("/api/pay/submit"))
                .singleElement()
                .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());
        epay.pay("26030104001234567801");

        RefundRequest refund = new RefundRequest(
                "26030104001234567801", null, new Money(500, "CNY"), "RF26030104001234567801", "asked");
        assertThat(channel.refund(refund).refunded()).isTrue();
        assertThat(channel.refund(refund).refunded()).isTrue();
        assertThat(epay.refundsMade).hasValue(1);
        assertThat(epay.calls("/api/pay/refund"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.params()).containsEntry("out_refund_no", "RF26030104001234567801"));
    }

    static Map<String, List<String>> asParams(Map<String, String> values) {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }
}

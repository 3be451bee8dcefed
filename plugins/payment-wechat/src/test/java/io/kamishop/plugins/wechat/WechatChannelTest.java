package io.kamishop.plugins.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentQuery;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PaymentStatus;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.api.WebResponse;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WeChat Pay channel against a local WeChat Pay that checks our signatures and signs its own answers. */
class WechatChannelTest {

    static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    FakeWechatPay wechat = new FakeWechatPay(clock);
    FakePluginContext context = new FakePluginContext("payment-wechat", clock);
    WechatChannel channel =
            new WechatChannel(Duration.ofSeconds(5)); // short for the hanging gateway, long enough for a busy machine
    HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        context.values.putAll(wechat.pluginConfig("native"));
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
        wechat.close();
    }

    PaymentRequest order(String orderNo, long fen) {
        return new PaymentRequest(
                orderNo,
                new Money(fen, "CNY"),
                "Game key × 1",
                "buyer@example.com",
                "203.0.113.7",
                NOW.plus(Duration.ofMinutes(15)),
                "lookup-token");
    }

    static IncomingRequest post(FakeWechatPay.Callback callback) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        callback.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        return new IncomingRequest(
                "POST", "", headers, Map.of(), callback.body().getBytes(StandardCharsets.UTF_8), "203.0.113.9");
    }

    static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    @Test
    void aNativeOrderIsSignedAsApiV3AndItsQrCodeIsShownOnTheCashierPage() throws Exception {
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567890", 990));

        FakeWechatPay.Call call =
                wechat.calls("POST", "/v3/pay/transactions/native").get(0);
        assertThat(call.signedByMerchant()).isTrue();
        Map<String, Object> sent = FakePluginContext.MAPPER.readValue(call.body(), Map.class);
        assertThat(sent)
                .containsEntry("appid", FakeWechatPay.APP_ID)
                .containsEntry("mchid", FakeWechatPay.MCH_ID)
                .containsEntry("out_trade_no", "26030104001234567890")
                .containsEntry("notify_url", "https://shop.example/api/payments/wechat/notify")
                .containsEntry("time_expire", "2026-03-01T12:15:00+08:00")
                .containsEntry("amount", Map.of("total", 990L, "currency", "CNY"));
        assertThat(instructions.qrPayload()).startsWith("weixin://wxpay/bizpayurl?pr=");
        assertThat(instructions.redirectUrl()).startsWith("https://shop.example/pay/wechat/qr?");

        Map<String, String> link = query(instructions.redirectUrl());
        WebResponse page = channel.serve(new IncomingRequest(
                        "GET",
                        "qr",
                        Map.of(),
                        link.entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                        null,
                        "198.51.100.1"))
                .orElseThrow();
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(page.status()).isEqualTo(200);
        assertThat(html)
                .contains("<svg")
                .contains("9.90 CNY")
                .contains("26030104001234567890")
                .contains("https://shop.example/orders/26030104001234567890?token=lookup-token");
        // The store's policy blocks inline styles: the look comes from the stylesheet served next to the page.
        assertThat(html).doesNotContain("<style").contains("<link rel=\"stylesheet\" href=\"qr-cashier.css\">");
        WebResponse css = channel.serve(
                        new IncomingRequest("GET", "qr-cashier.css", Map.of(), Map.of(), null, "198.51.100.1"))
                .orElseThrow();
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(new String(css.body(), StandardCharsets.UTF_8)).contains(".wechat .brand");
        // A buyer the store speaks Chinese to reads the page's own lines in Chinese.
        WebResponse chinese = channel.serve(new IncomingRequest(
                        "GET",
                        "qr",
                        Map.of(),
                        link.entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                        null,
                        "198.51.100.1",
                        java.util.Locale.SIMPLIFIED_CHINESE))
                .orElseThrow();
        assertThat(new String(chinese.body(), StandardCharsets.UTF_8))
                .contains("<html lang=\"zh-CN\">", "我已付款：查看我的订单")
                .doesNotContain("I have paid");
        assertThat(html).contains("I have paid: show my order");

        // Someone else's QR code on the store's domain: the seal does not hold.
        link.put("q", "weixin://wxpay/bizpayurl?pr=attacker");
        WebResponse forged = channel.serve(new IncomingRequest(
                        "GET",
                        "qr",
                        Map.of(),
                        link.entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                        null,
                        "198.51.100.1"))
                .orElseThrow();
        assertThat(forged.status()).isEqualTo(400);
    }

    @Test
    void askingAgainForTheSameOrderGivesTheSameQrCode() throws Exception {
        PaymentInstructions first = channel.createPayment(order("26030104001234567891", 990));
        PaymentInstructions again = channel.createPayment(order("26030104001234567891", 990));
        assertThat(again.qrPayload()).isEqualTo(first.qrPayload());
        assertThat(wechat.transactions).hasSize(1);
    }

    @Test
    void h5ModeSendsThePhoneToWechatPayAndBackToTheOrder() throws Exception {
        context.values.put("mode", "h5");
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567892", 1500));

        FakeWechatPay.Call call =
                wechat.calls("POST", "/v3/pay/transactions/h5").get(0);
        assertThat(call.body()).contains("\"payer_client_ip\":\"203.0.113.7\"").contains("\"type\":\"Wap\"");
        assertThat(instructions.redirectUrl())
                .startsWith("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=")
                .endsWith(
                        "&redirect_url=https%3A%2F%2Fshop.example%2Forders%2F26030104001234567892%3Ftoken%3Dlookup-token");
    }

    @Test
    void aCallbackSealedAndSignedAsThePlatformDoesIsAPayment() throws Exception {
        channel.createPayment(order("26030104001234567893", 990));
        Map<String, Object> paid = wechat.pay("26030104001234567893");

        PaymentNotification notification = channel.parseNotification(post(wechat.paidCallback("26030104001234567893")));

        assertThat(notification.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(notification.orderNo()).isEqualTo("26030104001234567893");
        assertThat(notification.tradeNo()).isEqualTo(paid.get("transaction_id"));
        assertThat(notification.amountMinor()).isEqualTo(990);
        assertThat(notification.currency()).isEqualTo("CNY");
        assertThat(notification.acknowledgement()).isEmpty();
    }

    @Test
    void forgedTamperedAndFalselySealedCallbacksAreRefused() throws Exception {
        channel.createPayment(order("26030104001234567894", 990));
        Map<String, Object> paid = wechat.pay("26030104001234567894");
        FakeWechatPay.Callback genuine = wechat.paidCallback("26030104001234567894");
        KeyPair attacker = FakeWechatPay.rsa();

        // Signed by a key that is not the platform's, under the platform key's id.
        FakeWechatPay.Callback forged =
                FakeWechatPay.sign(genuine.body(), NOW, attacker.getPrivate(), FakeWechatPay.PUBLIC_KEY_ID);
        // The genuine signature over a body changed after signing.
        FakeWechatPay.Callback tampered = new FakeWechatPay.Callback(
                genuine.body().replace("TRANSACTION.SUCCESS", "TRANSACTION.SUCCESS "), genuine.headers());
        // Signed by the platform, but naming a key this store does not know.
        FakeWechatPay.Callback otherSerial =
                FakeWechatPay.sign(genuine.body(), NOW, wechat.platformKeys.getPrivate(), "PUB_KEY_ID_OTHER");
        // Properly signed, but the resource was sealed with another APIv3 key: not this merchant's.
        String otherKeySealed = genuine.body()
                .replaceAll(
                        "\"ciphertext\":\"[^\"]+\"",
                        "\"ciphertext\":\""
                                + FakeWechatPay.seal(
                                        "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
                                        nonceOf(genuine.body()),
                                        "transaction",
                                        FakePluginContext.MAPPER.writeValueAsString(paid))
                                + "\"");
        FakeWechatPay.Callback wrongKey =
                FakeWechatPay.sign(otherKeySealed, NOW, wechat.platformKeys.getPrivate(), FakeWechatPay.PUBLIC_KEY_ID);
        FakeWechatPay.Callback unsigned =
                new FakeWechatPay.Callback(genuine.body(), Map.of("Content-Type", "application/json"));

        for (FakeWechatPay.Callback bad : List.of(forged, tampered, otherSerial, wrongKey, unsigned)) {
            assertThatThrownBy(() -> channel.parseNotification(post(bad)))
                    .isInstanceOf(NotificationRejectedException.class);
        }
    }

    static String nonceOf(String body) {
        int at = body.indexOf("\"nonce\":\"") + "\"nonce\":\"".length();
        return body.substring(at, body.indexOf('"', at));
    }

    @Test
    void aCallbackSignedMoreThanFiveMinutesAgoIsAReplayAndRefused() throws Exception {
        channel.createPayment(order("26030104001234567895", 990));
        Map<String, Object> paid = wechat.pay("26030104001234567895");

        FakeWechatPay.Callback stale = wechat.callback("TRANSACTION.SUCCESS", paid, NOW.minus(Duration.ofMinutes(6)));
        FakeWechatPay.Callback future = wechat.callback("TRANSACTION.SUCCESS", paid, NOW.plus(Duration.ofMinutes(6)));
        FakeWechatPay.Callback recent = wechat.callback("TRANSACTION.SUCCESS", paid, NOW.minus(Duration.ofMinutes(4)));

        assertThatThrownBy(() -> channel.parseNotification(post(stale))).hasMessageContaining("replayed");
        assertThatThrownBy(() -> channel.parseNotification(post(future))).hasMessageContaining("replayed");
        assertThat(channel.parseNotification(post(recent)).kind()).isEqualTo(PaymentNotification.Kind.PAID);
    }

    @Test
    void anotherMerchantsOrAnotherAppsTransactionIsRefused() throws Exception {
        channel.createPayment(order("26030104001234567896", 990));
        Map<String, Object> paid = wechat.pay("26030104001234567896");

        Map<String, Object> otherMerchant = new LinkedHashMap<>(paid);
        otherMerchant.put("mchid", "1900000109");
        Map<String, Object> otherApp = new LinkedHashMap<>(paid);
        otherApp.put("appid", "wx0000000000000000");

        assertThatThrownBy(() ->
                        channel.parseNotification(post(wechat.callback("TRANSACTION.SUCCESS", otherMerchant, NOW))))
                .hasMessageContaining("merchant");
        assertThatThrownBy(() -> channel.parseNotification(post(wechat.callback("TRANSACTION.SUCCESS", otherApp, NOW))))
                .hasMessageContaining("application");
    }

    @Test
    void aVerifiedEventThatIsNotAPaymentIsAcknowledgedAndIgnored() throws Exception {
        channel.createPayment(order("26030104001234567897", 990));
        Map<String, Object> paid = wechat.pay("26030104001234567897");

        PaymentNotification refundEvent = channel.parseNotification(post(wechat.callback("REFUND.SUCCESS", paid, NOW)));

        assertThat(refundEvent.kind()).isEqualTo(PaymentNotification.Kind.IGNORED);
    }

    @Test
    void theQueryReportsPaidPendingClosedAndNeverCreated() throws Exception {
        channel.createPayment(order("26030104001234567898", 2000));
        PaymentQuery query = new PaymentQuery("26030104001234567898", null, new Money(2000, "CNY"));

        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.PENDING);
        Map<String, Object> paid = wechat.pay("26030104001234567898");
        assertThat(channel.queryStatus(query))
                .isEqualTo(PaymentStatus.paid((String) paid.get("transaction_id"), new Money(2000, "CNY")));
        assertThat(wechat.calls(
                        "GET", "/v3/pay/transactions/out-trade-no/26030104001234567898?mchid=" + FakeWechatPay.MCH_ID))
                .allMatch(FakeWechatPay.Call::signedByMerchant);

        channel.createPayment(order("26030104001234567899", 2000));
        channel.close(new PaymentQuery("26030104001234567899", null, new Money(2000, "CNY")));
        assertThat(channel.queryStatus(new PaymentQuery("26030104001234567899", null, new Money(2000, "CNY")))
                        .state())
                .isEqualTo(PaymentStatus.State.CLOSED);

        assertThat(channel.queryStatus(new PaymentQuery("26030104009999999999", null, new Money(2000, "CNY")))
                        .state())
                .isEqualTo(PaymentStatus.State.PENDING);
        // Closing what never reached WeChat Pay is fine; closing what was paid is not.
        channel.close(new PaymentQuery("26030104009999999999", null, new Money(2000, "CNY")));
        assertThatThrownBy(() -> channel.close(query)).isInstanceOf(PaymentException.class);
    }

    @Test
    void anAnswerNotSignedByThePlatformIsNeverBelieved() throws Exception {
        channel.createPayment(order("26030104001234567800", 990));
        wechat.pay("26030104001234567800");
        wechat.behaviour = FakeWechatPay.Behaviour.FORGE_ANSWERS;

        assertThatThrownBy(() ->
                        channel.queryStatus(new PaymentQuery("26030104001234567800", null, new Money(990, "CNY"))))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("not WeChat Pay's");
    }

    @Test
    void aGatewayThatFailsOrHangsIsAPaymentExceptionNotAnAnswer() throws Exception {
        wechat.behaviour = FakeWechatPay.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567801", 990)))
                .isInstanceOf(PaymentException.class);
        assertThatThrownBy(() ->
                        channel.queryStatus(new PaymentQuery("26030104001234567801", null, new Money(990, "CNY"))))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("500");

        wechat.behaviour = FakeWechatPay.Behaviour.HANG;
        long started = System.nanoTime();
        assertThatThrownBy(() ->
                        channel.queryStatus(new PaymentQuery("26030104001234567801", null, new Money(990, "CNY"))))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void theSameRefundIdRefundsOnceAndNamesThePaymentsTotal() throws Exception {
        channel.createPayment(order("26030104001234567802", 2500));
        String transactionId = (String) wechat.pay("26030104001234567802").get("transaction_id");
        RefundRequest refund = new RefundRequest(
                "26030104001234567802",
                transactionId,
                new Money(1000, "CNY"),
                "RF26030104001234567802",
                "duplicate payment");

        RefundResult first = channel.refund(refund);
        RefundResult again = channel.refund(refund);

        assertThat(first.refunded()).isTrue();
        assertThat(again.gatewayId()).isEqualTo(first.gatewayId());
        assertThat(wechat.refundsCreated).hasValue(1);
        String sent = wechat.calls("POST", "/v3/refund/domestic/refunds").get(0).body();
        assertThat(sent)
                .contains("\"out_refund_no\":\"RF26030104001234567802\"")
                .contains("\"transaction_id\":\"" + transactionId + "\"")
                .contains("\"refund\":1000")
                .contains("\"total\":2500");
    }

    @Test
    void notReadyUntilEveryRequiredSettingIsThereAndParses() {
        WechatChannel fresh = new WechatChannel();
        FakePluginContext empty = new FakePluginContext("payment-wechat", clock);
        fresh.start(empty);
        assertThat(fresh.isReady()).isFalse();

        empty.values.putAll(wechat.pluginConfig("native"));
        assertThat(fresh.isReady()).isTrue();
        empty.values.put("merchantPrivateKey", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----");
        assertThat(fresh.isReady()).isFalse();
        empty.values.putAll(wechat.pluginConfig("native"));
        empty.values.remove("platformPublicKeyId"); // a bare public key needs its id
        assertThat(fresh.isReady()).isFalse();
        assertThatThrownBy(() -> fresh.createPayment(order("26030104001234567803", 990)))
                .isInstanceOf(PaymentException.class);
    }

    // ---- connection test ----

    @Test
    void connectionTestDownloadsThePlatformCertificatesAndOpensThemWithTheApiV3Key() {
        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(check.detail()).contains("/v3/certificates").contains(FakeWechatPay.PUBLIC_KEY_ID);
        assertThat(wechat.calls("GET", "/v3/certificates"))
                .singleElement()
                .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());
        assertThat(wechat.calls.stream().filter(c -> c.method().equals("POST"))).isEmpty(); // nothing created
    }

    @Test
    void connectionTestFailsWhenTheApiV3KeyDoesNotOpenTheCertificates() {
        context.values.put("apiV3Key", "0123456789abcdefghijABCDEFGHIJ01");

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("APIv3 key").doesNotContain("0123456789abcdefghij");
    }

    @Test
    void connectionTestReportsAMerchantSignatureWechatPayRefuses() {
        context.values.put(
                "merchantPrivateKey",
                FakeWechatPay.pem(
                        "PRIVATE KEY", FakeWechatPay.rsa().getPrivate().getEncoded()));

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("HTTP 401 SIGN_ERROR");
    }

    @Test
    void connectionTestNeverBelievesAnAnswerTheConfiguredPlatformKeyDidNotSign() {
        wechat.behaviour = FakeWechatPay.Behaviour.FORGE_ANSWERS;

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("not WeChat Pay's");
    }

    @Test
    void connectionTestOfAPublicKeyMerchantWithoutCertificatesQueriesAnOrderThatCannotExist() {
        wechat.issuesPlatformCertificates = false;

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(check.detail()).contains("public-key mode");
        assertThat(wechat.calls("GET", "/v3/pay/transactions/out-trade-no/"))
                .singleElement()
                .satisfies(c -> assertThat(c.signedByMerchant()).isTrue());
        assertThat(wechat.transactions).isEmpty();
    }

    @Test
    void connectionTestOfAGatewayThatFailsOrHangsIsAFailedResultNotAnException() {
        wechat.behaviour = FakeWechatPay.Behaviour.FAIL_500;
        ConnectionCheck failing = channel.testConnection();
        assertThat(failing.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(failing.detail()).contains("HTTP 500");

        wechat.behaviour = FakeWechatPay.Behaviour.HANG;
        ConnectionCheck hanging = channel.testConnection();
        assertThat(hanging.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(hanging.detail()).contains("GET /v3/certificates failed");
    }

    @Test
    void connectionTestOfAnUnconfiguredChannelSaysWhatIsMissing() {
        context.values.remove("apiV3Key");

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("not configured");
        assertThat(wechat.calls).isEmpty();
    }

    @Test
    void aPlatformCertificateVerifiesCallbacksUnderItsSerialNumber() throws Exception {
        BigInteger serial = new BigInteger("5157F09EFDC096DE15EBE81A47057A7232F1B8E1", 16);
        X500Name name = new X500Name("CN=Tenpay.com Root CA, O=Tenpay.com, C=CN");
        var certificate = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                serial,
                                Date.from(NOW.minus(Duration.ofDays(1))),
                                Date.from(NOW.plus(Duration.ofDays(1800))),
                                new X500Name("CN=Tenpay.com, O=Tenpay.com, C=CN"),
                                wechat.platformKeys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(wechat.platformKeys.getPrivate())));
        context.values.put("platformPublicKey", FakeWechatPay.pem("CERTIFICATE", certificate.getEncoded()));
        context.values.remove("platformPublicKeyId");
        wechat.signingSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
        channel.createPayment(order("26030104001234567804", 990));
        Map<String, Object> paid = wechat.pay("26030104001234567804");
        String body = wechat.callback("TRANSACTION.SUCCESS", paid, NOW).body();

        PaymentNotification notification = channel.parseNotification(post(FakeWechatPay.sign(
                body, NOW, wechat.platformKeys.getPrivate(), "5157F09EFDC096DE15EBE81A47057A7232F1B8E1")));

        assertThat(notification.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        // The public key id no longer names the key that signs.
        assertThatThrownBy(() -> channel.parseNotification(post(
                        FakeWechatPay.sign(body, NOW, wechat.platformKeys.getPrivate(), FakeWechatPay.PUBLIC_KEY_ID))))
                .isInstanceOf(NotificationRejectedException.class);
    }
}

package io.kamishop.plugins.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.kamishop.api.WebResponse;
import io.kamishop.api.testing.FakePluginContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlipayChannelTest {

    static final String APP_ID = "2021000000000001";
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static KeyPair merchant;
    static KeyPair alipay;

    FakePluginContext context = new FakePluginContext("payment-alipay", Clock.fixed(NOW, ZoneOffset.UTC));
    AlipayChannel channel = new AlipayChannel(
            Duration.ofSeconds(3)); // short for the hanging-gateway case, long enough for a busy machine
    FakeAlipayGateway gateway;

    @BeforeAll
    static void keys() throws Exception {
        merchant = AlipaySignatureTest.rsa();
        alipay = AlipaySignatureTest.rsa();
    }

    @BeforeEach
    void configure() throws Exception {
        gateway = new FakeAlipayGateway(merchant.getPublic(), alipay);
        // The host's guarded client allows this loopback fake only when the merchant allows private addresses;
        // here a plain JDK client plays that allowed guard (without timeouts: the channel sets its own).
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        context.http = new io.kamishop.api.OutboundHttp() {
            @Override
            public <T> java.net.http.HttpResponse<T> send(
                    java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> body)
                    throws java.io.IOException, InterruptedException {
                return client.send(request, body);
            }
        };
        channel.start(context);
        context.values.put("appId", APP_ID);
        context.values.put(
                "merchantPrivateKey",
                Base64.getEncoder().encodeToString(merchant.getPrivate().getEncoded()));
        context.values.put(
                "alipayPublicKey",
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(alipay.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        context.values.put("gatewayUrl", gateway.url().toString());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    static PaymentRequest order(String orderNo, long fen) {
        return new PaymentRequest(
                orderNo,
                new Money(fen, "CNY"),
                "Game key x 1",
                "buyer@example.com",
                "203.0.113.9",
                NOW.plus(Duration.ofMinutes(15)),
                "tok123");
    }

    // ---- creating payments ----

    @Test
    void connectionTestQueriesATradeThatCannotExistAndVerifiesAlipaysSignedAnswer() {
        gateway.answers = r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\","
                + "\"sub_msg\":\"trade does not exist\"}";

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(gateway.calls("alipay.trade.query"))
                .singleElement()
                .satisfies(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(gateway.calls("alipay.trade.precreate")).isEmpty();
    }

    @Test
    void connectionTestFailsWhenTheAppsOwnPublicKeyStandsInForAlipays() {
        // Alipay's answer is signed with Alipay's key; checked against the app's own public key it does not verify.
        context.values.put(
                "alipayPublicKey",
                Base64.getEncoder().encodeToString(merchant.getPublic().getEncoded()));
        gateway.answers = r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}";

        assertThat(channel.testConnection().outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
    }

    @Test
    void connectionTestReportsASignatureAlipayRefuses() throws Exception {
        context.values.put(
                "merchantPrivateKey",
                Base64.getEncoder()
                        .encodeToString(AlipaySignatureTest.rsa().getPrivate().getEncoded()));

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(check.detail()).contains("isv.invalid-signature");
    }

    @Test
    void isNotReadyUntilItsKeysAreConfigured() {
        context.values.remove("merchantPrivateKey");
        assertThat(channel.isReady()).isFalse();
        context.values.put("merchantPrivateKey", "not a key");
        assertThat(channel.isReady()).isFalse();
        context.values.put(
                "merchantPrivateKey",
                Base64.getEncoder().encodeToString(merchant.getPrivate().getEncoded()));
        assertThat(channel.isReady()).isTrue();
    }

    @Test
    void pageModeRedirectsToTheGatewayWithEveryParameterSignedRsa2() throws Exception {
        PaymentInstructions instructions = channel.createPayment(order("K100", 990));

        URI redirect = URI.create(instructions.redirectUrl());
        assertThat(instructions.redirectUrl()).startsWith(gateway.url() + "?");
        Map<String, String> params = FakeAlipayGateway.form(redirect.getRawQuery());
        assertThat(params)
                .containsEntry("app_id", APP_ID)
                .containsEntry("method", "alipay.trade.page.pay")
                .containsEntry("sign_type", "RSA2")
                .containsEntry("charset", "utf-8")
                .containsEntry("version", "1.0")
                .containsEntry("timestamp", "2026-11-25 18:00:00") // Beijing time
                .containsEntry("notify_url", "https://shop.example/api/payments/alipay/notify")
                .containsEntry("return_url", "https://shop.example/orders/K100?token=tok123");
        Map<String, Object> biz = FakePluginContext.MAPPER.readValue(params.get("biz_content"), Map.class);
        assertThat(biz)
                .containsEntry("out_trade_no", "K100")
                .containsEntry("total_amount", "9.90")
                .containsEntry("product_code", "FAST_INSTANT_TRADE_PAY")
                .containsEntry("time_expire", "2026-11-25 18:15:00");
        // Verified with the JDK and the merchant's public key, the way Alipay checks it.
        assertThat(AlipaySignature.verify(
                        AlipaySignature.canonical(params, AlipaySignature.REQUEST_EXCLUDED),
                        params.get("sign"),
                        merchant.getPublic()))
                .isTrue();
        assertThat(gateway.received).isEmpty();
    }

    @Test
    void wapModeUsesTheWapMethodAndProduct() throws Exception {
        context.values.put("mode", "wap");
        Map<String, String> params = FakeAlipayGateway.form(
                URI.create(channel.createPayment(order("K101", 100)).redirectUrl())
                        .getRawQuery());

        assertThat(params).containsEntry("method", "alipay.trade.wap.pay");
        assertThat(FakePluginContext.MAPPER.readValue(params.get("biz_content"), Map.class))
                .containsEntry("product_code", "QUICK_WAP_WAY");
    }

    @Test
    void ordersInAnotherCurrencyAreRefused() {
        PaymentRequest usd = new PaymentRequest(
                "K102", new Money(500, "USD"), "x", "b@example.com", null, NOW.plusSeconds(900), "t");
        assertThatThrownBy(() -> channel.createPayment(usd))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("CNY");
    }

    @Test
    void precreateModeShowsTheGatewaysQrCodeOnASealedCashierPage() throws Exception {
        context.values.put("mode", "precreate");
        gateway.answers = r -> "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K103\","
                + "\"qr_code\":\"https://qr.alipay.com/bax01234\"}";

        PaymentInstructions instructions = channel.createPayment(order("K103", 1999));

        FakeAlipayGateway.Received call =
                gateway.calls("alipay.trade.precreate").get(0);
        assertThat(call.signatureValid()).isTrue();
        assertThat(call.params()).containsEntry("notify_url", "https://shop.example/api/payments/alipay/notify");
        assertThat(call.biz()).containsEntry("out_trade_no", "K103").containsEntry("total_amount", "19.99");
        assertThat(instructions.qrPayload()).isEqualTo("https://qr.alipay.com/bax01234");
        assertThat(instructions.redirectUrl()).startsWith("https://shop.example/pay/alipay/qr?");

        WebResponse page =
                channel.serve(pageRequest(instructions.redirectUrl())).orElseThrow();
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(page.status()).isEqualTo(200);
        assertThat(html)
                .contains("<svg")
                .contains("19.99")
                .contains("K103")
                .contains("https://shop.example/orders/K103?token=tok123");

        String forged = instructions.redirectUrl().replace("bax01234", "evil");
        assertThat(channel.serve(pageRequest(forged)).orElseThrow().status()).isEqualTo(400);
    }

    @Test
    void aPrecreateTheGatewayRefusesOrFailsIsAPaymentException() {
        context.values.put("mode", "precreate");
        gateway.answers = r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_HAS_CLOSE\"}";
        assertThatThrownBy(() -> channel.createPayment(order("K104", 100)))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("ACQ.TRADE_HAS_CLOSE");
        gateway.behaviour = FakeAlipayGateway.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.createPayment(order("K104", 100)))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("500");
        gateway.behaviour = FakeAlipayGateway.Behaviour.HANG;
        assertThatThrownBy(() -> channel.createPayment(order("K104", 100))).isInstanceOf(PaymentException.class);
    }

    @Test
    void aGatewayAnswerWithABadSignatureIsNotBelieved() throws Exception {
        KeyPair impostor = AlipaySignatureTest.rsa();
        try (FakeAlipayGateway fake = new FakeAlipayGateway(merchant.getPublic(), impostor)) {
            context.values.put("gatewayUrl", fake.url().toString());
            fake.answers = r -> "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K105\",\"trade_no\":\"T1\","
                    + "\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"1.00\"}";
            assertThatThrownBy(() -> channel.queryStatus(new PaymentQuery("K105", null, new Money(100, "CNY"))))
                    .isInstanceOf(PaymentException.class)
                    .hasMessageContaining("signature");
        }
    }

    @Test
    void anUnsignedAnswerIsOnlyBelievedForSystemErrorsWeDoNotActOn() {
        gateway.signAnswers = false;
        PaymentQuery query = new PaymentQuery("K106", null, new Money(100, "CNY"));
        gateway.answers = r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}";
        assertThatThrownBy(() -> channel.close(query))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("signature");
        assertThatThrownBy(() -> channel.queryStatus(query))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("signature");
        gateway.answers =
                r -> "{\"code\":\"20000\",\"msg\":\"Service Currently Unavailable\",\"sub_code\":\"isp.unknow-error\"}";
        assertThatThrownBy(() -> channel.queryStatus(query))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("isp.unknow-error");
    }

    // ---- notifications ----

    Map<String, String> notification(String orderNo, String amount, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("notify_time", "2026-11-25 18:01:00");
        form.put("notify_type", "trade_status_sync");
        form.put("notify_id", "ac05099524730693a8b330c5ecf72da9786");
        form.put("charset", "utf-8");
        form.put("version", "1.0");
        form.put("app_id", APP_ID);
        form.put("seller_id", "2088101117955611");
        form.put("trade_no", "2026112522001400001");
        form.put("out_trade_no", orderNo);
        form.put("trade_status", status);
        form.put("total_amount", amount);
        form.put("subject", "Game key x 1");
        return form;
    }

    /** Signs as Alipay does: the canonical text without sign and sign_type, RSA2 with Alipay's key; sent form-encoded. */
    static IncomingRequest signed(Map<String, String> form, java.security.PrivateKey key) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("sign_type", "RSA2");
        all.put(
                "sign",
                AlipaySignature.sign(AlipaySignature.canonical(all, AlipaySignature.NOTIFICATION_EXCLUDED), key));
        String body = all.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new IncomingRequest(
                "POST",
                "",
                Map.of("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8")),
                Map.of(),
                body.getBytes(StandardCharsets.UTF_8),
                "110.75.1.1");
    }

    @Test
    void aValidNotificationReportsThePaymentInExactMinorUnits() throws Exception {
        PaymentNotification paid =
                channel.parseNotification(signed(notification("K200", "9.90", "TRADE_SUCCESS"), alipay.getPrivate()));

        assertThat(paid.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(paid.orderNo()).isEqualTo("K200");
        assertThat(paid.tradeNo()).isEqualTo("2026112522001400001");
        assertThat(paid.amountMinor()).isEqualTo(990);
        assertThat(paid.currency()).isEqualTo("CNY");
        assertThat(paid.acknowledgement()).isEqualTo("success");
        assertThat(channel.parseNotification(signed(notification("K200", "9.9", "TRADE_FINISHED"), alipay.getPrivate()))
                        .amountMinor())
                .isEqualTo(990);
    }

    @Test
    void aGbkNotificationWithChineseTextIsDecodedAndVerifiedInGbk() throws Exception {
        java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
        Map<String, String> form = new LinkedHashMap<>(notification("K201", "9.90", "TRADE_SUCCESS"));
        form.put("charset", "gbk");
        form.put("subject", "游戏激活码 x 1");
        form.put("body", "中文商品说明");
        form.put("sign_type", "RSA2");
        // Alipay signs the bytes of the text in the declared charset and percent-encodes in it too.
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(alipay.getPrivate());
        rsa.update(AlipaySignature.canonical(form, AlipaySignature.NOTIFICATION_EXCLUDED)
                .getBytes(gbk));
        form.put("sign", Base64.getEncoder().encodeToString(rsa.sign()));
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), gbk))
                .collect(Collectors.joining("&"));
        IncomingRequest request = new IncomingRequest(
                "POST",
                "",
                Map.of("content-type", List.of("application/x-www-form-urlencoded; charset=gbk")),
                Map.of(),
                body.getBytes(gbk),
                "110.75.1.1");

        PaymentNotification paid = channel.parseNotification(request);

        assertThat(paid.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(paid.orderNo()).isEqualTo("K201");
        assertThat(paid.amountMinor()).isEqualTo(990);
        assertThat(AlipayChannel.parseForm(body.getBytes(gbk), gbk)).containsEntry("subject", "游戏激活码 x 1");
    }

    @Test
    void aNotificationSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPair forger = AlipaySignatureTest.rsa();
        assertThatThrownBy(() -> channel.parseNotification(
                        signed(notification("K201", "9.90", "TRADE_SUCCESS"), forger.getPrivate())))
                .isInstanceOf(NotificationRejectedException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void aTamperedAmountBreaksTheSignature() {
        IncomingRequest genuine = signed(notification("K202", "0.01", "TRADE_SUCCESS"), alipay.getPrivate());
        byte[] tampered = genuine.bodyText()
                .replace("total_amount=0.01", "total_amount=99.00")
                .getBytes(StandardCharsets.UTF_8);
        IncomingRequest forged = new IncomingRequest("POST", "", genuine.headers(), Map.of(), tampered, "1.2.3.4");

        assertThatThrownBy(() -> channel.parseNotification(forged)).isInstanceOf(NotificationRejectedException.class);
    }

    @Test
    void aQueryParameterCannotShadowASignedField() throws Exception {
        IncomingRequest genuine = signed(notification("K203", "9.90", "TRADE_SUCCESS"), alipay.getPrivate());
        IncomingRequest withQuery = new IncomingRequest(
                "POST",
                "",
                genuine.headers(),
                Map.of("out_trade_no", List.of("SOMEONE-ELSE")),
                genuine.body(),
                "1.2.3.4");

        assertThat(channel.parseNotification(withQuery).orderNo()).isEqualTo("K203");
    }

    @Test
    void aNotificationForAnotherAppOrSellerIsRefused() {
        Map<String, String> otherApp = notification("K204", "9.90", "TRADE_SUCCESS");
        otherApp.put("app_id", "2021999999999999");
        assertThatThrownBy(() -> channel.parseNotification(signed(otherApp, alipay.getPrivate())))
                .isInstanceOf(NotificationRejectedException.class)
                .hasMessageContaining("app_id");

        context.values.put("sellerId", "2088000000000001");
        assertThatThrownBy(() -> channel.parseNotification(
                        signed(notification("K204", "9.90", "TRADE_SUCCESS"), alipay.getPrivate())))
                .isInstanceOf(NotificationRejectedException.class)
                .hasMessageContaining("seller_id");
    }

    @Test
    void anAmountWithMoreDigitsThanFenIsRefused() {
        assertThatThrownBy(() -> channel.parseNotification(
                        signed(notification("K205", "9.901", "TRADE_SUCCESS"), alipay.getPrivate())))
                .isInstanceOf(NotificationRejectedException.class);
        assertThatThrownBy(() -> channel.parseNotification(
                        signed(notification("K205", "nine", "TRADE_SUCCESS"), alipay.getPrivate())))
                .isInstanceOf(NotificationRejectedException.class);
    }

    @Test
    void closedAndWaitingTradesDoNotPay() throws Exception {
        PaymentNotification closed =
                channel.parseNotification(signed(notification("K206", "9.90", "TRADE_CLOSED"), alipay.getPrivate()));
        assertThat(closed.kind()).isEqualTo(PaymentNotification.Kind.EXPIRED);
        assertThat(closed.tradeNo()).isNotEqualTo("2026112522001400001"); // never shadows the payment's record
        assertThat(channel.parseNotification(
                                signed(notification("K206", "9.90", "WAIT_BUYER_PAY"), alipay.getPrivate()))
                        .kind())
                .isEqualTo(PaymentNotification.Kind.IGNORED);
        assertThatThrownBy(() -> channel.parseNotification(
                        signed(notification("K206", "9.90", "SOMETHING_ELSE"), alipay.getPrivate())))
                .isInstanceOf(NotificationRejectedException.class);
    }

    @Test
    void anUnsignedOrRsa1NotificationIsRefused() {
        IncomingRequest empty = new IncomingRequest("POST", "", Map.of(), Map.of(), new byte[0], "1.2.3.4");
        assertThatThrownBy(() -> channel.parseNotification(empty)).isInstanceOf(NotificationRejectedException.class);
        IncomingRequest genuine = signed(notification("K207", "9.90", "TRADE_SUCCESS"), alipay.getPrivate());
        IncomingRequest rsa1 = new IncomingRequest(
                "POST",
                "",
                genuine.headers(),
                Map.of(),
                genuine.bodyText().replace("sign_type=RSA2", "sign_type=RSA").getBytes(StandardCharsets.UTF_8),
                "1.2.3.4");
        assertThatThrownBy(() -> channel.parseNotification(rsa1)).isInstanceOf(NotificationRejectedException.class);
    }

    // ---- query, refund, close ----

    @Test
    void queryReadsTheGatewaysTradeStatus() throws Exception {
        PaymentQuery query = new PaymentQuery("K300", null, new Money(990, "CNY"));
        gateway.answers =
                r -> "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K300\",\"trade_no\":\"T300\","
                        + "\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"9.90\"}";
        assertThat(channel.queryStatus(query)).isEqualTo(PaymentStatus.paid("T300", new Money(990, "CNY")));
        assertThat(gateway.calls("alipay.trade.query").get(0).biz()).containsEntry("out_trade_no", "K300");
        assertThat(gateway.calls("alipay.trade.query").get(0).signatureValid()).isTrue();

        gateway.answers = r ->
                "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K300\",\"trade_status\":\"WAIT_BUYER_PAY\"}";
        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.PENDING);
        gateway.answers = r ->
                "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K300\",\"trade_status\":\"TRADE_CLOSED\"}";
        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.CLOSED);
        gateway.answers = r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}";
        assertThat(channel.queryStatus(query).state()).isEqualTo(PaymentStatus.State.PENDING);
        gateway.behaviour = FakeAlipayGateway.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.queryStatus(query)).isInstanceOf(PaymentException.class);
    }

    @Test
    void refundCarriesTheStoresRefundIdSoARetryRefundsOnce() throws Exception {
        gateway.answers = r ->
                "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K301\",\"fund_change\":\"Y\",\"refund_fee\":\"9.90\"}";
        RefundRequest refund =
                new RefundRequest("K301", "T301", new Money(990, "CNY"), "R-K301-1", "duplicate payment");

        assertThat(channel.refund(refund).refunded()).isTrue();
        gateway.answers = r ->
                "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"K301\",\"fund_change\":\"N\",\"refund_fee\":\"9.90\"}";
        assertThat(channel.refund(refund).refunded()).isTrue();

        List<FakeAlipayGateway.Received> calls = gateway.calls("alipay.trade.refund");
        assertThat(calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.signatureValid()).isTrue();
            assertThat(c.biz())
                    .containsEntry("out_request_no", "R-K301-1")
                    .containsEntry("refund_amount", "9.90")
                    .containsEntry("trade_no", "T301");
        });
        gateway.answers =
                r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_STATUS_ERROR\"}";
        assertThatThrownBy(() -> channel.refund(refund)).isInstanceOf(PaymentException.class);
    }

    @Test
    void closeAcceptsATradeThatNeverStartedButNotAPaidOne() throws Exception {
        PaymentQuery query = new PaymentQuery("K302", null, new Money(990, "CNY"));
        channel.close(query);
        gateway.answers = r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}";
        channel.close(query);
        gateway.answers =
                r -> "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_STATUS_ERROR\"}";
        assertThatThrownBy(() -> channel.close(query)).isInstanceOf(PaymentException.class);
        assertThat(gateway.calls("alipay.trade.close")).hasSize(3).allMatch(FakeAlipayGateway.Received::signatureValid);
    }

    static IncomingRequest pageRequest(String url) {
        URI uri = URI.create(url);
        Map<String, List<String>> params = new LinkedHashMap<>();
        FakeAlipayGateway.form(uri.getRawQuery()).forEach((k, v) -> params.put(k, List.of(v)));
        String path = uri.getPath().substring("/pay/alipay/".length());
        return new IncomingRequest("GET", path, Map.of(), params, new byte[0], "1.2.3.4");
    }
}

package io.kamishop.plugins.usdt;

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
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.WebResponse;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The USDT channel against a local epusdt-family gateway that checks our signatures and signs its callbacks as Go does. */
class UsdtChannelTest {

    static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    FakeUsdtGateway gateway = new FakeUsdtGateway(clock);
    FakePluginContext context = new FakePluginContext("payment-usdt", clock);
    UsdtChannel channel = new UsdtChannel(Duration.ofSeconds(3));
    HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        context.values.putAll(gateway.pluginConfig());
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
        gateway.close();
    }

    static PaymentRequest order(String orderNo, long minor, String currency) {
        return new PaymentRequest(
                orderNo,
                new Money(minor, currency),
                "Game key × 1",
                "buyer@example.com",
                "203.0.113.7",
                NOW.plus(Duration.ofMinutes(15)),
                "lookup-token");
    }

    static IncomingRequest post(String body) {
        return new IncomingRequest(
                "POST",
                "",
                Map.of("content-type", List.of("application/json")),
                Map.of(),
                body.getBytes(StandardCharsets.UTF_8),
                "203.0.113.9");
    }

    static IncomingRequest get(String path, Map<String, String> params) {
        return new IncomingRequest(
                "GET",
                path,
                Map.of(),
                params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                null,
                "198.51.100.1");
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

    static String html(WebResponse page) {
        return new String(page.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theSignatureIsTheOneTheGatewaysDocumentationShows() {
        Map<String, String> params = Map.of(
                "order_id",
                "20220201030210321",
                "amount",
                "42",
                "notify_url",
                "http://example.com/notify",
                "redirect_url",
                "http://example.com/redirect",
                "name",
                "");
        assertThat(UsdtSignature.sign(params, "epusdt_password_xasddawqe"))
                .isEqualTo("1cd4b52df5587cfb1968b0c0c6e156cd");
    }

    @Test
    void numbersAreSpelledAsGoPrintsAFloat() {
        assertThat(UsdtSignature.plain(new BigDecimal("10.00"))).isEqualTo("10");
        assertThat(UsdtSignature.plain(new BigDecimal("1000000"))).isEqualTo("1000000");
        assertThat(UsdtSignature.goDefault(new BigDecimal("28.88"))).isEqualTo("28.88");
        assertThat(UsdtSignature.goDefault(new BigDecimal("123456.70"))).isEqualTo("123456.7");
        assertThat(UsdtSignature.goDefault(new BigDecimal("1000000.00"))).isEqualTo("1e+06");
        assertThat(UsdtSignature.goDefault(new BigDecimal("1500000"))).isEqualTo("1.5e+06");
        assertThat(UsdtSignature.goDefault(new BigDecimal("0.00001"))).isEqualTo("1e-05");
        for (String amount : List.of("28.88", "10", "123456.7", "1000000", "1234567.89", "0.0001")) {
            assertThat(UsdtSignature.goDefault(new BigDecimal(amount)))
                    .isEqualTo(gateway.goFloat(Double.parseDouble(amount)));
        }
    }

    @Test
    void aTransactionIsOpenedSignedAndItsAddressAmountQrAndCountdownShownOnTheCashierPage() throws Exception {
        PaymentInstructions instructions = channel.createPayment(order("26030104001234567890", 990, "CNY"));

        FakeUsdtGateway.Call call = gateway.calls(UsdtGateway.CREATE_PATH).get(0);
        assertThat(call.signed()).isTrue();
        assertThat(call.body())
                .containsEntry("order_id", "26030104001234567890")
                .containsEntry("amount", new BigDecimal("9.90"))
                .containsEntry("fiat", "CNY")
                .containsEntry("trade_type", "usdt.trc20")
                .containsEntry("timeout", 900)
                .containsEntry("notify_url", "https://shop.example/api/payments/usdt/notify")
                .containsEntry("redirect_url", "https://shop.example/orders/26030104001234567890?token=lookup-token")
                .doesNotContainKey("rate");
        assertThat(instructions.qrPayload()).isNull(); // the store's generic QR page would not show the coin amount
        assertThat(instructions.gatewayRef())
                .isEqualTo(gateway.transactions.get("26030104001234567890").tradeId());
        assertThat(instructions.extra())
                .containsEntry("cryptoAmount", "1.38")
                .containsEntry("coin", "USDT")
                .containsEntry("address", FakeUsdtGateway.ADDRESS)
                .containsEntry("payBefore", "2026-03-01T04:15:00Z");
        assertThat(instructions.redirectUrl()).startsWith("https://shop.example/pay/usdt/cashier?");

        Map<String, String> link = query(instructions.redirectUrl());
        WebResponse page = channel.serve(get("cashier", link)).orElseThrow();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(html(page))
                .contains("<svg")
                .contains("<span class=\"amount\">1.38</span> USDT")
                .contains("9.90 CNY")
                .contains("TRC20")
                .contains(FakeUsdtGateway.ADDRESS)
                .contains("data-expires=\"" + NOW.plusSeconds(900).getEpochSecond() + "\"")
                .contains("15:00")
                .contains("https://shop.example/orders/26030104001234567890?token=lookup-token")
                .contains("src=\"countdown.js\"")
                .doesNotContain("<style")
                .doesNotContain("<script>");
        assertThat(html(page))
                .contains("<html lang=\"en\"")
                .contains("Time left")
                .doesNotContain("剩余时间");
        IncomingRequest chinese = new IncomingRequest(
                "GET",
                "cashier",
                Map.of("accept-language", List.of("zh-CN,zh;q=0.9,en;q=0.8")),
                get("cashier", link).params(),
                null,
                "198.51.100.1");
        assertThat(html(channel.serve(chinese).orElseThrow()))
                .contains("<html lang=\"zh-CN\"")
                .contains("剩余时间")
                .contains("我已付款");
        // The store's decision (its switcher chose English) wins over the browser, as on the store's own pages.
        IncomingRequest switched = new IncomingRequest(
                "GET",
                "cashier",
                Map.of("accept-language", List.of("zh-CN"), "cookie", List.of("theme=x; lang=en")),
                get("cashier", link).params(),
                null,
                "198.51.100.1",
                java.util.Locale.US);
        assertThat(html(channel.serve(switched).orElseThrow())).contains("Time left");
        assertThat(html(channel.serve(get("countdown.js", Map.of())).orElseThrow()))
                .contains("data-expires");
        assertThat(channel.serve(get("cashier.css", Map.of())).orElseThrow().contentType())
                .startsWith("text/css");
        assertThat(channel.serve(get("other", Map.of()))).isEmpty();

        // Another order's number under this link's seal, or no seal: not shown.
        Map<String, String> forged = new LinkedHashMap<>(link);
        forged.put("o", "26030104001234567891");
        assertThat(channel.serve(get("cashier", forged)).orElseThrow().status()).isEqualTo(400);
        link.remove("sig");
        assertThat(channel.serve(get("cashier", link)).orElseThrow().status()).isEqualTo(400);
    }

    @Test
    void askingAgainForTheSameOrderShowsTheSameTransactionWithoutAskingTheGateway() throws Exception {
        PaymentInstructions first = channel.createPayment(order("26030104001234567892", 990, "CNY"));
        PaymentInstructions again = channel.createPayment(order("26030104001234567892", 990, "CNY"));

        assertThat(again).isEqualTo(first);
        assertThat(gateway.calls).hasSize(1);
    }

    @Test
    void theExchangeRatePolicyTravelsAsBepusdtsRateParameter() throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        for (String policy : List.of("7.25", "-3%", "+2%", "+1.5%")) {
            context.values.put("rate", policy);
            String orderNo = "2603010400123456" + (7000 + sent.size());
            channel.createPayment(order(orderNo, 990, "CNY"));
            sent.put(policy, (String)
                    gateway.calls.get(gateway.calls.size() - 1).body().get("rate"));
        }
        assertThat(sent)
                .containsEntry("7.25", "7.25")
                .containsEntry("-3%", "~0.97")
                .containsEntry("+2%", "~1.02")
                .containsEntry("+1.5%", "~1.015");
        assertThat(gateway.calls).allMatch(FakeUsdtGateway.Call::signed);
        for (String bad : List.of("abc", "0", "-3", "150%", "7,2")) {
            assertThatThrownBy(() -> ExchangeRate.parse(Optional.of(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSignedPaidCallbackIsAPaymentOfTheExactFiatAmountAcknowledgedWithOk() throws Exception {
        channel.createPayment(order("26030104001234567893", 990, "CNY"));

        PaymentNotification notification =
                channel.parseNotification(post(gateway.paidCallback("26030104001234567893")));

        assertThat(notification.kind()).isEqualTo(PaymentNotification.Kind.PAID);
        assertThat(notification.orderNo()).isEqualTo("26030104001234567893");
        assertThat(notification.tradeNo())
                .isEqualTo(gateway.transactions.get("26030104001234567893").tradeId());
        assertThat(notification.amountMinor()).isEqualTo(990);
        assertThat(notification.currency()).isEqualTo("CNY");
        assertThat(notification.acknowledgement()).isEqualTo("ok");
    }

    @Test
    void forgedTamperedAndUnsignedCallbacksAreRefused() throws Exception {
        channel.createPayment(order("26030104001234567894", 990, "CNY"));
        String genuine = gateway.paidCallback("26030104001234567894");
        FakeUsdtGateway.Transaction tx = gateway.transactions.get("26030104001234567894");

        Map<String, Object> fields = FakeUsdtGateway.JSON.readValue(genuine, Map.class);
        fields.put("signature", gateway.sign(fields, "someone-elses-token"));
        String forged = FakeUsdtGateway.JSON.writeValueAsString(fields);
        String tampered = genuine.replace("\"amount\":9.9", "\"amount\":99.0");
        String unsigned = genuine.replaceAll("\"signature\":\"[0-9a-f]+\"", "\"signature\":\"\"");
        String upperCase =
                genuine.replaceAll("\"signature\":\"([0-9a-f]+)\"", "\"signature\":\"" + "A".repeat(32) + "\"");

        assertThat(tampered).isNotEqualTo(genuine);
        for (String bad : List.of(forged, tampered, unsigned, upperCase, "not json", "[]")) {
            assertThatThrownBy(() -> channel.parseNotification(post(bad)))
                    .as(bad)
                    .isInstanceOf(NotificationRejectedException.class);
        }
        assertThat(channel.parseNotification(
                                post(gateway.callback(tx.tradeId(), tx.orderId(), tx.amount(), tx.actualAmount(), 2)))
                        .kind())
                .isEqualTo(PaymentNotification.Kind.PAID);
    }

    @Test
    void anUnderpaidCallbackReportsWhatWasPaidSoTheStoreRefusesItAndNothingIsRounded() throws Exception {
        channel.createPayment(order("26030104001234567895", 1000, "CNY"));
        FakeUsdtGateway.Transaction tx = gateway.transactions.get("26030104001234567895");

        // Signed by the gateway, for one fen less: reported as it is; the store compares it with the order's 10.00.
        PaymentNotification short1 = channel.parseNotification(
                post(gateway.callback(tx.tradeId(), tx.orderId(), new BigDecimal("9.99"), tx.actualAmount(), 2)));
        assertThat(short1.amountMinor()).isEqualTo(999);
        // Not an amount of CNY: refused rather than rounded.
        assertThatThrownBy(() -> channel.parseNotification(post(
                        gateway.callback(tx.tradeId(), tx.orderId(), new BigDecimal("9.995"), tx.actualAmount(), 2))))
                .hasMessageContaining("exact");
        // Less coin than the buyer was asked to send for this trade.
        assertThatThrownBy(() -> channel.parseNotification(post(gateway.callback(
                        tx.tradeId(),
                        tx.orderId(),
                        tx.amount(),
                        tx.actualAmount().subtract(new BigDecimal("0.01")),
                        2))))
                .hasMessageContaining("less coin");
    }

    @Test
    void waitingAndExpiredStatusesAreAcknowledgedAndChangeNothing() throws Exception {
        channel.createPayment(order("26030104001234567896", 990, "CNY"));
        FakeUsdtGateway.Transaction tx = gateway.transactions.get("26030104001234567896");

        for (int status : List.of(1, 3)) {
            PaymentNotification notification = channel.parseNotification(
                    post(gateway.callback(tx.tradeId(), tx.orderId(), tx.amount(), tx.actualAmount(), status)));
            assertThat(notification.kind()).isEqualTo(PaymentNotification.Kind.IGNORED);
            assertThat(notification.acknowledgement()).isEqualTo("ok");
        }
    }

    @Test
    void aPaidCallbackForAnOrderThisStoreNeverOpenedIsRefused() {
        String stranger =
                gateway.callback("stranger1", "26030104009999999999", new BigDecimal("9.9"), new BigDecimal("1.38"), 2);
        assertThatThrownBy(() -> channel.parseNotification(post(stranger))).hasMessageContaining("no USDT transaction");
    }

    @Test
    void aMillionYuanCallbackSignedAsBepusdtPrintsItVerifies() throws Exception {
        channel.createPayment(order("26030104001234567897", 100_000_000, "CNY"));
        FakeUsdtGateway.Transaction tx = gateway.transactions.get("26030104001234567897");
        assertThat(gateway.goFloat(1_000_000)).isEqualTo("1e+06");

        PaymentNotification notification =
                channel.parseNotification(post(gateway.paidCallback("26030104001234567897")));

        assertThat(notification.amountMinor()).isEqualTo(100_000_000);
        assertThat(tx.amount()).isEqualByComparingTo("1000000");
    }

    @Test
    void aGatewayThatFailsHangsOrRefusesIsAPaymentExceptionAndNothingIsKept() throws Exception {
        gateway.behaviour = FakeUsdtGateway.Behaviour.FAIL_500;
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567898", 990, "CNY")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("500");
        gateway.behaviour = FakeUsdtGateway.Behaviour.REFUSE;
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567898", 990, "CNY")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("没有可用的钱包地址");
        gateway.behaviour = FakeUsdtGateway.Behaviour.HANG;
        long started = System.nanoTime();
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567898", 990, "CNY")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(context.stored).isEmpty();

        context.values.put("token", "not-the-gateways-token");
        gateway.behaviour = FakeUsdtGateway.Behaviour.ANSWER;
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567898", 990, "CNY")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("签名错误");
        assertThat(context.stored).isEmpty();
    }

    // ---- connection test ----

    @Test
    void connectionTestOnBepusdtCancelsATradeThatCannotExistSignedWithTheToken() {
        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(check.detail()).contains("订单不存在").doesNotContain(FakeUsdtGateway.TOKEN);
        assertThat(gateway.calls(UsdtGateway.CANCEL_PATH))
                .singleElement()
                .satisfies(c -> assertThat(c.signed()).isTrue());
        assertThat(gateway.calls(UsdtGateway.CREATE_PATH)).isEmpty();
        assertThat(gateway.transactions).isEmpty();
    }

    @Test
    void connectionTestOnEpusdtSendsASignedCreateWithoutAnAmountThatNothingComesOf() {
        gateway.flavour = FakeUsdtGateway.Flavour.EPUSDT;

        ConnectionCheck check = channel.testConnection();

        assertThat(check.outcome()).isEqualTo(ConnectionCheck.Outcome.OK);
        assertThat(gateway.calls(UsdtGateway.CREATE_PATH)).singleElement().satisfies(c -> {
            assertThat(c.signed()).isTrue();
            assertThat(c.body()).doesNotContainKeys("amount", "notify_url");
        });
        assertThat(gateway.transactions).isEmpty();
        assertThat(context.stored).isEmpty();
    }

    @Test
    void connectionTestReportsATokenEitherGatewayRefuses() {
        context.values.put("token", "not-the-gateways-token");
        ConnectionCheck bepusdt = channel.testConnection();
        assertThat(bepusdt.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(bepusdt.detail()).contains("签名错误").doesNotContain("not-the-gateways-token");

        gateway.flavour = FakeUsdtGateway.Flavour.EPUSDT;
        ConnectionCheck epusdt = channel.testConnection();
        assertThat(epusdt.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(epusdt.detail()).contains("签名认证错误");
    }

    @Test
    void connectionTestOfAnAddressThatIsNoGatewayOrAGatewayThatFailsOrHangsIsAFailedResult() {
        context.values.put("apiUrl", gateway.base() + "/not-the-gateway");
        ConnectionCheck elsewhere = channel.testConnection();
        assertThat(elsewhere.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(elsewhere.detail()).contains("HTTP 404");

        context.values.putAll(gateway.pluginConfig());
        gateway.behaviour = FakeUsdtGateway.Behaviour.FAIL_500;
        ConnectionCheck failing = channel.testConnection();
        assertThat(failing.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(failing.detail()).contains("HTTP 500");

        gateway.behaviour = FakeUsdtGateway.Behaviour.HANG;
        ConnectionCheck hanging = channel.testConnection();
        assertThat(hanging.outcome()).isEqualTo(ConnectionCheck.Outcome.FAILED);
        assertThat(hanging.detail()).contains("did not answer");
    }

    @Test
    void epusdtIsUnderstoodAndNeverAskedForAnAmountItWouldReadAsYuan() throws Exception {
        gateway.flavour = FakeUsdtGateway.Flavour.EPUSDT;
        PaymentInstructions cny = channel.createPayment(order("26030104001234567899", 990, "CNY"));
        assertThat(cny.extra())
                .containsEntry("cryptoAmount", "1.38")
                .containsEntry("payBefore", "2026-03-01T04:10:00Z");
        assertThat(channel.parseNotification(post(gateway.paidCallback("26030104001234567899")))
                        .amountMinor())
                .isEqualTo(990);

        // epusdt's answer does not say it took the amount as USD: it took it as CNY. Nothing is shown.
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567800", 990, "USD")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("epusdt reads CNY only");
        gateway.flavour = FakeUsdtGateway.Flavour.BEPUSDT;
        assertThat(channel.createPayment(order("26030104001234567801", 990, "USD"))
                        .extra())
                .containsEntry("cryptoAmount", "1.38");
        assertThat(gateway.calls.get(gateway.calls.size() - 1).body()).containsEntry("fiat", "USD");
    }

    @Test
    void whileAnotherCallerOpensTheOrdersTransactionNoSecondOneIsOpened() throws Exception {
        // Another node (or tab) is opening this order's transaction right now.
        context.stored.put(
                "opening:26030104001234567803",
                Long.toString(NOW.minusSeconds(5).toEpochMilli()));
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567803", 990, "CNY")))
                .isInstanceOf(PaymentException.class)
                .hasMessageContaining("being opened");
        assertThat(gateway.calls).isEmpty();

        // A claim left by a caller that died is taken over, and released once the transaction is open.
        context.stored.put(
                "opening:26030104001234567803",
                Long.toString(NOW.minusSeconds(60).toEpochMilli()));
        assertThat(channel.createPayment(order("26030104001234567803", 990, "CNY"))
                        .extra())
                .containsKey("address");
        assertThat(gateway.calls).hasSize(1);
        assertThat(context.stored).doesNotContainKey("opening:26030104001234567803");
    }

    @Test
    void aZeroAmountIsNeverSentForBepusdtReadsItAsAnyAmount() {
        assertThatThrownBy(() -> channel.createPayment(order("26030104001234567802", 0, "CNY")))
                .isInstanceOf(PaymentException.class);
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void notReadyWithoutItsSettingsAndNeverOffersRefundsOrQueries() {
        UsdtChannel fresh = new UsdtChannel();
        FakePluginContext empty = new FakePluginContext("payment-usdt", clock);
        fresh.start(empty);
        assertThat(fresh.isReady()).isFalse();
        empty.values.putAll(gateway.pluginConfig());
        assertThat(fresh.isReady()).isTrue();
        empty.values.put("tradeType", "doge.mainnet");
        assertThat(fresh.isReady()).isFalse();
        assertThat(fresh.capabilities()).isEmpty();
        assertThat(fresh.settings()).filteredOn(s -> s.key().equals("token")).allMatch(s -> s.secret() && s.required());
    }
}

package io.kamishop.plugins.alipay;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentQuery;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PaymentStatus;
import io.kamishop.api.PluginContext;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.api.SettingDefinition;
import io.kamishop.api.WebResponse;
import io.kamishop.plugins.payment.CashierLink;
import io.kamishop.plugins.payment.QrCashierPage;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Alipay (支付宝) on its OpenAPI gateway, signed RSA2 with the JDK's own crypto: the official SDK is a
 * very large jar with old transitive dependencies, and the scheme is small.
 *
 * <p>Alipay quotes every amount in CNY major units ({@code "9.90"}), so this channel takes CNY orders
 * only and reports what Alipay says was paid as exact minor units; the store compares it with the order.
 */
@Extension
public class AlipayChannel implements PaymentChannel {

    static final String ID = "alipay";
    static final String CURRENCY = "CNY";
    private static final String ACK = "success";
    private static final QrCashierPage.Wallet WALLET = new QrCashierPage.Wallet(
            "Alipay", "支付宝 Alipay", "Alipay QR code", "打开支付宝扫一扫 · Scan with the Alipay app", "alipay");

    private final Duration gatewayTimeout;
    private volatile PluginContext context;
    private volatile AlipayGateway gateway;
    private volatile Cached cached;

    /** The last parsed settings, so RSA keys are not re-parsed on every call. */
    private record Cached(List<Optional<String>> raw, AlipayConfig config) {}

    public AlipayChannel() {
        this(Duration.ofSeconds(10));
    }

    /** With a shorter wait for the gateway, so a test of a hanging gateway does not take long. */
    AlipayChannel(Duration gatewayTimeout) {
        this.gatewayTimeout = gatewayTimeout;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Alipay 支付宝";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.QUERY, Capability.REFUND, Capability.CLOSE);
    }

    @Override
    public List<SettingDefinition> settings() {
        String keyText = "[-A-Za-z0-9+/=\\s]+";
        return List.of(
                SettingDefinition.string("appId", "App ID")
                        .asRequired()
                        .withPattern("[0-9]{6,32}")
                        .withHelp("The APPID of your application on open.alipay.com."),
                // Key types (API 1.2): the store parses them before saving, so "not-a-key" (which the text pattern
                // let through) is refused at the form, and an app public key pasted as Alipay's is named as such.
                SettingDefinition.privateKey("merchantPrivateKey", "Application private key", "RSA")
                        .asRequired()
                        .withPattern(keyText)
                        .withHelp("RSA2 private key of your application, PKCS#8, as base64 or PEM. Stored encrypted."),
                SettingDefinition.publicKey("alipayPublicKey", "Alipay public key", "RSA")
                        .asRequired()
                        .withPattern(keyText)
                        .withHelp("Alipay's public key (支付宝公钥, not your application's), X.509, as base64 or PEM."),
                SettingDefinition.string("gatewayUrl", "Gateway URL")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(AlipayConfig.PRODUCTION_GATEWAY)
                        .withHelp("Production is " + AlipayConfig.PRODUCTION_GATEWAY + "; the sandbox is "
                                + AlipayConfig.SANDBOX_GATEWAY + "."),
                SettingDefinition.choice("mode", "Payment mode", "page", List.of("page", "wap", "precreate"))
                        .withHelp(
                                "page: redirect to Alipay's desktop cashier; wap: phone browsers; precreate: a QR code to scan."),
                SettingDefinition.string("sellerId", "Seller ID (optional)")
                        .withPattern("2088[0-9]{12}")
                        .withHelp("Your PID (2088...). When set, notifications for any other seller are refused."));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
        // Through the host's guarded client, like every other channel: Alipay's own client here used to
        // pass by the outbound guard, so a gateway URL of http://127.0.0.1:6379 was called as set.
        this.gateway =
                new AlipayGateway(pluginContext::http, pluginContext.json(), pluginContext.clock(), gatewayTimeout);
    }

    @Override
    public boolean isReady() {
        try {
            config();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    AlipayConfig config() {
        var settings = context.settings();
        List<Optional<String>> raw = List.of(
                settings.get("appId"),
                settings.get("merchantPrivateKey"),
                settings.get("alipayPublicKey"),
                settings.get("gatewayUrl"),
                settings.get("mode"),
                settings.get("sellerId"));
        Cached last = cached;
        if (last != null && last.raw().equals(raw)) {
            return last.config();
        }
        AlipayConfig config = AlipayConfig.from(settings);
        cached = new Cached(raw, config);
        return config;
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) throws PaymentException {
        AlipayConfig config = configured();
        if (!CURRENCY.equals(request.amount().currency())) {
            throw new PaymentException("Alipay takes CNY only, this order is in "
                    + request.amount().currency());
        }
        String amount = request.amount().toMajor().toPlainString();
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("out_trade_no", request.orderNo());
        biz.put("total_amount", amount);
        biz.put("subject", truncate(request.subject(), 256));
        // Alipay refuses payment after time_expire: the gateway closes the trade when the stock hold ends.
        biz.put("time_expire", AlipayGateway.time(request.expiresAt()));
        String orderPage = context.storeUrls()
                .orderPage(request.orderNo(), request.lookupToken())
                .toString();
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("notify_url", context.storeUrls().notifyUrl(ID).toString());
        switch (config.mode()) {
            case PAGE, WAP -> {
                boolean page = config.mode() == AlipayConfig.Mode.PAGE;
                biz.put("product_code", page ? "FAST_INSTANT_TRADE_PAY" : "QUICK_WAP_WAY");
                urls.put("return_url", orderPage);
                Map<String, String> params = gateway.signedParams(
                        config, page ? "alipay.trade.page.pay" : "alipay.trade.wap.pay", biz, urls);
                return new PaymentInstructions(
                        AlipayGateway.redirectUrl(config, params),
                        null,
                        null,
                        null,
                        Map.of("mode", page ? "page" : "wap"));
            }
            case PRECREATE -> {
                Map<String, Object> answer = gateway.callWithParams(config, "alipay.trade.precreate", biz, urls);
                if (!"10000".equals(answer.get("code"))
                        || !(answer.get("qr_code") instanceof String qrCode)
                        || qrCode.isBlank()) {
                    throw new PaymentException("alipay.trade.precreate refused: " + reason(answer));
                }
                String subject = truncate(request.subject(), 256);
                List<String> sealed = List.of(request.orderNo(), amount, subject, qrCode, request.lookupToken());
                String cashier = context.storeUrls().channelPage(ID, "qr") + "?o=" + encode(request.orderNo())
                        + "&a=" + encode(amount) + "&s=" + encode(subject) + "&q=" + encode(qrCode)
                        + "&t=" + encode(request.lookupToken()) + "&sig="
                        + cashierLink(config).seal(sealed);
                return new PaymentInstructions(cashier, null, qrCode, null, Map.of("mode", "precreate"));
            }
            default -> throw new IllegalStateException("unknown mode " + config.mode());
        }
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        AlipayConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the Alipay channel is not configured");
        }
        // Read the form from the body itself: query parameters must not be able to shadow signed fields.
        // Alipay encodes and signs a notification in the charset its own field names (utf-8, gbk, gb2312),
        // whatever the merchant chose: a GBK notification read as UTF-8 garbles its Chinese text and
        // never verifies, so the gateway would retry it for a day and the payment never land.
        Charset charset = declaredCharset(request.body());
        Map<String, String> form = parseForm(request.body(), charset);
        if (form.isEmpty()) {
            throw new NotificationRejectedException("not an Alipay notification: empty form");
        }
        if (form.containsKey("sign_type") && !"RSA2".equals(form.get("sign_type"))) {
            throw new NotificationRejectedException("only RSA2 signatures are accepted");
        }
        if (!AlipaySignature.verify(
                AlipaySignature.canonical(form, AlipaySignature.NOTIFICATION_EXCLUDED),
                form.get("sign"),
                config.alipayKey(),
                charset)) {
            throw new NotificationRejectedException("signature does not verify with the Alipay public key");
        }
        if (!config.appId().equals(form.get("app_id"))) {
            throw new NotificationRejectedException("app_id is not this store's application");
        }
        if (config.sellerId().isPresent() && !config.sellerId().get().equals(form.get("seller_id"))) {
            throw new NotificationRejectedException("seller_id is not this store's seller");
        }
        String orderNo = required(form, "out_trade_no");
        String tradeNo = required(form, "trade_no");
        String status = required(form, "trade_status");
        return switch (status) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" ->
                PaymentNotification.paid(orderNo, tradeNo, amount(form.get("total_amount")), ACK);
            // Its own record id: a payment of the same trade_no must never be taken for a replay of this.
            case "TRADE_CLOSED" -> PaymentNotification.expired(orderNo, "closed:" + tradeNo, ACK);
            case "WAIT_BUYER_PAY" -> PaymentNotification.ignored(ACK);
            default -> throw new NotificationRejectedException("unknown trade_status");
        };
    }

    /**
     * Queries a trade number that cannot exist (<a href="https://opendocs.alipay.com/open/028woa">alipay.trade.query</a>):
     * Alipay answers {@code ACQ.TRADE_NOT_EXIST} only to a request signed with the app's private key, and we
     * accept that answer only with a valid signature by Alipay's public key, so one call checks the app ID,
     * both keys and the gateway URL, and creates nothing.
     */
    @Override
    public ConnectionCheck testConnection() {
        String probe = "kamishop-connection-test-"
                + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            Map<String, Object> answer =
                    gateway.call(configured(), "alipay.trade.query", Map.of("out_trade_no", probe));
            if (isTradeMissing(answer) || "10000".equals(answer.get("code"))) {
                return ConnectionCheck.ok("Alipay accepted a signed alipay.trade.query and its signed answer verified");
            }
            return ConnectionCheck.failed("alipay.trade.query was refused: " + reason(answer));
        } catch (PaymentException | RuntimeException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    @Override
    public PaymentStatus queryStatus(PaymentQuery query) throws PaymentException {
        Map<String, Object> answer =
                gateway.call(configured(), "alipay.trade.query", Map.of("out_trade_no", query.orderNo()));
        if (isTradeMissing(answer)) {
            return PaymentStatus.of(PaymentStatus.State.PENDING); // the buyer has not opened or scanned it yet
        }
        if (!"10000".equals(answer.get("code"))) {
            throw new PaymentException("alipay.trade.query failed: " + reason(answer));
        }
        if (!query.orderNo().equals(answer.get("out_trade_no"))) {
            throw new PaymentException("alipay.trade.query answered about another trade");
        }
        String status = String.valueOf(answer.get("trade_status"));
        return switch (status) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" -> {
                if (!(answer.get("trade_no") instanceof String tradeNo) || tradeNo.isBlank()) {
                    throw new PaymentException("alipay.trade.query reported a payment without trade_no");
                }
                try {
                    yield PaymentStatus.paid(tradeNo, amount(String.valueOf(answer.get("total_amount"))));
                } catch (NotificationRejectedException e) {
                    throw new PaymentException("alipay.trade.query: " + e.getMessage());
                }
            }
            case "WAIT_BUYER_PAY" -> PaymentStatus.of(PaymentStatus.State.PENDING);
            case "TRADE_CLOSED" -> PaymentStatus.of(PaymentStatus.State.CLOSED);
            default -> PaymentStatus.of(PaymentStatus.State.UNKNOWN);
        };
    }

    @Override
    public RefundResult refund(RefundRequest request) throws PaymentException {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("out_trade_no", request.orderNo());
        if (request.tradeNo() != null) {
            biz.put("trade_no", request.tradeNo());
        }
        biz.put("refund_amount", request.amount().toMajor().toPlainString());
        // Alipay refunds one out_request_no once: asking again answers the first refund's result.
        biz.put("out_request_no", request.refundId());
        if (request.reason() != null && !request.reason().isBlank()) {
            biz.put("refund_reason", truncate(request.reason(), 256));
        }
        Map<String, Object> answer = gateway.call(configured(), "alipay.trade.refund", biz);
        if (!"10000".equals(answer.get("code"))) {
            throw new PaymentException("alipay.trade.refund failed: " + reason(answer));
        }
        return new RefundResult(true, request.refundId());
    }

    @Override
    public void close(PaymentQuery query) throws PaymentException {
        Map<String, Object> answer =
                gateway.call(configured(), "alipay.trade.close", Map.of("out_trade_no", query.orderNo()));
        if (!"10000".equals(answer.get("code")) && !isTradeMissing(answer)) {
            throw new PaymentException("alipay.trade.close failed: " + reason(answer));
        }
    }

    @Override
    public Optional<WebResponse> serve(IncomingRequest request) {
        if (!request.method().equals("GET")) {
            return Optional.empty();
        }
        if (request.path().equals(QrCashierPage.STYLESHEET)) {
            return Optional.of(QrCashierPage.stylesheet());
        }
        if (!request.path().equals("qr")) {
            return Optional.empty();
        }
        String orderNo = request.param("o").orElse("");
        String amount = request.param("a").orElse("");
        String subject = request.param("s").orElse("");
        String qrCode = request.param("q").orElse("");
        String token = request.param("t").orElse("");
        AlipayConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            return Optional.of(WebResponse.text(404, "Alipay is not configured"));
        }
        if (qrCode.isEmpty()
                || !cashierLink(config)
                        .holds(
                                List.of(orderNo, amount, subject, qrCode, token),
                                request.param("sig").orElse(""))) {
            WebResponse page = WebResponse.html(QrCashierPage.invalidLink(request.preferredLanguage()));
            return Optional.of(new WebResponse(400, page.contentType(), page.body(), page.headers()));
        }
        String orderPage = context.storeUrls().orderPage(orderNo, token).toString();
        return Optional.of(WebResponse.html(QrCashierPage.render(
                WALLET, request.preferredLanguage(), orderNo, amount, subject, qrCode, orderPage)));
    }

    /** The seal is derived from the merchant's private key. */
    private static CashierLink cashierLink(AlipayConfig config) {
        return new CashierLink(ID, config.merchantKey().getEncoded());
    }

    private AlipayConfig configured() throws PaymentException {
        try {
            return config();
        } catch (RuntimeException e) {
            throw new PaymentException("the Alipay channel is not configured: " + e.getMessage());
        }
    }

    /** Alipay's amounts are CNY major units; more decimals than fen is not an amount Alipay sends. */
    private static Money amount(String totalAmount) throws NotificationRejectedException {
        try {
            return Money.ofMajor(totalAmount, CURRENCY);
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("total_amount is not an amount in CNY");
        }
    }

    private static boolean isTradeMissing(Map<String, Object> answer) {
        return "40004".equals(answer.get("code")) && "ACQ.TRADE_NOT_EXIST".equals(answer.get("sub_code"));
    }

    private static String reason(Map<String, Object> answer) {
        Object code = answer.get("sub_code") != null ? answer.get("sub_code") : answer.get("code");
        Object message = answer.get("sub_msg") != null ? answer.get("sub_msg") : answer.get("msg");
        return code + " " + message;
    }

    private static String required(Map<String, String> form, String field) throws NotificationRejectedException {
        String value = form.get(field);
        if (value == null || value.isBlank() || value.length() > 64) {
            throw new NotificationRejectedException(field + " is missing");
        }
        return value;
    }

    /** The charset the form's own {@code charset} field declares; UTF-8 when it declares none. */
    static Charset declaredCharset(byte[] body) throws NotificationRejectedException {
        // Field names and the charset's name are ASCII in every charset Alipay uses.
        String declared = parseForm(new String(body, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
                .get("charset");
        if (declared == null || declared.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(declared.strip());
        } catch (IllegalArgumentException e) {
            throw new NotificationRejectedException("the notification declares an unknown charset");
        }
    }

    static Map<String, String> parseForm(byte[] body, Charset charset) {
        return parseForm(new String(body, charset), charset);
    }

    static Map<String, String> parseForm(String body) {
        return parseForm(body, StandardCharsets.UTF_8);
    }

    /** {@code body} holds only ASCII when form-encoded properly; its escapes are decoded in {@code charset}. */
    static Map<String, String> parseForm(String body, Charset charset) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                form.putIfAbsent(key, value); // a repeated field cannot replace the first one
            } catch (IllegalArgumentException e) {
                return Map.of(); // malformed percent-encoding: not a notification we can read
            }
        }
        return form;
    }

    private static String truncate(String text, int max) {
        String value = text == null || text.isBlank() ? "order" : text.strip();
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

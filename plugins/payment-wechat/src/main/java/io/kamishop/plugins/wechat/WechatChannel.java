package io.kamishop.plugins.wechat;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * WeChat Pay (微信支付) API v3 for a directly connected merchant (直连商户): Native (a QR code on
 * the store's own cashier page) or H5 (phone browsers are sent to WeChat Pay's page), with order
 * query, close and refund.
 *
 * <p>Written on the JDK rather than the official wechatpay-java: the SDK shades to 5.7 MB with the
 * OkHttp/Kotlin and Apache HttpClient stacks it brings, 1.3 MB even with both taken out and its
 * HTTP routed through the host's guarded client, and it reads {@code Instant.now()} for its replay
 * window; the scheme it wraps (one RSA signature each way, AES-256-GCM, four JSON calls) is a few
 * hundred lines here, all on the store's clock and the store's guarded HTTP client.
 */
@Extension
public class WechatChannel implements PaymentChannel {

    static final String ID = "wechat";
    static final String CURRENCY = "CNY";
    static final DateTimeFormatter RFC3339_BEIJING =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneId.of("Asia/Shanghai"));
    /** What API v3 accepts as {@code out_trade_no} and {@code out_refund_no}. */
    private static final String MERCHANT_NO = "[0-9A-Za-z_*|@-]{1,64}";

    private static final QrCashierPage.Wallet WALLET = new QrCashierPage.Wallet(
            "WeChat Pay", "微信支付 WeChat Pay", "WeChat Pay QR code", "打开微信扫一扫 · Scan with WeChat", "wechat");

    private static final SecureRandom PROBES = new SecureRandom();

    private final Duration gatewayTimeout;
    private volatile PluginContext context;
    private volatile WechatApi api;
    private volatile WechatCallback callback;
    private volatile Cached cached;

    /** The last parsed settings, so keys are not parsed again on every call. */
    private record Cached(List<Optional<String>> raw, WechatConfig config) {}

    public WechatChannel() {
        this(Duration.ofSeconds(10));
    }

    /** With a shorter wait for the gateway, so a test of a hanging gateway does not take long. */
    WechatChannel(Duration gatewayTimeout) {
        this.gatewayTimeout = gatewayTimeout;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "WeChat Pay 微信支付";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.QUERY, Capability.REFUND, Capability.CLOSE);
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string("mchId", "Merchant ID (商户号)")
                        .asRequired()
                        .withPattern("[0-9]{6,32}")
                        .withHelp("Your merchant number, shown at the top right of pay.weixin.qq.com (账户中心 > 商户信息)."),
                SettingDefinition.string("appId", "AppID")
                        .asRequired()
                        .withPattern("wx[0-9a-zA-Z]{16}")
                        .withHelp(
                                "The AppID of the Official Account, Mini Program or app bound to the merchant (产品中心 > AppID账号管理)."),
                SettingDefinition.secret("apiV3Key", "APIv3 key (APIv3密钥)")
                        .asRequired()
                        .withPattern("[!-~]{32}")
                        .withHelp("The 32-character key set under 账户中心 > API安全 > 设置APIv3密钥. Stored encrypted."),
                SettingDefinition.string("merchantSerialNo", "Merchant API certificate serial number")
                        .asRequired()
                        .withPattern("[0-9A-Fa-f]{8,64}")
                        .withHelp(
                                "The serial number (证书序列号) of your merchant API certificate, under 账户中心 > API安全 > API证书 > 管理证书."),
                SettingDefinition.privateKey("merchantPrivateKey", "Merchant API private key", "RSA")
                        .asRequired()
                        .withHelp(
                                "The content of apiclient_key.pem from the certificate tool (BEGIN PRIVATE KEY). Stored encrypted."),
                SettingDefinition.string("platformPublicKeyId", "WeChat Pay public key ID")
                        .withPattern("[0-9A-Za-z_]{8,64}")
                        .withHelp(
                                "PUB_KEY_ID_... under 账户中心 > API安全 > 微信支付公钥. Leave empty when you paste a platform certificate below."),
                SettingDefinition.publicKey("platformPublicKey", "WeChat Pay public key or platform certificate", "RSA")
                        .asRequired()
                        .withHelp(
                                "pub_key.pem (BEGIN PUBLIC KEY), or, for accounts still on platform certificates, "
                                        + "the platform certificate (BEGIN CERTIFICATE). Verifies WeChat Pay's answers and callbacks."),
                SettingDefinition.string("apiBase", "API base URL")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(WechatConfig.PRODUCTION_API)
                        .withHelp("Leave as " + WechatConfig.PRODUCTION_API
                                + " (the backup domain is https://api2.mch.weixin.qq.com)."),
                SettingDefinition.choice("mode", "Payment mode", "native", List.of("native", "h5"))
                        .withHelp(
                                "native: a QR code on the store's cashier page, scanned with WeChat; h5: phone browsers open WeChat Pay "
                                        + "(needs H5 payment enabled and your domain registered with WeChat Pay)."));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
        this.api = new WechatApi(pluginContext::http, pluginContext.json(), pluginContext.clock(), gatewayTimeout);
        this.callback = new WechatCallback(pluginContext.json());
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

    WechatConfig config() {
        var settings = context.settings();
        List<Optional<String>> raw = List.of(
                settings.get("mchId"),
                settings.get("appId"),
                settings.get("apiV3Key"),
                settings.get("merchantSerialNo"),
                settings.get("merchantPrivateKey"),
                settings.get("platformPublicKeyId"),
                settings.get("platformPublicKey"),
                settings.get("apiBase"),
                settings.get("mode"));
        Cached last = cached;
        if (last != null && last.raw().equals(raw)) {
            return last.config();
        }
        WechatConfig config = WechatConfig.from(settings);
        cached = new Cached(raw, config);
        return config;
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) throws PaymentException {
        WechatConfig config = configured();
        if (!CURRENCY.equals(request.amount().currency())) {
            throw new PaymentException("WeChat Pay takes CNY only, this order is in "
                    + request.amount().currency());
        }
        String orderNo = merchantNo(request.orderNo());
        String description = truncate(request.subject(), 127);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appid", config.appId());
        body.put("mchid", config.mchId());
        body.put("description", description);
        body.put("out_trade_no", orderNo);
        // WeChat Pay refuses payment after time_expire: nobody pays for stock that went back to the shelf.
        body.put("time_expire", RFC3339_BEIJING.format(request.expiresAt()));
        body.put("notify_url", context.storeUrls().notifyUrl(ID).toString());
        body.put("amount", Map.of("total", request.amount().minor(), "currency", CURRENCY));
        String orderPage =
                context.storeUrls().orderPage(orderNo, request.lookupToken()).toString();
        if (config.mode() == WechatConfig.Mode.H5) {
            body.put(
                    "scene_info",
                    Map.of(
                            "payer_client_ip",
                            request.clientIp() == null ? "127.0.0.1" : request.clientIp(),
                            "h5_info",
                            Map.of("type", "Wap")));
            WechatApi.Answer answer = api.post(config, "/v3/pay/transactions/h5", body);
            if (!answer.ok()
                    || !(answer.body().get("h5_url") instanceof String h5Url)
                    || !(h5Url.startsWith("https://") || h5Url.startsWith("http://"))) {
                throw new PaymentException("WeChat Pay refused the H5 order: " + answer.describe());
            }
            // WeChat Pay sends the buyer back to redirect_url after paying (or cancelling).
            String redirect = h5Url + (h5Url.contains("?") ? "&" : "?") + "redirect_url=" + encode(orderPage);
            return new PaymentInstructions(redirect, null, null, null, Map.of("mode", "h5"));
        }
        // Asking again with the same out_trade_no and the same parameters answers the same code_url,
        // so a buyer who reloads gets the QR code of the one WeChat Pay order.
        WechatApi.Answer answer = api.post(config, "/v3/pay/transactions/native", body);
        if (!answer.ok() || !(answer.body().get("code_url") instanceof String codeUrl) || codeUrl.isBlank()) {
            throw new PaymentException("WeChat Pay refused the Native order: " + answer.describe());
        }
        String amount = request.amount().toMajor().toPlainString();
        List<String> sealed = List.of(orderNo, amount, description, codeUrl, request.lookupToken());
        String cashier = context.storeUrls().channelPage(ID, "qr") + "?o=" + encode(orderNo) + "&a=" + encode(amount)
                + "&s=" + encode(description) + "&q=" + encode(codeUrl) + "&t=" + encode(request.lookupToken())
                + "&sig=" + cashierLink(config).seal(sealed);
        return new PaymentInstructions(cashier, null, codeUrl, null, Map.of("mode", "native"));
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        WechatConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the WeChat Pay channel is not configured");
        }
        return callback.read(config, request, context.clock().instant());
    }

    /**
     * Downloads the platform certificates ({@code GET /v3/certificates}), the call WeChat Pay documents
     * for checking a merchant's setup: it answers only a request signed with the merchant key under the
     * configured serial number, its answer must verify with the configured platform key, and each
     * certificate in it is sealed with the APIv3 key, so one call checks every credential and changes
     * nothing. Merchants registered since late 2024 have no platform certificates (404, e.g.
     * {@code RESOURCE_NOT_EXISTS}, "use the WeChat Pay public key"): for them an order number that
     * cannot exist is queried instead, which proves the merchant signature only, and the detail says so.
     */
    @Override
    public ConnectionCheck testConnection() {
        WechatConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            return ConnectionCheck.failed("the WeChat Pay channel is not configured: " + e.getMessage());
        }
        try {
            WechatApi.Answer answer = api.get(config, "/v3/certificates");
            if (answer.ok()) {
                return openCertificates(config, answer.body());
            }
            // A wrong signature is 401; a 404 here means "no certificates for this merchant", whose code
            // differs by report (RESOURCE_NOT_EXISTS, NOT_FOUND): the order query tells the rest.
            if (answer.status() == 404) {
                return queryProbeOrder(config);
            }
            return ConnectionCheck.failed("GET /v3/certificates was refused: " + answer.describe());
        } catch (PaymentException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    private static ConnectionCheck openCertificates(WechatConfig config, Map<String, Object> body) {
        if (!(body.get("data") instanceof List<?> data) || data.isEmpty()) {
            return ConnectionCheck.failed(
                    "GET /v3/certificates answered, signed by the platform key, but listed no certificate");
        }
        for (Object item : data) {
            if (!(item instanceof Map<?, ?> certificate)
                    || !(certificate.get("encrypt_certificate") instanceof Map<?, ?> sealed)
                    || !(sealed.get("nonce") instanceof String nonce)
                    || !(sealed.get("ciphertext") instanceof String ciphertext)) {
                return ConnectionCheck.failed("GET /v3/certificates answered a certificate without its sealed content");
            }
            try {
                ResourceCipher.open(
                        config.apiV3Key(),
                        nonce,
                        sealed.get("associated_data") instanceof String ad ? ad : "",
                        ciphertext);
            } catch (GeneralSecurityException e) {
                return ConnectionCheck.failed("WeChat Pay accepted the merchant signature and its answer verified, "
                        + "but the APIv3 key does not open the certificates it sent: apiV3Key is not this merchant's");
            }
        }
        return ConnectionCheck.ok("GET /v3/certificates: WeChat Pay accepted the merchant signature, its answer "
                + "verified with platform key " + config.platformKey().id() + " and the APIv3 key opened "
                + data.size() + " platform certificate(s)");
    }

    private ConnectionCheck queryProbeOrder(WechatConfig config) throws PaymentException {
        byte[] random = new byte[8];
        PROBES.nextBytes(random);
        String probe = "KSCONNTEST" + HexFormat.of().formatHex(random);
        WechatApi.Answer answer =
                api.get(config, "/v3/pay/transactions/out-trade-no/" + probe + "?mchid=" + config.mchId());
        if (answer.status() == 404 && "ORDER_NOT_EXIST".equals(answer.code())) {
            return ConnectionCheck.ok("WeChat Pay accepted the merchant signature (merchant ID, serial number and "
                    + "private key) on an order query; this account has no platform certificates (public-key mode), "
                    + "so the public key and the APIv3 key are first checked on a payment's callback");
        }
        return ConnectionCheck.failed("the order query was refused: " + answer.describe());
    }

    @Override
    public PaymentStatus queryStatus(PaymentQuery query) throws PaymentException {
        WechatConfig config = configured();
        String orderNo = merchantNo(query.orderNo());
        WechatApi.Answer answer =
                api.get(config, "/v3/pay/transactions/out-trade-no/" + orderNo + "?mchid=" + config.mchId());
        if (answer.status() == 404 && "ORDER_NOT_EXIST".equals(answer.code())) {
            return PaymentStatus.of(PaymentStatus.State.PENDING); // never reached WeChat Pay: nobody can have paid it
        }
        WechatCallback.Transaction transaction = transaction(config, answer, "query");
        if (!orderNo.equals(transaction.orderNo())) {
            throw new PaymentException("WeChat Pay answered the query about another order");
        }
        if (transaction.isPaid()) {
            return PaymentStatus.paid(transaction.transactionId(), transaction.amount());
        }
        return switch (transaction.tradeState()) {
            case "CLOSED", "REVOKED" -> PaymentStatus.of(PaymentStatus.State.CLOSED);
            // NOTPAY, USERPAYING (the buyer is entering a password), PAYERROR (a bank refused; they may pay again)
            case "NOTPAY", "USERPAYING", "PAYERROR" -> PaymentStatus.of(PaymentStatus.State.PENDING);
            default -> PaymentStatus.of(PaymentStatus.State.UNKNOWN);
        };
    }

    @Override
    public void close(PaymentQuery query) throws PaymentException {
        WechatConfig config = configured();
        String orderNo = merchantNo(query.orderNo());
        WechatApi.Answer answer = api.post(
                config, "/v3/pay/transactions/out-trade-no/" + orderNo + "/close", Map.of("mchid", config.mchId()));
        if (!answer.ok() && !(answer.status() == 404 && "ORDER_NOT_EXIST".equals(answer.code()))) {
            throw new PaymentException("WeChat Pay did not close " + orderNo + ": " + answer.describe());
        }
    }

    /**
     * Refunds through {@code /v3/refund/domestic/refunds} with {@code out_refund_no} = the store's
     * refund id: WeChat Pay refunds one {@code out_refund_no} once and answers a repeat with the same
     * refund. The request must name the payment's total, which the store's refund does not carry, so
     * the payment is read first.
     */
    @Override
    public RefundResult refund(RefundRequest request) throws PaymentException {
        WechatConfig config = configured();
        if (!CURRENCY.equals(request.amount().currency())) {
            throw new PaymentException("WeChat Pay refunds CNY only");
        }
        String refundNo = merchantNo(request.refundId());
        boolean byTransaction = request.tradeNo() != null && request.tradeNo().matches("[0-9]{1,32}");
        WechatApi.Answer payment = api.get(
                config,
                byTransaction
                        ? "/v3/pay/transactions/id/" + request.tradeNo() + "?mchid=" + config.mchId()
                        : "/v3/pay/transactions/out-trade-no/" + merchantNo(request.orderNo()) + "?mchid="
                                + config.mchId());
        WechatCallback.Transaction paid = transaction(config, payment, "refund");
        if (!paid.isPaid() || !paid.orderNo().equals(request.orderNo())) {
            throw new PaymentException("WeChat Pay holds no payment of order " + request.orderNo() + " to refund");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transaction_id", paid.transactionId());
        body.put("out_refund_no", refundNo);
        if (request.reason() != null && !request.reason().isBlank()) {
            body.put("reason", truncate(request.reason(), 80));
        }
        body.put(
                "amount",
                Map.of(
                        "refund",
                        request.amount().minor(),
                        "total",
                        paid.amount().minor(),
                        "currency",
                        CURRENCY));
        WechatApi.Answer answer = api.post(config, "/v3/refund/domestic/refunds", body);
        if (!answer.ok()) {
            throw new PaymentException("WeChat Pay refused the refund: " + answer.describe());
        }
        if (!refundNo.equals(answer.body().get("out_refund_no"))) {
            throw new PaymentException("WeChat Pay answered about another refund");
        }
        String status = String.valueOf(answer.body().get("status"));
        String refundId = answer.body().get("refund_id") instanceof String id ? id : null;
        // PROCESSING: accepted, the money moves within minutes; CLOSED / ABNORMAL: it will not.
        return new RefundResult("SUCCESS".equals(status) || "PROCESSING".equals(status), refundId);
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
        String codeUrl = request.param("q").orElse("");
        String token = request.param("t").orElse("");
        WechatConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            return Optional.of(WebResponse.text(404, "WeChat Pay is not configured"));
        }
        if (codeUrl.isEmpty()
                || !cashierLink(config)
                        .holds(
                                List.of(orderNo, amount, subject, codeUrl, token),
                                request.param("sig").orElse(""))) {
            WebResponse page = WebResponse.html(QrCashierPage.invalidLink(request.preferredLanguage()));
            return Optional.of(new WebResponse(400, page.contentType(), page.body(), page.headers()));
        }
        String orderPage = context.storeUrls().orderPage(orderNo, token).toString();
        return Optional.of(WebResponse.html(QrCashierPage.render(
                WALLET, request.preferredLanguage(), orderNo, amount, subject, codeUrl, orderPage)));
    }

    /** A verified transaction from a query's answer; anything else is a failure to ask again later. */
    private static WechatCallback.Transaction transaction(WechatConfig config, WechatApi.Answer answer, String what)
            throws PaymentException {
        if (!answer.ok()) {
            throw new PaymentException("WeChat Pay " + what + " failed: " + answer.describe());
        }
        try {
            return WechatCallback.Transaction.read(config, answer.body())
                    .orElseThrow(() -> new PaymentException("WeChat Pay " + what + " answered without a transaction"));
        } catch (NotificationRejectedException e) {
            throw new PaymentException("WeChat Pay " + what + ": " + e.getMessage());
        }
    }

    /** The seal is derived from the merchant's private key. */
    private static CashierLink cashierLink(WechatConfig config) {
        return new CashierLink(ID, config.merchantKey().getEncoded());
    }

    private WechatConfig configured() throws PaymentException {
        try {
            return config();
        } catch (RuntimeException e) {
            throw new PaymentException("the WeChat Pay channel is not configured: " + e.getMessage());
        }
    }

    private static String merchantNo(String value) throws PaymentException {
        if (value == null || !value.matches(MERCHANT_NO)) {
            throw new PaymentException("'" + value + "' cannot be a WeChat Pay merchant number");
        }
        return value;
    }

    private static String truncate(String text, int max) {
        String value = text == null || text.isBlank() ? "order" : text.strip();
        return value.codePointCount(0, value.length()) <= max
                ? value
                : value.substring(0, value.offsetByCodePoints(0, max));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

package io.kamishop.plugins.epay;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentMethod;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * EPay (易支付): the protocol of "彩虹易支付" that a great many aggregators and their clones speak,
 * in both versions. V1 signs with MD5 and a merchant key; V2 with RSA (SHA256withRSA) both ways, the
 * merchant's private key on requests and the platform's key on answers and notifications.
 *
 * <p>One merchant account takes several wallets (alipay, wxpay, qqpay, usdt, ...). Each type the
 * merchant enables is offered to buyers as its own choice, {@code epay-<type>}, through
 * {@link #methods()}; notifications of all of them arrive at {@code /api/payments/epay/notify}.
 *
 * <p>EPay quotes every amount in CNY yuan ({@code money=9.90}), so this channel takes CNY orders only
 * and reports what the aggregator says was paid as exact fen; the store compares it with the order.
 */
@Extension
public class EpayChannel implements PaymentChannel {

    static final String ID = "epay";
    static final String CURRENCY = "CNY";
    /** What EPay expects back, and only once the store has recorded the notification; anything else makes it retry. */
    static final String ACK = "success";
    /** What EPay accepts as {@code out_trade_no}. */
    private static final String ORDER_NO = "[0-9A-Za-z_.-]{1,64}";

    private final Duration gatewayTimeout;
    private volatile PluginContext context;
    private volatile EpayGateway gateway;
    private volatile Cached cached;

    /** The last parsed settings, so keys are not parsed again on every call. */
    private record Cached(List<Optional<String>> raw, EpayConfig config) {}

    public EpayChannel() {
        this(Duration.ofSeconds(10));
    }

    /** With a shorter wait for the gateway, so a test of a hanging gateway does not take long. */
    EpayChannel(Duration gatewayTimeout) {
        this.gatewayTimeout = gatewayTimeout;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "EPay 易支付";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.QUERY, Capability.REFUND);
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string("gatewayUrl", "Aggregator address (接口地址)")
                        .withType(SettingDefinition.Type.URL)
                        .asRequired()
                        .withHelp(
                                "The aggregator's base URL from its developer docs, ending in / (for example https://pay.example.com/). "
                                        + "Prefer https: V1 answers carry no signature."),
                SettingDefinition.string("pid", "Merchant ID (商户ID / pid)")
                        .asRequired()
                        .withPattern("[0-9A-Za-z_-]{1,32}")
                        .withHelp("Your merchant number on the aggregator (商户中心 > 商户信息)."),
                SettingDefinition.choice("version", "Protocol version", "1", List.of("1", "2"))
                        .withHelp(
                                "1: MD5 signatures with the merchant key (every EPay clone). 2: RSA signatures (彩虹易支付 V2 API)."),
                SettingDefinition.secret("key", "Merchant key (商户密钥, V1)")
                        .withPattern("[!-~]{8,128}")
                        .withHelp(
                                "The MD5 key shown next to your merchant ID. Needed for version 1. Stored encrypted."),
                SettingDefinition.publicKey("platformPublicKey", "Platform public key (平台公钥, V2)", "RSA")
                        .withHelp("The aggregator's RSA public key (商户中心 > API信息 > 平台公钥). Needed for version 2."),
                SettingDefinition.privateKey("merchantPrivateKey", "Merchant private key (商户私钥, V2)", "RSA")
                        .withHelp(
                                "Your RSA private key, PKCS#8 (BEGIN PRIVATE KEY); give its public key to the aggregator. "
                                        + "Needed for version 2. Stored encrypted."),
                SettingDefinition.string("types", "Payment types (支付方式)")
                        .withType(SettingDefinition.Type.LIST)
                        .withDefault(EpayConfig.DEFAULT_TYPES)
                        .withHelp(
                                "One per line, as the aggregator names them: alipay, wxpay, qqpay, usdt, ... Optionally "
                                        + "type=Name to name it for buyers. Each is offered to buyers as its own choice."),
                SettingDefinition.choice("mode", "Payment mode", "submit", List.of("submit", "mapi"))
                        .withHelp(
                                "submit: the buyer is sent to the aggregator's cashier page. mapi: the store asks the "
                                        + "aggregator itself and shows the QR code or sends the buyer to the pay URL it returns."));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
        this.gateway =
                new EpayGateway(pluginContext::http, pluginContext.json(), pluginContext.clock(), gatewayTimeout);
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

    /** Each enabled type, offered as {@code epay-<type>}; none while the channel is not configured. */
    @Override
    public List<PaymentMethod> methods() {
        try {
            return config().types();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    EpayConfig config() {
        var settings = context.settings();
        List<Optional<String>> raw = List.of(
                settings.get("gatewayUrl"),
                settings.get("pid"),
                settings.get("version"),
                settings.get("key"),
                settings.get("platformPublicKey"),
                settings.get("merchantPrivateKey"),
                settings.get("types"),
                settings.get("mode"));
        Cached last = cached;
        if (last != null && last.raw().equals(raw)) {
            return last.config();
        }
        EpayConfig config = EpayConfig.from(settings);
        cached = new Cached(raw, config);
        return config;
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) throws PaymentException {
        EpayConfig config = configured();
        if (!CURRENCY.equals(request.amount().currency())) {
            throw new PaymentException(
                    "EPay takes CNY only, this order is in " + request.amount().currency());
        }
        String orderNo = orderNo(request.orderNo());
        // No method named (a caller that builds the request with the older constructor): the first enabled type.
        PaymentMethod type = request.method() == null
                ? config.types().get(0)
                : config.type(request.method())
                        .orElseThrow(() -> new PaymentException(
                                "the payment type '" + request.method() + "' is no longer enabled"));
        String money = request.amount().toMajor().toPlainString();
        String name = truncate(request.subject(), 100);
        String orderPage =
                context.storeUrls().orderPage(orderNo, request.lookupToken()).toString();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", type.id());
        params.put("out_trade_no", orderNo);
        params.put("notify_url", context.storeUrls().notifyUrl(ID).toString());
        params.put("return_url", orderPage);
        params.put("name", name);
        params.put("money", money);
        if (config.mode() == EpayConfig.Mode.SUBMIT) {
            return new PaymentInstructions(
                    gateway.submitLink(config, params), null, null, null, Map.of("mode", "submit", "type", type.id()));
        }
        params.put(
                "clientip",
                request.clientIp() == null || request.clientIp().isBlank() ? "127.0.0.1" : request.clientIp());
        Map<String, String> answer;
        String payUrl;
        String qrCode;
        if (config.version() == 1) {
            params.put("device", "pc");
            answer = gateway.call(config, "mapi.php", params);
            if (!"1".equals(answer.get("code"))) {
                throw new PaymentException("EPay mapi.php refused the order: " + message(answer));
            }
            payUrl = first(answer.get("payurl"), answer.get("urlscheme"));
            qrCode = answer.get("qrcode");
        } else {
            params.put("method", "web");
            params.put("device", "pc");
            answer = gateway.call(config, "api/pay/create", params);
            if (!"0".equals(answer.get("code"))) {
                throw new PaymentException("EPay api/pay/create refused the order: " + message(answer));
            }
            String payType = String.valueOf(answer.get("pay_type"));
            String info = answer.get("pay_info");
            payUrl = payType.equals("jump") || payType.equals("urlscheme") ? info : null;
            qrCode = payType.equals("qrcode") ? info : null;
        }
        String tradeNo = answer.get("trade_no");
        if (payUrl != null && !payUrl.isBlank()) {
            return new PaymentInstructions(payUrl, null, null, tradeNo, Map.of("mode", "mapi", "type", type.id()));
        }
        if (qrCode == null || qrCode.isBlank()) {
            throw new PaymentException("EPay answered neither a pay URL nor a QR code; try submit mode");
        }
        List<String> sealed = List.of(orderNo, money, name, type.displayName(), qrCode, request.lookupToken());
        String cashier = context.storeUrls().channelPage(ID, "qr") + "?o=" + encode(orderNo) + "&a=" + encode(money)
                + "&s=" + encode(name) + "&w=" + encode(type.displayName()) + "&q=" + encode(qrCode)
                + "&t=" + encode(request.lookupToken()) + "&sig=" + new CashierLink(ID, config.sealKey()).seal(sealed);
        return new PaymentInstructions(cashier, null, qrCode, tradeNo, Map.of("mode", "mapi", "type", type.id()));
    }

    /**
     * Reads EPay's notification: a GET with query parameters (some clones POST a form; the host gives
     * both as parameters). Every parameter but {@code sign}/{@code sign_type} is covered by the
     * signature, so what is verified is exactly what is read.
     */
    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        EpayConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the EPay channel is not configured");
        }
        Map<String, String> params = new LinkedHashMap<>();
        request.params().forEach((key, values) -> {
            if (!values.isEmpty()) {
                params.put(key, values.get(0));
            }
        });
        if (params.isEmpty()) {
            throw new NotificationRejectedException("not an EPay notification: no parameters");
        }
        String signType = params.getOrDefault("sign_type", "");
        if (config.version() == 1) {
            if (!signType.isEmpty() && !signType.equalsIgnoreCase("MD5")) {
                throw new NotificationRejectedException("version 1 notifications are signed MD5");
            }
            if (!EpaySignature.md5Holds(params, config.md5Key(), params.get("sign"))) {
                throw new NotificationRejectedException("signature does not verify with the merchant key");
            }
        } else {
            if (!signType.equals("RSA")) {
                throw new NotificationRejectedException("version 2 notifications are signed RSA");
            }
            if (!EpaySignature.rsaHolds(params, config.platformKey(), params.get("sign"))) {
                throw new NotificationRejectedException("signature does not verify with the platform public key");
            }
            // A signed V2 notification is still refused once stale: a captured one cannot be replayed later.
            if (!gateway.fresh(params.get("timestamp"))) {
                throw new NotificationRejectedException("timestamp is not within 5 minutes of the store's clock");
            }
        }
        if (!config.pid().equals(params.get("pid"))) {
            throw new NotificationRejectedException("pid is not this store's merchant");
        }
        String orderNo = required(params, "out_trade_no");
        String tradeNo = required(params, "trade_no");
        if (!"TRADE_SUCCESS".equals(params.get("trade_status"))) {
            return PaymentNotification.ignored(ACK); // EPay notifies payments only; nothing else is for us to act on
        }
        return PaymentNotification.paid(orderNo, tradeNo, money(params.get("money")), ACK);
    }

    /**
     * Asks the aggregator about the merchant's own account, the documented call that needs the
     * credentials and creates nothing: V1 {@code GET api.php?act=query&pid=&key=} (code 1 and
     * {@code active}), V2 {@code api/merchant/info} (signed with the merchant key; a code 0 answer must
     * carry the platform's signature, so both keys are checked). An account the aggregator has disabled
     * fails: it would take no payment. Only {@code code} and {@code msg} are ever shown: the V1 answer
     * echoes the key.
     */
    @Override
    public ConnectionCheck testConnection() {
        EpayConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            return ConnectionCheck.failed("the EPay channel is not configured: " + e.getMessage());
        }
        try {
            if (config.version() == 1) {
                Map<String, String> answer = gateway.v1Merchant(config);
                if (!"1".equals(answer.get("code"))) {
                    return ConnectionCheck.failed("api.php?act=query was refused: " + refusal(answer));
                }
                if (!config.pid().equals(answer.get("pid"))) {
                    return ConnectionCheck.failed("api.php?act=query answered about another merchant");
                }
                if ("0".equals(answer.get("active"))) {
                    return ConnectionCheck.failed(
                            "the key is right, but the aggregator has disabled merchant " + config.pid());
                }
                return ConnectionCheck.ok("api.php?act=query: the aggregator accepted merchant " + config.pid()
                        + " and its key; the account is active");
            }
            Map<String, String> answer = gateway.call(config, "api/merchant/info", Map.of());
            if (!"0".equals(answer.get("code"))) {
                return ConnectionCheck.failed("api/merchant/info was refused: " + refusal(answer));
            }
            if (answer.containsKey("pid") && !config.pid().equals(answer.get("pid"))) {
                return ConnectionCheck.failed("api/merchant/info answered about another merchant");
            }
            if ("0".equals(answer.get("status"))) {
                return ConnectionCheck.failed(
                        "the keys are right, but the aggregator has disabled merchant " + config.pid());
            }
            return ConnectionCheck.ok("api/merchant/info: the aggregator accepted the merchant signature and its "
                    + "answer verified with the platform public key");
        } catch (PaymentException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    private static String refusal(Map<String, String> answer) {
        String message = answer.getOrDefault("msg", "");
        return "code " + answer.getOrDefault("code", "missing")
                + (message.isBlank() ? "" : " " + (message.length() > 120 ? message.substring(0, 120) : message));
    }

    /** {@code api.php?act=order} (V1) or {@code api/pay/query} (V2) by the store's order number. */
    @Override
    public PaymentStatus queryStatus(PaymentQuery query) throws PaymentException {
        EpayConfig config = configured();
        String orderNo = orderNo(query.orderNo());
        Map<String, String> answer;
        if (config.version() == 1) {
            answer = gateway.v1Order(config, orderNo);
            if (!"1".equals(answer.get("code"))) {
                // The order was never created there (the buyer never opened the page): nobody can have paid it.
                return PaymentStatus.of(PaymentStatus.State.PENDING);
            }
        } else {
            answer = gateway.call(config, "api/pay/query", Map.of("out_trade_no", orderNo));
            if (!"0".equals(answer.get("code"))) {
                return PaymentStatus.of(PaymentStatus.State.PENDING);
            }
        }
        if (!orderNo.equals(answer.get("out_trade_no"))) {
            throw new PaymentException("EPay answered the query about another order");
        }
        if (answer.containsKey("pid") && !config.pid().equals(answer.get("pid"))) {
            throw new PaymentException("EPay answered the query about another merchant's order");
        }
        if (!"1".equals(answer.get("status"))) {
            return PaymentStatus.of(PaymentStatus.State.PENDING);
        }
        String tradeNo = answer.get("trade_no");
        if (tradeNo == null || tradeNo.isBlank()) {
            throw new PaymentException("EPay reported a payment without trade_no");
        }
        try {
            return PaymentStatus.paid(tradeNo, money(answer.get("money")));
        } catch (NotificationRejectedException e) {
            throw new PaymentException("EPay query: " + e.getMessage());
        }
    }

    /**
     * V2 refunds through {@code api/pay/refund} with {@code out_refund_no} = the store's refund id,
     * which the aggregator refunds once. V1's {@code api.php?act=refund} has no refund id: asked twice
     * it would refund twice, so the plugin remembers each refund id it sent (in its store, shared by
     * all nodes) and never sends one twice; a refund whose answer was lost is left for the merchant
     * to check at the aggregator rather than risk paying back twice.
     */
    @Override
    public RefundResult refund(RefundRequest request) throws PaymentException {
        EpayConfig config = configured();
        if (!CURRENCY.equals(request.amount().currency())) {
            throw new PaymentException("EPay refunds CNY only");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("out_trade_no", orderNo(request.orderNo()));
        params.put("money", request.amount().toMajor().toPlainString());
        if (config.version() == 2) {
            params.put("out_refund_no", orderNo(request.refundId()));
            Map<String, String> answer = gateway.call(config, "api/pay/refund", params);
            if (!"0".equals(answer.get("code"))) {
                throw new PaymentException("EPay refused the refund: " + message(answer));
            }
            return new RefundResult(true, first(answer.get("refund_no"), request.refundId()));
        }
        String memory = "refund:" + request.refundId();
        Optional<String> earlier = context.store().get(memory);
        if (earlier.isPresent()) {
            if (earlier.get().equals("done")) {
                return new RefundResult(true, request.refundId());
            }
            throw new PaymentException("refund " + request.refundId() + " was sent before without a clear answer; "
                    + "check it at the aggregator before refunding again");
        }
        if (!context.store().putIfAbsent(memory, "sent")) {
            throw new PaymentException("refund " + request.refundId() + " is being sent right now");
        }
        // No answer, or not a readable one, throws here and keeps the mark: the aggregator may have refunded.
        Map<String, String> answer = gateway.v1Refund(config, params);
        if (!"1".equals(answer.get("code"))) {
            context.store().delete(memory); // a clear refusal: nothing moved, the merchant may try again
            throw new PaymentException("EPay refused the refund: " + message(answer));
        }
        context.store().put(memory, "done");
        return new RefundResult(true, request.refundId());
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
        String wallet = request.param("w").orElse("");
        String qrCode = request.param("q").orElse("");
        String token = request.param("t").orElse("");
        EpayConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            return Optional.of(WebResponse.text(404, "EPay is not configured"));
        }
        if (qrCode.isEmpty()
                || !new CashierLink(ID, config.sealKey())
                        .holds(
                                List.of(orderNo, amount, subject, wallet, qrCode, token),
                                request.param("sig").orElse(""))) {
            WebResponse page = WebResponse.html(QrCashierPage.invalidLink(request.preferredLanguage()));
            return Optional.of(new WebResponse(400, page.contentType(), page.body(), page.headers()));
        }
        String orderPage = context.storeUrls().orderPage(orderNo, token).toString();
        return Optional.of(WebResponse.html(QrCashierPage.render(
                QrCashierPage.Wallet.named(wallet),
                request.preferredLanguage(),
                orderNo,
                amount,
                subject,
                qrCode,
                orderPage)));
    }

    private EpayConfig configured() throws PaymentException {
        try {
            return config();
        } catch (RuntimeException e) {
            throw new PaymentException("the EPay channel is not configured: " + e.getMessage());
        }
    }

    /** EPay's {@code money} is CNY yuan; more decimals than fen is not an amount, and never rounds into one. */
    private static Money money(String money) throws NotificationRejectedException {
        try {
            return Money.ofMajor(money.strip(), CURRENCY);
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("money is not an amount in CNY");
        }
    }

    private static String required(Map<String, String> params, String field) throws NotificationRejectedException {
        String value = params.get(field);
        if (value == null || value.isBlank() || value.length() > 64) {
            throw new NotificationRejectedException(field + " is missing");
        }
        return value;
    }

    private static String orderNo(String value) throws PaymentException {
        if (value == null || !value.matches(ORDER_NO)) {
            throw new PaymentException("'" + value + "' cannot be an EPay order number");
        }
        return value;
    }

    private static String message(Map<String, String> answer) {
        String msg = answer.getOrDefault("msg", "");
        return "code " + answer.get("code")
                + (msg.isEmpty() ? "" : " " + (msg.length() > 200 ? msg.substring(0, 200) : msg));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
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

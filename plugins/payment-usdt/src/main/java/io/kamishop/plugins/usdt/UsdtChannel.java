package io.kamishop.plugins.usdt;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentNotification;
import io.kamishop.api.PaymentRequest;
import io.kamishop.api.PluginContext;
import io.kamishop.api.SettingDefinition;
import io.kamishop.api.WebResponse;
import io.kamishop.plugins.payment.CashierLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * USDT (and USDC, TRX) through a self-hosted gateway of the epusdt family: epusdt, BEpusdt, or
 * TokenPay's epusdt-compatible API. The gateway watches the chain and posts a signed callback when
 * the exact amount arrived at the address it handed out; the store shows that address and amount on
 * its own cashier page.
 *
 * <p>Capabilities: none. Neither gateway has a signed way to ask about an order (BEpusdt's
 * {@code /api/v1/pay/info} is the checkout page's unsigned, buyer-bound status call), so the store
 * relies on the callback, which both retry. And a crypto payment cannot be sent back by the gateway:
 * the channel does not offer refunds, and the store says "refund by hand".
 */
@Extension
public class UsdtChannel implements PaymentChannel {

    static final String ID = "usdt";
    private static final String CASHIER = "cashier";
    private static final String ORDER_NO = "[0-9A-Za-z_-]{1,64}";
    /** Longer than a gateway call may take (its time-out is 10 seconds), so a live claim is never taken over. */
    private static final Duration OPENING_CLAIM = Duration.ofSeconds(30);

    private static final SecureRandom PROBES = new SecureRandom();

    private final Duration gatewayTimeout;
    private volatile PluginContext context;
    private volatile UsdtGateway gateway;
    private volatile UsdtCallback callback;

    public UsdtChannel() {
        this(Duration.ofSeconds(10));
    }

    /** With a shorter wait for the gateway, so a test of a hanging gateway does not take long. */
    UsdtChannel(Duration gatewayTimeout) {
        this.gatewayTimeout = gatewayTimeout;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "USDT";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string("apiUrl", "Gateway address")
                        .withType(SettingDefinition.Type.URL)
                        .asRequired()
                        .withHelp(
                                "Where your epusdt or BEpusdt answers, such as https://pay.example.com (its app_uri)."),
                SettingDefinition.secret("token", "API token")
                        .asRequired()
                        .withHelp(
                                "epusdt's api_auth_token, or BEpusdt's 对接令牌 (系统管理 > 基本设置 > API 设置). Signs both ways. Stored encrypted."),
                SettingDefinition.choice(
                                "tradeType", "Coin and network", UsdtConfig.DEFAULT_TRADE_TYPE, UsdtConfig.TRADE_TYPES)
                        .withHelp(
                                "What buyers send, as the gateway names it: usdt.trc20 (USDT on TRON), usdt.erc20, usdt.bep20 (BSC), "
                                        + "usdt.polygon, ... The gateway must watch a wallet on that network. epusdt takes usdt.trc20 only."),
                SettingDefinition.string("rate", "Exchange rate")
                        .withPattern(ExchangeRate.PATTERN)
                        .withHelp(
                                "Empty: the gateway's rate. 7.25: always 7.25 of your currency per coin. -3% or +2%: the gateway's "
                                        + "live rate lowered or raised by that much (-3% asks buyers for about 3% more coin). BEpusdt only; "
                                        + "on epusdt set the rate in its own configuration."));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
        this.gateway =
                new UsdtGateway(pluginContext::http, pluginContext.json(), pluginContext.clock(), gatewayTimeout);
        this.callback = new UsdtCallback(pluginContext.json());
    }

    @Override
    public boolean isReady() {
        try {
            UsdtConfig.from(context.settings());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Opens the gateway's transaction once per order and shows it on the store's cashier page; asked
     * again while it is open, shows the same one without calling the gateway.
     */
    @Override
    public PaymentInstructions createPayment(PaymentRequest request) throws PaymentException {
        UsdtConfig config = configured();
        if (request.orderNo() == null || !request.orderNo().matches(ORDER_NO)) {
            throw new PaymentException("'" + request.orderNo() + "' cannot be a gateway order id");
        }
        Instant now = context.clock().instant();
        Optional<GatewayTransaction> open = transaction(request.orderNo())
                .filter(tx -> tx.openAt(now)
                        && tx.fiatAmount().equals(request.amount().toMajor().toPlainString()));
        GatewayTransaction tx = open.isPresent() ? open.get() : openOnce(config, request, now);
        String cashier = context.storeUrls().channelPage(ID, CASHIER) + "?o=" + encode(tx.orderNo()) + "&t="
                + encode(request.lookupToken()) + "&sig="
                + cashierLink(config).seal(List.of(tx.orderNo(), request.lookupToken()));
        // No qrPayload: the storefront would then draw its own QR page, without the coin amount the
        // buyer must send. The buyer goes to this plugin's cashier page; API clients get the fields.
        return new PaymentInstructions(
                cashier,
                null,
                null,
                tx.tradeId(),
                Map.of(
                        "address",
                        tx.address(),
                        "cryptoAmount",
                        tx.actualAmount(),
                        "coin",
                        UsdtConfig.coin(tx.tradeType()),
                        "tradeType",
                        tx.tradeType(),
                        "payBefore",
                        tx.expiresAt().toString()));
    }

    /**
     * Opens the gateway's transaction, one caller at a time per order, on any node: two at once (a
     * double click, two tabs) would have BEpusdt rebuild the transaction under the first buyer's
     * page, so the address and amount they pay might no longer be the ones watched. A claim older
     * than {@link #OPENING_CLAIM} is a caller that died and is taken over.
     */
    private GatewayTransaction openOnce(UsdtConfig config, PaymentRequest request, Instant now)
            throws PaymentException {
        String claim = "opening:" + request.orderNo();
        if (!context.store().putIfAbsent(claim, Long.toString(now.toEpochMilli()))) {
            long since = context.store().get(claim).map(Long::parseLong).orElse(0L);
            if (now.toEpochMilli() - since < OPENING_CLAIM.toMillis()) {
                throw new PaymentException("the payment of order " + request.orderNo() + " is being opened right now");
            }
            context.store().put(claim, Long.toString(now.toEpochMilli()));
        }
        try {
            String orderPage = context.storeUrls()
                    .orderPage(request.orderNo(), request.lookupToken())
                    .toString();
            GatewayTransaction tx = gateway.create(
                    config, request, context.storeUrls().notifyUrl(ID).toString(), orderPage);
            context.store()
                    .put(
                            GatewayTransaction.storeKey(tx.orderNo()),
                            context.json().write(tx.toMap()));
            return tx;
        } finally {
            context.store().delete(claim);
        }
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        UsdtConfig config;
        try {
            config = UsdtConfig.from(context.settings());
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the USDT channel is not configured");
        }
        return callback.read(config, request, this::transaction);
    }

    @Override
    public Optional<WebResponse> serve(IncomingRequest request) {
        return switch (request.path()) {
            case "cashier.css" -> Optional.of(asset("cashier.css", "text/css; charset=utf-8"));
            case "countdown.js" -> Optional.of(asset("countdown.js", "text/javascript; charset=utf-8"));
            case CASHIER -> Optional.of(cashier(request));
            default -> Optional.empty();
        };
    }

    private WebResponse cashier(IncomingRequest request) {
        String orderNo = request.param("o").orElse("");
        String token = request.param("t").orElse("");
        UsdtConfig config;
        try {
            config = UsdtConfig.from(context.settings());
        } catch (RuntimeException e) {
            return WebResponse.text(404, "USDT payments are not configured");
        }
        CashierPage.Words words = CashierPage.Words.of(request.preferredLanguage());
        Optional<GatewayTransaction> tx = orderNo.matches(ORDER_NO)
                        && cashierLink(config)
                                .holds(
                                        List.of(orderNo, token),
                                        request.param("sig").orElse(""))
                ? transaction(orderNo)
                : Optional.empty();
        if (tx.isEmpty()) {
            WebResponse page = WebResponse.html(CashierPage.invalidLink(words));
            return new WebResponse(400, page.contentType(), page.body(), page.headers());
        }
        String orderPage = context.storeUrls().orderPage(orderNo, token).toString();
        WebResponse page =
                WebResponse.html(CashierPage.render(tx.get(), context.clock().instant(), orderPage, words));
        // The page names a live address and the buyer's token: no shared cache may keep it.
        return new WebResponse(200, page.contentType(), page.body(), Map.of("Cache-Control", "no-store"));
    }

    private Optional<GatewayTransaction> transaction(String orderNo) {
        return context.store()
                .get(GatewayTransaction.storeKey(orderNo))
                .map(stored -> GatewayTransaction.fromMap(
                        context.json().parseObject(stored.getBytes(StandardCharsets.UTF_8))));
    }

    private static WebResponse asset(String name, String contentType) {
        try (InputStream in = UsdtChannel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plugin jar");
            }
            return new WebResponse(
                    200, contentType, in.readAllBytes(), Map.of("Cache-Control", "public, max-age=3600"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Proves the gateway address and the token with calls the gateways refuse after checking the
     * signature and before creating anything. BEpusdt: cancel a trade id that cannot exist
     * ({@code /api/v1/order/cancel-transaction}, "订单不存在" once signed, "签名错误" otherwise). epusdt
     * has no cancel route (404): a signed {@code create-transaction} without amount or notify URL, which
     * its signature check lets through to the required-field check that refuses it. A refusal naming
     * the signature means the token is wrong; any other refusal means the gateway took the token.
     */
    @Override
    public ConnectionCheck testConnection() {
        UsdtConfig config;
        try {
            config = configured();
        } catch (PaymentException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
        byte[] random = new byte[8];
        PROBES.nextBytes(random);
        String probe = "kamishop-connection-test-" + HexFormat.of().formatHex(random);
        try {
            UsdtGateway.Reply cancel = gateway.probe(config, UsdtGateway.CANCEL_PATH, Map.of("trade_id", probe));
            if (cancel.status() == 404) {
                UsdtGateway.Reply create = gateway.probe(config, UsdtGateway.CREATE_PATH, Map.of("order_id", probe));
                return judge(create, "create-transaction (no amount, so nothing is created)");
            }
            return judge(cancel, "cancel-transaction of a trade that cannot exist");
        } catch (PaymentException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    private static ConnectionCheck judge(UsdtGateway.Reply reply, String asked) {
        String message = reply.message();
        if (message.contains("签名") || message.toLowerCase(Locale.ROOT).contains("sign")) {
            return ConnectionCheck.failed("the gateway refused the token's signature (\"" + shorten(message)
                    + "\"): the token is not the gateway's");
        }
        if (reply.status() / 100 != 2) {
            return ConnectionCheck.failed("the gateway answered HTTP " + reply.status() + " to " + asked
                    + ": is the gateway address epusdt's or BEpusdt's?");
        }
        if (!(reply.body().get("status_code") instanceof Number)) {
            return ConnectionCheck.failed(
                    "the address answered " + asked + " with JSON that is not an epusdt or BEpusdt answer");
        }
        if (reply.accepted()) {
            return ConnectionCheck.failed("the gateway accepted " + asked + ": it did not behave as documented");
        }
        return ConnectionCheck.ok("the gateway took the token's signature on " + asked + " and refused it only for \""
                + shorten(message) + "\"");
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /**
     * The link names an order and its lookup token; without a seal anyone could walk order numbers on the
     * store's domain. Derived from the gateway token.
     */
    private static CashierLink cashierLink(UsdtConfig config) {
        return new CashierLink(ID, config.token().getBytes(StandardCharsets.UTF_8));
    }

    private UsdtConfig configured() throws PaymentException {
        try {
            return UsdtConfig.from(context.settings());
        } catch (RuntimeException e) {
            throw new PaymentException("the USDT channel is not configured: " + e.getMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

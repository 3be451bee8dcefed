package io.kamishop.plugins.paypal;

import io.kamishop.api.ConnectionCheck;
import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.NotificationSubmitter;
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
 * PayPal Checkout on the Orders v2 API: the buyer approves the order at PayPal, and the store
 * captures it, on the buyer's return, on the {@code CHECKOUT.ORDER.APPROVED} webhook, or when the
 * reconciler finds it approved, whichever comes first. All three capture with one
 * {@code PayPal-Request-Id} per PayPal order, so PayPal makes one capture, and all three settle under
 * the capture's id, so the store records one payment however many of them report it (and the
 * {@code PAYMENT.CAPTURE.COMPLETED} webhook is one more report of the same capture).
 *
 * <p>Plain JSON over the host's guarded HTTP client: the official server SDK shades to 8.1 MB (OkHttp,
 * Kotlin, JAXB, Jackson) for six calls, and would open connections of its own.
 */
@Extension
public class PayPalChannel implements PaymentChannel {

    static final String ID = "paypal";
    /** The header by which the return page hands its capture to the notify path, sealed with the client secret. */
    static final String CAPTURE_SEAL_HEADER = "X-Kamishop-PayPal-Capture";
    /** PayPal needs a 2xx only; the body is for whoever reads the webhook log. */
    static final String ACK = "";

    private final Duration gatewayTimeout;
    private volatile PluginContext context;
    private volatile PayPalApi api;
    private volatile PayPalWebhook webhook;
    private volatile PayPalOrders orders;

    public PayPalChannel() {
        this(Duration.ofSeconds(10));
    }

    /** With a shorter wait for the gateway, so a test of a hanging gateway does not take long. */
    PayPalChannel(Duration gatewayTimeout) {
        this.gatewayTimeout = gatewayTimeout;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "PayPal";
    }

    @Override
    public Set<Capability> capabilities() {
        // No CLOSE: an Orders v2 order cannot be cancelled; an approval after the hold is never captured instead.
        return Set.of(Capability.QUERY, Capability.REFUND);
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.string("clientId", "Client ID")
                        .asRequired()
                        .withPattern("[A-Za-z0-9_-]{16,128}")
                        .withHelp(
                                "Of your REST app: developer.paypal.com > Apps & Credentials (Live), your app, Client ID."),
                SettingDefinition.secret("clientSecret", "Secret")
                        .asRequired()
                        .withPattern("[A-Za-z0-9_-]{16,128}")
                        .withHelp("The same app's Secret key. Stored encrypted."),
                SettingDefinition.string("webhookId", "Webhook ID")
                        .asRequired()
                        .withPattern("[A-Za-z0-9]{8,64}")
                        .withHelp(
                                "Add a webhook to the app for https://<your store>/api/payments/paypal/notify with the events "
                                        + "Checkout order approved and Payment capture completed, then copy its Webhook ID."),
                SettingDefinition.string("apiBase", "API base URL")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(PayPalConfig.LIVE_API)
                        .withHelp("Live: " + PayPalConfig.LIVE_API + "; sandbox: " + PayPalConfig.SANDBOX_API
                                + " (with the sandbox app's Client ID, Secret and webhook)."));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
        this.api = new PayPalApi(pluginContext::http, pluginContext.json(), pluginContext.clock(), gatewayTimeout);
        this.webhook = new PayPalWebhook(api, pluginContext.json());
        this.orders = new PayPalOrders(pluginContext.store());
    }

    @Override
    public boolean isReady() {
        try {
            PayPalConfig.from(context.settings());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Asks PayPal for an OAuth access token (<a href="https://developer.paypal.com/api/rest/authentication/">client
     * credentials</a>): it creates nothing and fails exactly when the client ID and secret are wrong for
     * the API base. A sandbox app's credentials are refused by the live API and the other way round,
     * which is the one way a sandbox/live mix-up shows (the IDs look alike), so the failure says so.
     */
    @Override
    public ConnectionCheck testConnection() {
        PayPalConfig config;
        try {
            config = configured();
        } catch (PaymentException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
        String where = config.apiBase().toString().equals(PayPalConfig.SANDBOX_API)
                ? "sandbox"
                : config.apiBase().toString().equals(PayPalConfig.LIVE_API)
                        ? "live"
                        : config.apiBase().toString();
        try {
            api.renewToken(config);
            return ConnectionCheck.ok("obtained an access token from PayPal (" + where + ")");
        } catch (PaymentException e) {
            return ConnectionCheck.failed(
                    e.getMessage() + "; credentials of a sandbox app only work with the sandbox API base ("
                            + PayPalConfig.SANDBOX_API + ") and live ones only with " + PayPalConfig.LIVE_API);
        }
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) throws PaymentException {
        PayPalConfig config = configured();
        String value;
        try {
            value = PayPalAmounts.value(request.amount());
        } catch (IllegalArgumentException e) {
            throw new PaymentException(e.getMessage());
        }
        Optional<PayPalOrders.Created> existing = orders.byOrderNo(request.orderNo());
        if (existing.isPresent()) {
            // The buyer asks to pay again: the same PayPal order, never a second one they could also pay.
            return instructions(existing.get());
        }
        String orderNo = request.orderNo();
        String returnUrl = context.storeUrls().channelPage(ID, "return") + "?o=" + encode(orderNo) + "&t="
                + encode(request.lookupToken()) + "&sig="
                + Seal.of(config.clientSecret(), "return", List.of(orderNo, request.lookupToken()));
        Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("reference_id", orderNo);
        unit.put("custom_id", orderNo);
        unit.put("description", truncate(request.subject(), 127));
        unit.put("amount", Map.of("currency_code", request.amount().currency(), "value", value));
        Map<String, Object> experience = new LinkedHashMap<>();
        experience.put("return_url", returnUrl);
        experience.put(
                "cancel_url",
                context.storeUrls().orderPage(orderNo, request.lookupToken()).toString());
        experience.put("user_action", "PAY_NOW");
        experience.put("shipping_preference", "NO_SHIPPING"); // digital goods: no address to ask for
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intent", "CAPTURE");
        body.put("purchase_units", List.of(unit));
        body.put("payment_source", Map.of("paypal", Map.of("experience_context", experience)));
        // A retry after a time-out gets the order the first call made, not a second one.
        PayPalApi.Answer answer =
                api.call(config, "POST", "/v2/checkout/orders", "kamishop-order-" + orderNo, api.write(body));
        if (!answer.ok() || !(answer.body().get("id") instanceof String paypalOrderId)) {
            throw new PaymentException("PayPal refused to create the order: " + answer.describe());
        }
        String approveUrl = link(answer.body(), "payer-action")
                .or(() -> link(answer.body(), "approve"))
                .orElseThrow(() ->
                        new PaymentException("PayPal created order " + paypalOrderId + " without an approval link"));
        PayPalOrders.Created created =
                new PayPalOrders.Created(paypalOrderId, orderNo, request.expiresAt(), approveUrl);
        orders.remember(created);
        return instructions(created);
    }

    private static PaymentInstructions instructions(PayPalOrders.Created created) {
        return new PaymentInstructions(created.approveUrl(), null, null, created.paypalOrderId(), Map.of());
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        PayPalConfig config;
        try {
            config = PayPalConfig.from(context.settings());
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the PayPal channel is not configured");
        }
        if (request.header(CAPTURE_SEAL_HEADER).isPresent()) {
            return ReturnedCapture.read(config, request, context.json());
        }
        Map<String, Object> event = webhook.verified(config, request);
        String type = event.get("event_type") instanceof String t ? t : "";
        if (!(event.get("resource") instanceof Map<?, ?> resource)) {
            return PaymentNotification.ignored(ACK);
        }
        return switch (type) {
            case "CHECKOUT.ORDER.APPROVED" -> approved(config, text(resource.get("id")));
            case "PAYMENT.CAPTURE.COMPLETED" -> captureCompleted(resource);
            // PENDING, DENIED, REFUNDED, REVERSED, anything else: nothing for the store to settle.
            default -> PaymentNotification.ignored(ACK);
        };
    }

    /** The buyer approved: capture now (the return page may never load), unless the order's hold is over. */
    private PaymentNotification approved(PayPalConfig config, String paypalOrderId)
            throws NotificationRejectedException {
        Optional<PayPalOrders.Created> created = orders.byPayPalId(paypalOrderId);
        if (created.isEmpty()) {
            return PaymentNotification.ignored(ACK); // not an order this store made
        }
        Optional<Capture> capture;
        try {
            capture = capture(config, created.get());
        } catch (PaymentException e) {
            // 4xx: PayPal sends the event again later, when the capture may go through.
            throw new NotificationRejectedException(
                    "could not capture PayPal order " + paypalOrderId + " now: " + e.getMessage());
        }
        return capture.filter(Capture::completed)
                .map(c -> PaymentNotification.paid(created.get().orderNo(), c.id(), c.amount(), ACK))
                .orElseGet(() -> PaymentNotification.ignored(ACK));
    }

    private PaymentNotification captureCompleted(Map<?, ?> capture) throws NotificationRejectedException {
        String paypalOrderId = capture.get("supplementary_data") instanceof Map<?, ?> data
                        && data.get("related_ids") instanceof Map<?, ?> related
                ? text(related.get("order_id"))
                : null;
        if (paypalOrderId == null) {
            // Older capture payloads name their order only in the "up" link.
            paypalOrderId = link(castMap(capture), "up")
                    .map(href -> href.substring(href.lastIndexOf('/') + 1))
                    .orElse(null);
        }
        Optional<PayPalOrders.Created> created = orders.byPayPalId(paypalOrderId);
        if (created.isEmpty()) {
            return PaymentNotification.ignored(
                    ACK); // a capture of the merchant's account, but not of this store's checkout
        }
        String captureId = text(capture.get("id"));
        String customId = text(capture.get("custom_id"));
        if (captureId == null || !"COMPLETED".equals(capture.get("status"))) {
            throw new NotificationRejectedException("a completed capture without id or status COMPLETED");
        }
        if (customId != null && !customId.equals(created.get().orderNo())) {
            throw new NotificationRejectedException(
                    "the capture's custom_id is not the order its PayPal order was made for");
        }
        Money amount;
        try {
            amount = capture.get("amount") instanceof Map<?, ?> a
                    ? PayPalAmounts.parse(a.get("value"), a.get("currency_code"))
                    : null;
        } catch (RuntimeException e) {
            amount = null;
        }
        if (amount == null) {
            throw new NotificationRejectedException("the capture's amount is not one PayPal would send");
        }
        return PaymentNotification.paid(created.get().orderNo(), captureId, amount, ACK);
    }

    /**
     * Captures an approved PayPal order once: one {@code PayPal-Request-Id} per PayPal order makes a
     * second capture (the return page and the webhook at the same moment) answer the first; an order
     * captured already is read back instead. Empty when the store's hold is over: the buyer's approval
     * then costs them nothing, and the stock is not theirs any more.
     */
    private Optional<Capture> capture(PayPalConfig config, PayPalOrders.Created created) throws PaymentException {
        if (!context.clock().instant().isBefore(created.expiresAt())) {
            return Optional.empty();
        }
        String path = "/v2/checkout/orders/" + created.paypalOrderId();
        PayPalApi.Answer answer =
                api.call(config, "POST", path + "/capture", "kamishop-capture-" + created.paypalOrderId(), "{}");
        if (answer.status() == 422 && "ORDER_ALREADY_CAPTURED".equals(answer.issue())) {
            answer = api.call(config, "GET", path, null, null);
        }
        if (answer.status() == 422 && "INSTRUMENT_DECLINED".equals(answer.issue())) {
            throw new CaptureDeclined("PayPal declined the buyer's funding source for " + created.paypalOrderId());
        }
        if (!answer.ok()) {
            throw new PaymentException("PayPal did not capture " + created.paypalOrderId() + ": " + answer.describe());
        }
        return Capture.of(answer.body(), created);
    }

    @Override
    public PaymentStatus queryStatus(PaymentQuery query) throws PaymentException {
        PayPalConfig config = configured();
        Optional<PayPalOrders.Created> created = Optional.ofNullable(query.gatewayRef())
                .flatMap(orders::byPayPalId)
                .or(() -> orders.byOrderNo(query.orderNo()));
        if (created.isEmpty() || !created.get().orderNo().equals(query.orderNo())) {
            return PaymentStatus.of(PaymentStatus.State.PENDING); // no PayPal order was made: nobody can have paid
        }
        PayPalApi.Answer answer =
                api.call(config, "GET", "/v2/checkout/orders/" + created.get().paypalOrderId(), null, null);
        if (answer.status() == 404) {
            return PaymentStatus.of(PaymentStatus.State.CLOSED); // PayPal drops orders never approved
        }
        if (!answer.ok()) {
            throw new PaymentException("PayPal order query failed: " + answer.describe());
        }
        String status = String.valueOf(answer.body().get("status"));
        Optional<Capture> capture = switch (status) {
            // Approved, but neither the return page nor the webhook reached us: capture it now.
            case "APPROVED" -> capture(config, created.get());
            case "COMPLETED" -> Capture.of(answer.body(), created.get());
            default -> Optional.empty();
        };
        if (capture.isPresent() && capture.get().completed()) {
            return PaymentStatus.paid(capture.get().id(), capture.get().amount());
        }
        return status.equals("VOIDED")
                ? PaymentStatus.of(PaymentStatus.State.CLOSED)
                : PaymentStatus.of(PaymentStatus.State.PENDING);
    }

    /** Refunds a capture; {@code PayPal-Request-Id} = the store's refund id, so asking again refunds once. */
    @Override
    public RefundResult refund(RefundRequest request) throws PaymentException {
        PayPalConfig config = configured();
        String captureId = request.tradeNo();
        if (captureId == null || !captureId.matches("[A-Z0-9]{1,36}")) {
            throw new PaymentException("'" + captureId + "' is not a PayPal capture id");
        }
        String value;
        try {
            value = PayPalAmounts.value(request.amount());
        } catch (IllegalArgumentException e) {
            throw new PaymentException(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "amount",
                Map.of("value", value, "currency_code", request.amount().currency()));
        if (request.reason() != null && !request.reason().isBlank()) {
            body.put("note_to_payer", truncate(request.reason(), 255));
        }
        PayPalApi.Answer answer = api.call(
                config,
                "POST",
                "/v2/payments/captures/" + captureId + "/refund",
                "kamishop-refund-" + request.refundId(),
                api.write(body));
        if (!answer.ok()) {
            throw new PaymentException("PayPal refused the refund: " + answer.describe());
        }
        String status = String.valueOf(answer.body().get("status"));
        // PENDING: accepted, the money moves when PayPal clears it (e.g. an eCheck capture).
        return new RefundResult(
                "COMPLETED".equals(status) || "PENDING".equals(status),
                text(answer.body().get("id")));
    }

    /**
     * The buyer's return from PayPal ({@code /pay/paypal/return?o=&t=&sig=&token=<PayPal order>&PayerID=}):
     * capture, settle through the store's notify path, and send the buyer to their order page, where
     * the keys are. A declined card sends them back to PayPal to choose another way to pay.
     */
    @Override
    public Optional<WebResponse> serve(IncomingRequest request) {
        if (!request.path().equals("return") || !request.method().equals("GET")) {
            return Optional.empty();
        }
        String orderNo = request.param("o").orElse("");
        String token = request.param("t").orElse("");
        PayPalConfig config;
        try {
            config = PayPalConfig.from(context.settings());
        } catch (RuntimeException e) {
            return Optional.of(ReturnPage.problem(404, "PayPal is not configured."));
        }
        if (!Seal.holds(
                config.clientSecret(),
                "return",
                List.of(orderNo, token),
                request.param("sig").orElse(""))) {
            return Optional.of(ReturnPage.problem(400, "This return link is not valid."));
        }
        String orderPage = context.storeUrls().orderPage(orderNo, token).toString();
        Optional<PayPalOrders.Created> created = orders.byPayPalId(
                        request.param("token").orElse(null))
                .filter(c -> c.orderNo().equals(orderNo));
        if (created.isEmpty()) {
            return Optional.of(WebResponse.redirect(orderPage)); // not the PayPal order of this order: just show it
        }
        try {
            Optional<Capture> capture = capture(config, created.get());
            if (capture.isPresent() && capture.get().completed()) {
                NotificationSubmitter.Outcome outcome = context.notifications()
                        .submit(
                                ID,
                                ReturnedCapture.request(
                                        config, orderNo, capture.get(), context.json(), request.clientIp()));
                if (!outcome.accepted()) {
                    context.logger()
                            .log(
                                    System.Logger.Level.WARNING,
                                    "the store refused PayPal capture {0} of order {1}: {2}",
                                    capture.get().id(),
                                    orderNo,
                                    outcome.body());
                }
            }
        } catch (CaptureDeclined e) {
            // PayPal's advice for INSTRUMENT_DECLINED: back to the approval page to choose another way to pay.
            return Optional.of(WebResponse.redirect(created.get().approveUrl()));
        } catch (PaymentException e) {
            // The webhook or the reconciler captures it later; the order page says it is still pending.
            context.logger()
                    .log(
                            System.Logger.Level.WARNING,
                            "capturing PayPal order {0} on return failed: {1}",
                            created.get().paypalOrderId(),
                            e.getMessage());
        }
        return Optional.of(WebResponse.redirect(orderPage));
    }

    /** The card or bank behind the buyer's approval was declined at capture; the buyer may choose another. */
    static final class CaptureDeclined extends PaymentException {
        CaptureDeclined(String message) {
            super(message);
        }
    }

    private PayPalConfig configured() throws PaymentException {
        try {
            return PayPalConfig.from(context.settings());
        } catch (RuntimeException e) {
            throw new PaymentException("the PayPal channel is not configured: " + e.getMessage());
        }
    }

    private static Optional<String> link(Map<String, Object> order, String rel) {
        if (order.get("links") instanceof List<?> links) {
            for (Object link : links) {
                // http too: a sandbox stand-in on a private network; never a javascript: or data: link.
                if (link instanceof Map<?, ?> l
                        && rel.equals(l.get("rel"))
                        && l.get("href") instanceof String href
                        && (href.startsWith("https://") || href.startsWith("http://"))) {
                    return Optional.of(href);
                }
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static String text(Object value) {
        return value instanceof String s && !s.isBlank() && s.length() <= 127 ? s : null;
    }

    private static String truncate(String text, int max) {
        String value = text == null || text.isBlank() ? "Order" : text.strip();
        return value.codePointCount(0, value.length()) <= max
                ? value
                : value.substring(0, value.offsetByCodePoints(0, max));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

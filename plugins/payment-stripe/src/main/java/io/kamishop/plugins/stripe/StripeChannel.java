package io.kamishop.plugins.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Balance;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Stripe Checkout on the official stripe-java: one Checkout Session per order, a signed webhook,
 * and the Checkout Session and Refunds APIs for the reconciler and the admin.
 */
@Extension
public class StripeChannel implements PaymentChannel {

    static final String ID = "stripe";
    static final String DEFAULT_API_BASE = "https://api.stripe.com";
    /** Stripe refuses a Checkout Session that expires sooner than 30 minutes or later than 24 hours after creation. */
    static final Duration MIN_SESSION = Duration.ofMinutes(30);

    static final Duration MAX_SESSION = Duration.ofHours(24);
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private volatile PluginContext context;
    private volatile StripeWebhook webhook;
    private volatile Client cached;

    private record Client(String secretKey, String apiBase, StripeClient stripe) {}

    public StripeChannel() {
        this(5_000, 20_000);
    }

    /** With shorter waits, so a test of a hanging API does not take long. */
    StripeChannel(int connectTimeoutMillis, int readTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Card (Stripe)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.QUERY, Capability.REFUND, Capability.CLOSE);
    }

    @Override
    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.secret("secretKey", "Secret key")
                        .asRequired()
                        .withPattern("(sk|rk)_(test|live)_[A-Za-z0-9_]+")
                        .withHelp(
                                "sk_live_... or a restricted key (rk_...) with write access to Checkout Sessions and Refunds."),
                SettingDefinition.secret("webhookSecret", "Webhook signing secret")
                        .asRequired()
                        .withPattern("whsec_[A-Za-z0-9_+/=]+")
                        .withHelp(
                                "whsec_... of the endpoint /api/payments/stripe/notify; send it checkout.session.completed, "
                                        + "checkout.session.async_payment_succeeded and checkout.session.expired."),
                SettingDefinition.string("apiBase", "API base URL")
                        .withType(SettingDefinition.Type.URL)
                        .withDefault(DEFAULT_API_BASE)
                        .withHelp("Leave as " + DEFAULT_API_BASE + " unless you test against a local stand-in."));
    }

    @Override
    public void start(PluginContext pluginContext) {
        this.context = pluginContext;
        this.webhook = new StripeWebhook(pluginContext.json(), pluginContext.clock());
    }

    @Override
    public boolean isReady() {
        return context.settings().get("secretKey").isPresent()
                && context.settings().get("webhookSecret").isPresent();
    }

    /**
     * Retrieves the account's balance (<a href="https://docs.stripe.com/api/balance/balance_retrieve">GET /v1/balance</a>):
     * read-only, allowed to every secret key, and answered 401 for a wrong or revoked one. A restricted
     * key without "Balance: read" gets 403, said as such (it may still take payments).
     */
    @Override
    public ConnectionCheck testConnection() {
        if (context.settings().get("secretKey").isEmpty()) {
            return ConnectionCheck.failed("no secret key is configured");
        }
        try {
            Balance balance = client().balance().retrieve();
            return ConnectionCheck.ok("retrieved the account balance ("
                    + (Boolean.TRUE.equals(balance.getLivemode()) ? "live" : "test") + " mode)");
        } catch (StripeException e) {
            if (Integer.valueOf(403).equals(e.getStatusCode())) {
                return ConnectionCheck.failed("Stripe accepted the key but it may not read the balance (HTTP 403 "
                        + (e.getCode() == null ? "permission_error" : e.getCode())
                        + "); a restricted key needs Balance: read for this test");
            }
            return ConnectionCheck.failed(failure("retrieving the balance", e).getMessage());
        } catch (PaymentException | RuntimeException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    @Override
    public PaymentInstructions createPayment(PaymentRequest request) throws PaymentException {
        long expiresAt =
                sessionExpiry(request.expiresAt(), context.clock().instant()).getEpochSecond();
        String orderNo = request.orderNo();
        String orderPage =
                context.storeUrls().orderPage(orderNo, request.lookupToken()).toString();
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(request.amount().currency().toLowerCase(Locale.ROOT))
                                .setUnitAmount(request.amount().minor())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(
                                                request.subject() == null
                                                                || request.subject()
                                                                        .isBlank()
                                                        ? "Order " + orderNo
                                                        : request.subject())
                                        .build())
                                .build())
                        .build())
                .setClientReferenceId(orderNo)
                .putMetadata("orderNo", orderNo)
                .putMetadata(StripeWebhook.STORE_MARK, storeMark())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("orderNo", orderNo)
                        .build())
                .setSuccessUrl(orderPage)
                .setCancelUrl(orderPage)
                .setExpiresAt(expiresAt);
        if (request.buyerEmail() != null && !request.buyerEmail().isBlank()) {
            params.setCustomerEmail(request.buyerEmail());
        }
        // Asking again for the same order (the buyer reloads, a retry after a time-out) must give the
        // same session, not a second one the buyer could also pay. Stripe keeps idempotency keys 24 h
        // and answers 400 idempotency_error when a key comes back with other parameters (other return
        // URLs after a change of public URL, another e-mail): the key covers everything sent, so a
        // retry with the same request is the same session and a changed request a new one.
        String sent = String.join(
                "\n",
                orderNo,
                Long.toString(expiresAt),
                Long.toString(request.amount().minor()),
                request.amount().currency(),
                String.valueOf(request.subject()),
                String.valueOf(request.buyerEmail()),
                orderPage);
        RequestOptions once = RequestOptions.builder()
                .setIdempotencyKey("kamishop-checkout-" + orderNo + "-" + expiresAt + "-" + digest(sent))
                .build();
        Session session;
        try {
            session = client().checkout().sessions().create(params.build(), once);
        } catch (StripeException e) {
            throw failure("creating the Checkout Session", e);
        }
        if (session.getUrl() == null || session.getId() == null) {
            throw new PaymentException("Stripe answered a Checkout Session without id or url");
        }
        return new PaymentInstructions(session.getUrl(), null, null, session.getId(), Map.of());
    }

    /**
     * When the Checkout Session should expire: with the order's hold, as Stripe's limits allow. A
     * hold shorter than Stripe's 30 minutes gets a session that lives 30 minutes past the hold, a
     * value that stays the same however often it is computed for the order (so the idempotency key
     * holds). A payment in that extra time lands on an expired order, which the store keeps as a
     * refund due; the reconciler expires the session soon after the order expires to close that window.
     */
    static Instant sessionExpiry(Instant orderExpiresAt, Instant now) {
        Instant expiry = orderExpiresAt;
        if (expiry.isBefore(now.plus(MIN_SESSION).plus(MARGIN))) {
            expiry = orderExpiresAt.plus(MIN_SESSION).plus(MARGIN);
        }
        Instant latest = now.plus(MAX_SESSION).minus(MARGIN);
        return expiry.isAfter(latest) ? latest : expiry;
    }

    @Override
    public PaymentNotification parseNotification(IncomingRequest request) throws NotificationRejectedException {
        String secret = context.settings()
                .get("webhookSecret")
                .orElseThrow(
                        () -> new NotificationRejectedException("the Stripe channel has no webhook secret configured"));
        return webhook.read(request.body(), request.header("Stripe-Signature").orElse(null), secret, storeMark());
    }

    @Override
    public PaymentStatus queryStatus(PaymentQuery query) throws PaymentException {
        if (query.gatewayRef() == null || !query.gatewayRef().startsWith("cs_")) {
            return PaymentStatus.of(PaymentStatus.State.UNKNOWN); // no session was made, or we do not know it
        }
        Session session = retrieve(query.gatewayRef(), query.orderNo());
        if ("complete".equals(session.getStatus())
                && ("paid".equals(session.getPaymentStatus())
                        || "no_payment_required".equals(session.getPaymentStatus()))) {
            if (session.getAmountTotal() == null || session.getCurrency() == null) {
                throw new PaymentException("Stripe reported a paid session without amount_total or currency");
            }
            return PaymentStatus.paid(
                    session.getId(),
                    new Money(session.getAmountTotal(), session.getCurrency().toUpperCase(Locale.ROOT)));
        }
        if ("expired".equals(session.getStatus())) {
            return PaymentStatus.of(PaymentStatus.State.CLOSED);
        }
        return PaymentStatus.of(PaymentStatus.State.PENDING);
    }

    @Override
    public void close(PaymentQuery query) throws PaymentException {
        if (query.gatewayRef() == null || !query.gatewayRef().startsWith("cs_")) {
            return; // no session was made: nothing can be paid
        }
        Session session = retrieve(query.gatewayRef(), query.orderNo());
        if ("expired".equals(session.getStatus())) {
            return;
        }
        if ("complete".equals(session.getStatus())) {
            throw new PaymentException("the Checkout Session of " + query.orderNo() + " is already complete");
        }
        try {
            client().checkout().sessions().expire(session.getId());
        } catch (StripeException e) {
            throw failure("expiring the Checkout Session", e);
        }
    }

    @Override
    public RefundResult refund(RefundRequest request) throws PaymentException {
        String paymentIntent = request.tradeNo();
        if (paymentIntent == null || !paymentIntent.startsWith("pi_")) {
            Session session = retrieve(request.tradeNo(), request.orderNo());
            paymentIntent = session.getPaymentIntent();
            if (paymentIntent == null) {
                throw new PaymentException(
                        "the Checkout Session of " + request.orderNo() + " has no payment to refund");
            }
        }
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntent)
                .setAmount(request.amount().minor())
                .putMetadata("orderNo", request.orderNo())
                .putMetadata("refundId", request.refundId())
                .build();
        try {
            Refund refund = client().refunds()
                    .create(
                            params,
                            RequestOptions.builder()
                                    .setIdempotencyKey("kamishop-refund-" + request.refundId())
                                    .build());
            boolean refused = "failed".equals(refund.getStatus()) || "canceled".equals(refund.getStatus());
            return new RefundResult(!refused, refund.getId());
        } catch (StripeException e) {
            throw failure("refunding", e);
        }
    }

    private Session retrieve(String sessionId, String orderNo) throws PaymentException {
        if (sessionId == null || !sessionId.startsWith("cs_")) {
            throw new PaymentException("no Checkout Session is known for " + orderNo);
        }
        Session session;
        try {
            session = client().checkout().sessions().retrieve(sessionId);
        } catch (StripeException e) {
            throw failure("reading the Checkout Session", e);
        }
        String owner = session.getMetadata() != null && session.getMetadata().get("orderNo") != null
                ? session.getMetadata().get("orderNo")
                : session.getClientReferenceId();
        if (!Objects.equals(owner, orderNo)) {
            throw new PaymentException("Checkout Session " + sessionId + " does not belong to order " + orderNo);
        }
        return session;
    }

    /**
     * A random mark this store puts on its Checkout Sessions, made once and kept in the plugin's store:
     * a Stripe account shared with another shop (or another integration) sends this webhook their
     * sessions too, and those must be acknowledged and left alone, not refused (Stripe retries a
     * non-2xx answer for three days and then warns the account).
     */
    String storeMark() {
        var store = context.store();
        return store.get(StripeWebhook.STORE_MARK).orElseGet(() -> {
            byte[] random = new byte[12];
            new java.security.SecureRandom().nextBytes(random);
            store.putIfAbsent(StripeWebhook.STORE_MARK, java.util.HexFormat.of().formatHex(random));
            return store.get(StripeWebhook.STORE_MARK).orElseThrow();
        });
    }

    private static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private StripeClient client() throws PaymentException {
        String key = context.settings()
                .get("secretKey")
                .orElseThrow(() -> new PaymentException("the Stripe channel has no secret key configured"));
        String base = context.settings()
                .get("apiBase")
                .filter(v -> !v.isBlank())
                .orElse(DEFAULT_API_BASE)
                .strip();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Client last = cached;
        if (last != null && last.secretKey().equals(key) && last.apiBase().equals(base)) {
            return last.stripe();
        }
        // Retries stay with the store (the buyer asks again, the reconciler's next pass), which keeps
        // a failing Stripe from holding a request thread through several attempts.
        StripeClient stripe = StripeClient.builder()
                .setApiKey(key)
                .setApiBase(base)
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis)
                .setMaxNetworkRetries(0)
                .setHttpClient(new GuardedStripeHttpClient(
                        context.http(), Duration.ofMillis(connectTimeoutMillis + readTimeoutMillis)))
                .build();
        cached = new Client(key, base, stripe);
        return stripe;
    }

    private static PaymentException failure(String what, StripeException e) {
        String detail = e.getStatusCode() != null
                ? "HTTP " + e.getStatusCode()
                : e.getClass().getSimpleName();
        String code = e.getCode() != null ? " " + e.getCode() : "";
        return new PaymentException("Stripe failed " + what + ": " + detail + code, e);
    }
}

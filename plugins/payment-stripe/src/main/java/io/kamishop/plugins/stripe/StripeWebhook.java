package io.kamishop.plugins.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentNotification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Stripe webhook events: the {@code Stripe-Signature} is checked on the exact body with
 * stripe-java, then the few fields we need are read from the raw JSON. stripe-java's typed
 * deserialisation gives up when the endpoint is pinned to another API version than the library's,
 * while {@code type}, {@code id} and a Checkout Session's {@code id}, {@code metadata},
 * {@code client_reference_id}, {@code payment_status}, {@code amount_total} and {@code currency}
 * have kept their names and meaning across versions.
 */
final class StripeWebhook {

    /** Stripe's recommended tolerance: an older signed timestamp is a replay, whatever its signature. */
    static final long TOLERANCE_SECONDS = 300;
    /** Stripe only needs a 2xx; the body is for people reading the webhook log in Stripe's dashboard. */
    static final String ACK = "success";
    /** The metadata key of {@link StripeChannel#storeMark()}. */
    static final String STORE_MARK = "kamishopStore";

    private final JsonCodec json;
    private final Clock clock;

    StripeWebhook(JsonCodec json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    PaymentNotification read(byte[] body, String signatureHeader, String webhookSecret, String storeMark)
            throws NotificationRejectedException {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new NotificationRejectedException("missing Stripe-Signature header");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        try {
            Webhook.Signature.verifyHeader(payload, signatureHeader, webhookSecret, TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            // Its message says which check failed (no signature, stale timestamp); it carries no secret.
            throw new NotificationRejectedException("Stripe-Signature does not verify: " + e.getMessage());
        }
        Map<String, Object> event;
        try {
            event = json.parseObject(body);
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the event is not a JSON object");
        }
        String type = text(event.get("type"));
        String eventId = text(event.get("id"));
        if (type == null || eventId == null) {
            throw new NotificationRejectedException("the event has no type or id");
        }
        if (!(event.get("data") instanceof Map<?, ?> data)
                || !(data.get("object") instanceof Map<?, ?> session)
                || !"checkout.session".equals(session.get("object"))) {
            return PaymentNotification.ignored(ACK); // not about a Checkout Session: nothing for us
        }
        if (!madeHere(session, storeMark)) {
            // Genuine (signed), but a session of another shop or integration on the same account:
            // acknowledged, as Stripe retries anything else for days, and left alone.
            return PaymentNotification.ignored(ACK);
        }
        return switch (type) {
            // "unpaid" means a delayed method (bank debit) that may still succeed: async_payment_succeeded follows.
            case "checkout.session.completed" ->
                "paid".equals(session.get("payment_status")) ? paid(session) : PaymentNotification.ignored(ACK);
            case "checkout.session.async_payment_succeeded" -> paid(session);
            // Recorded under the event id: it can never be mistaken for a replay of the payment.
            case "checkout.session.expired" -> PaymentNotification.expired(orderNo(session), eventId, ACK);
            default -> PaymentNotification.ignored(ACK);
        };
    }

    private static PaymentNotification paid(Map<?, ?> session) throws NotificationRejectedException {
        String sessionId = text(session.get("id"));
        if (sessionId == null) {
            throw new NotificationRejectedException("the session has no id");
        }
        if (!(session.get("amount_total") instanceof Long amount)
                || !(session.get("currency") instanceof String currency)) {
            throw new NotificationRejectedException("the session has no amount_total or currency");
        }
        if (amount < 0 || !currency.matches("[a-zA-Z]{3}")) {
            throw new NotificationRejectedException("the session's amount or currency is not valid");
        }
        // Stripe's amounts are in the currency's smallest unit, as ours are.
        Money paid = new Money(amount, currency.toUpperCase(Locale.ROOT));
        // The session id, not the event id: completed and async_payment_succeeded of one session are
        // one payment, and the reconciler's query reports the same id.
        return PaymentNotification.paid(orderNo(session), sessionId, paid, ACK);
    }

    /**
     * Whether this store made the session: it carries our mark, or (made before the mark existed)
     * names an order in our metadata. A session naming no order at all is never ours.
     */
    static boolean madeHere(Map<?, ?> session, String storeMark) {
        Map<?, ?> metadata = session.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        String mark = text(metadata.get(STORE_MARK));
        if (mark != null) {
            return mark.equals(storeMark);
        }
        return text(metadata.get("orderNo")) != null;
    }

    /** The order: our metadata first, then client_reference_id (both set when the session was made). */
    static String orderNo(Map<?, ?> session) throws NotificationRejectedException {
        if (session.get("metadata") instanceof Map<?, ?> metadata && text(metadata.get("orderNo")) != null) {
            return text(metadata.get("orderNo"));
        }
        String reference = text(session.get("client_reference_id"));
        if (reference == null) {
            throw new NotificationRejectedException(
                    "the session names no order (metadata.orderNo or client_reference_id)");
        }
        return reference;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() && s.length() <= 255 ? s : null;
    }
}

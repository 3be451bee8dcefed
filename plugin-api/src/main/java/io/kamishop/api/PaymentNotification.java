package io.kamishop.api;

import java.util.Objects;

/**
 * A verified gateway notification, normalised.
 *
 * @param kind            what happened
 * @param orderNo         the store's order number the gateway echoes back
 * @param tradeNo         the gateway's unique id of this payment (or of the event, for non-payment
 *                        kinds); the host records each (channel, tradeNo) once
 * @param amountMinor     what the gateway says was paid, in minor units; the host compares it with the order
 * @param currency        the currency the gateway reports, or {@code null} when its notifications do not
 *                        carry one (the host then compares the amount in the order's currency)
 * @param acknowledgement the exact body to answer once the host has recorded it, e.g. {@code success}
 */
public record PaymentNotification(
        Kind kind, String orderNo, String tradeNo, long amountMinor, String currency, String acknowledgement) {

    /** What the gateway reports. */
    public enum Kind {
        /** The buyer paid. */
        PAID,
        /** The gateway closed the payment unpaid; the order may expire now instead of waiting. */
        EXPIRED,
        /** Verified, but nothing for the store to do (an event type the channel does not act on). */
        IGNORED
    }

    public PaymentNotification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        if (kind != Kind.IGNORED) {
            Objects.requireNonNull(orderNo, "orderNo");
            Objects.requireNonNull(tradeNo, "tradeNo");
        }
    }

    public static PaymentNotification paid(String orderNo, String tradeNo, Money amount, String acknowledgement) {
        return new PaymentNotification(Kind.PAID, orderNo, tradeNo, amount.minor(), amount.currency(), acknowledgement);
    }

    /** A payment whose gateway does not report a currency. */
    public static PaymentNotification paid(String orderNo, String tradeNo, long amountMinor, String acknowledgement) {
        return new PaymentNotification(Kind.PAID, orderNo, tradeNo, amountMinor, null, acknowledgement);
    }

    public static PaymentNotification expired(String orderNo, String eventId, String acknowledgement) {
        return new PaymentNotification(Kind.EXPIRED, orderNo, eventId, 0, null, acknowledgement);
    }

    public static PaymentNotification ignored(String acknowledgement) {
        return new PaymentNotification(Kind.IGNORED, null, null, 0, null, acknowledgement);
    }
}

package io.kamishop.refund;

import org.jspecify.annotations.Nullable;

/**
 * A refund someone asks for: the merchant in the admin or API, or the store's automatic-refund policy.
 *
 * @param orderNo the order
 * @param tradeNo which payment (for an order paid twice); {@code null} is the payment that paid the order
 * @param amount  how much, minor units; {@code null} is the rest of that payment
 * @param reason  why, kept with the refund and sent to gateways that show it to the buyer
 * @param by      who asked, for the order's history ({@code user:alice}, {@code token}, {@code policy})
 * @param byHand  the merchant gave the money back outside the store: record it, ask no gateway
 */
public record RefundAsk(
        String orderNo, @Nullable String tradeNo, @Nullable Long amount, String reason, String by, boolean byHand) {

    static final int MAX_REASON = 200;

    public RefundAsk {
        reason = reason == null ? "" : reason.strip();
        tradeNo = tradeNo == null || tradeNo.isBlank() ? null : tradeNo.strip();
        by = by == null ? "" : by;
    }
}

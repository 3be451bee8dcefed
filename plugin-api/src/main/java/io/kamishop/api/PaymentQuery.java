package io.kamishop.api;

/**
 * Identifies a payment for query or close.
 *
 * @param orderNo    the store's order number
 * @param gatewayRef the gateway's reference from {@link PaymentInstructions#gatewayRef()}, or {@code null}
 * @param amount     the order's amount
 */
public record PaymentQuery(String orderNo, String gatewayRef, Money amount) {}

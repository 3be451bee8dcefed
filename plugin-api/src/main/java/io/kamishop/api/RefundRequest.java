package io.kamishop.api;

/**
 * A refund to make.
 *
 * @param orderNo  the store's order number
 * @param tradeNo  the gateway's trade number of the payment
 * @param amount   how much to refund
 * @param refundId the store's id of this refund; the same id twice must refund once
 * @param reason   short reason shown to the buyer by some gateways
 */
public record RefundRequest(String orderNo, String tradeNo, Money amount, String refundId, String reason) {}

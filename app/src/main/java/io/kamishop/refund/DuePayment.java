package io.kamishop.refund;

/** A payment the store's automatic-refund policy may give back. */
public record DuePayment(long orderId, String channel, String tradeNo, long amount, String outcome) {}

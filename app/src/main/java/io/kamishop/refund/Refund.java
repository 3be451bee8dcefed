package io.kamishop.refund;

/** A refund of an order's payment, as asked of the gateway. */
public record Refund(long id, long orderId, String refundId, String channel, String tradeNo, long amount, String currency,
                     String reason, String status, String gatewayId, String error, long createdAt, long updatedAt) {
}

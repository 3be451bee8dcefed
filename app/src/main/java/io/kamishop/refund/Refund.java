package io.kamishop.refund;

import org.jspecify.annotations.Nullable;

/**
 * A refund of (part of) one payment of an order.
 *
 * @param refundId      the store's idempotency key, sent to the gateway: the same id is one refund
 * @param origin        {@code merchant} (asked in the admin or API) or {@code automatic} (the store's policy)
 * @param status        {@code pending} (owed to the gateway, retried), {@code succeeded}, {@code failed}
 *                      (the gateway declined; nothing is reserved any more) or {@code manual} (done by hand)
 * @param nextAttemptAt when a pending refund is sent (again) at the earliest, epoch millis
 * @param gatewayId     the gateway's id of the refund, once it made one
 * @param error         the gateway's words (or a note) on the last attempt, or null
 * @param orderNo       the order's number (read with the refund, for the admin)
 * @param errorCode     why the last attempt did not go through, as a code the admin words
 *                      ({@code channel_unavailable}, {@code gateway_declined}, {@code gateway_error} with the
 *                      gateway's own message in {@code error}); null on refunds written before, whose
 *                      {@code error} is an English sentence
 */
public record Refund(
        long id,
        long orderId,
        String refundId,
        String channel,
        String tradeNo,
        long amount,
        String currency,
        String reason,
        String origin,
        String status,
        @Nullable String gatewayId,
        @Nullable String error,
        int attempts,
        long nextAttemptAt,
        long createdAt,
        long updatedAt,
        String orderNo,
        @Nullable String errorCode) {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String MANUAL = "manual";

    public boolean isPending() {
        return PENDING.equals(status);
    }

    /** Whether the money is back with the buyer (through the gateway or by hand). */
    public boolean isDone() {
        return SUCCEEDED.equals(status) || MANUAL.equals(status);
    }
}

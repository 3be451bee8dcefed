package io.kamishop.pricing;

import org.jspecify.annotations.Nullable;

/**
 * A discount code. Exactly one of {@code percentOff} and {@code amountOff} is set; null limits mean
 * "no limit". {@code uses} counts the pending and paid orders that hold the coupon now.
 */
public record Coupon(
        long id,
        String code,
        @Nullable Integer percentOff,
        @Nullable Long amountOff,
        @Nullable String currency,
        @Nullable Integer maxUses,
        int uses,
        @Nullable Long productId,
        @Nullable Long expiresAt,
        boolean active,
        long createdAt) {

    /** What this coupon takes off a subtotal: never more than the subtotal less one minor unit, so an order stays payable. */
    long discountOn(long subtotal) {
        if (subtotal <= 1) {
            return 0;
        }
        Integer percent = percentOff;
        Long amount = amountOff;
        long off;
        if (percent != null) {
            off = Math.multiplyExact(subtotal, (long) percent) / 100;
        } else if (amount != null) {
            off = amount;
        } else {
            // The table's CHECK and CouponDraft both require one of the two.
            throw new IllegalStateException("coupon " + code + " has neither percentOff nor amountOff");
        }
        return Math.min(off, subtotal - 1);
    }
}

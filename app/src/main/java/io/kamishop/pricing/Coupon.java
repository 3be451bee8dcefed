package io.kamishop.pricing;

/**
 * A discount code. Exactly one of {@code percentOff} and {@code amountOff} is set; null limits mean
 * "no limit". {@code uses} counts the pending and paid orders that hold the coupon now.
 */
public record Coupon(
        long id,
        String code,
        Integer percentOff,
        Long amountOff,
        String currency,
        Integer maxUses,
        int uses,
        Long productId,
        Long expiresAt,
        boolean active,
        long createdAt) {

    /** What this coupon takes off a subtotal: never more than the subtotal less one minor unit, so an order stays payable. */
    long discountOn(long subtotal) {
        if (subtotal <= 1) {
            return 0;
        }
        long off = percentOff != null ? Math.multiplyExact(subtotal, (long) percentOff) / 100 : amountOff;
        return Math.min(off, subtotal - 1);
    }
}

package io.kamishop.reseller;

/**
 * What a reseller adds to the merchant's unit price of one product: {@code percent} in basis points of the
 * merchant's price (1000 = 10%), {@code fixed} in minor units. Never negative, so the sub-store price is never below
 * the merchant's, whatever the merchant's price is at the moment of sale.
 */
public record Markup(long resellerId, long productId, String kind, long amount, long updatedAt) {

    static final String PERCENT = "percent";
    static final String FIXED = "fixed";

    /** The markup on one unit at the merchant's {@code merchantUnitPrice}; a percentage is rounded down. */
    public long perUnit(long merchantUnitPrice) {
        return PERCENT.equals(kind) ? Math.multiplyExact(merchantUnitPrice, amount) / 10_000 : amount;
    }
}

package io.kamishop.order;

import io.kamishop.catalog.Product;

/**
 * What an order will cost, worked out inside the placing transaction.
 *
 * @param unitPrice the price of one unit after quantity pricing, before any coupon
 * @param amount    what the buyer pays for the whole order: the amount every payment is checked against
 * @param couponId  the coupon the price used, or null
 * @param discount  how much the coupon took off {@code unitPrice * quantity}
 */
public record PriceQuote(long unitPrice, long amount, Long couponId, long discount) {

    /** The catalogue price times the quantity: what an order costs when no pricing rule applies. */
    public static PriceQuote listPrice(Product product, int quantity) {
        return new PriceQuote(product.price(), Math.multiplyExact(product.price(), (long) quantity), null, 0);
    }
}

package io.kamishop.order;

import io.kamishop.catalog.Product;
import org.jspecify.annotations.Nullable;

/**
 * What an order will cost, worked out inside the placing transaction.
 *
 * @param unitPrice the price of one unit after quantity pricing, before any coupon
 * @param amount    what the buyer pays for the whole order, the channel's fee included: the amount every
 *                  payment is checked against
 * @param couponId  the coupon the price used, or null
 * @param discount  how much the coupon took off {@code unitPrice * quantity}
 * @param fee       the payment channel's surcharge included in {@code amount} (0 when the channel has none)
 * @param markup    a reseller's markup included in {@code amount} (all units; 0 on the merchant's own store):
 *                  the reseller's earning, owed by the store once the order is delivered
 */
public record PriceQuote(
        long unitPrice, long amount, @Nullable Long couponId, long discount, long fee, long markup) {

    /** A quote before any channel fee. */
    public PriceQuote(long unitPrice, long amount, @Nullable Long couponId, long discount) {
        this(unitPrice, amount, couponId, discount, 0, 0);
    }

    /** The catalogue price times the quantity: what an order costs when no pricing rule applies. */
    public static PriceQuote listPrice(Product product, int quantity) {
        return new PriceQuote(product.price(), Math.multiplyExact(product.price(), (long) quantity), null, 0);
    }

    /** This quote (before the channel fee) with a reseller's markup of {@code perUnit} on each of {@code quantity} units. */
    public PriceQuote withMarkup(long perUnit, int quantity) {
        long total = Math.multiplyExact(perUnit, (long) quantity);
        return new PriceQuote(
                Math.addExact(unitPrice, perUnit),
                Math.addExact(amount, total),
                couponId,
                discount,
                fee,
                Math.addExact(markup, total));
    }

    /** This quote with the channel's {@code channelFee} added on top of the goods' price. */
    public PriceQuote withChannelFee(long channelFee) {
        return new PriceQuote(
                unitPrice, Math.addExact(amount - fee, channelFee), couponId, discount, channelFee, markup);
    }
}

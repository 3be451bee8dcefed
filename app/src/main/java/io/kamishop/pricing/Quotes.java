package io.kamishop.pricing;

import io.kamishop.catalog.Product;
import io.kamishop.payment.ChannelRegistry;
import java.util.List;

/**
 * What a buyer would pay before choosing: the goods at the wholesale tier price for the quantity, then
 * each channel offered for that amount with its fee and total. The quote API and the product page ask
 * here, so the total a page shows is the total the API answers (a coupon, applied when the order is
 * placed, is not in it).
 */
public final class Quotes {

    /** A quote for {@code quantity} units; {@code channels} are those whose limits take the amount. */
    public record Quote(Product product, int quantity, long unitPrice, long amount, List<ChannelRegistry.Offered> channels) {
    }

    private final PricingService pricing;
    private final ChannelRegistry channels;

    public Quotes(PricingService pricing, ChannelRegistry channels) {
        this.pricing = pricing;
        this.channels = channels;
    }

    public Quote quote(Product product, int quantity) {
        long unitPrice = pricing.rules(product.id()).unitPrice(product.price(), quantity);
        long amount = Math.multiplyExact(unitPrice, (long) quantity);
        return new Quote(product, quantity, unitPrice, amount, channels.offeredFor(amount));
    }
}

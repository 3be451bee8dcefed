package io.kamishop.storefront.view;

import java.util.List;

/**
 * The checkout form as the buyer last filled it in (never the lookup password: it is not sent back).
 *
 * @param coupon      the coupon code as typed, or empty
 * @param tiers       the product's wholesale tiers, cheapest last; empty when it has none
 * @param errors      message keys of what was wrong, translated by the template with {@code t(...)}
 * @param maxQuantity the most units one order may take
 */
public record CheckoutForm(String email, int quantity, int maxQuantity, List<ChannelOption> channels, String coupon,
                           List<TierPrice> tiers, List<String> errors) {
}

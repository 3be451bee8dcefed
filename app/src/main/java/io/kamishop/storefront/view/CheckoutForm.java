package io.kamishop.storefront.view;

import java.util.List;

/**
 * The checkout form as the buyer last filled it in (never the lookup password: it is not sent back).
 *
 * @param coupon      the coupon code as typed, or empty
 * @param tiers       the product's wholesale table, the list price first; empty when it has no tiers
 * @param errors      message keys of what was wrong, translated by the template with {@code t(...)}
 * @param maxQuantity the most units one order may take
 * @param unitPrice   the unit price for {@code quantity} (its wholesale tier), formatted
 * @param total       the goods for {@code quantity} at that price, before a coupon and a channel fee, formatted
 * @param quoteUrl    the quote API of this product, which the page's script asks as the quantity changes
 * @param action      where the form posts the order: {@code /checkout}, or a sub-store's own checkout
 * @param updateUrl   where a browser without script posts the form to see the total again (the product's page)
 */
public record CheckoutForm(
        String email,
        int quantity,
        int maxQuantity,
        List<ChannelOption> channels,
        String coupon,
        List<TierPrice> tiers,
        List<String> errors,
        String unitPrice,
        String total,
        String quoteUrl,
        String action,
        String updateUrl) {}

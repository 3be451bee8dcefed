package io.kamishop.storefront.view;

import java.util.List;

/**
 * The checkout form as the buyer last filled it in.
 *
 * @param errors      message keys of what was wrong, translated by the template with {@code t(...)}
 * @param maxQuantity the most units one order may take
 */
public record CheckoutForm(String email, int quantity, int maxQuantity, List<ChannelOption> channels, List<String> errors) {
}

package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * A row of the wholesale table as the buyer reads it: from {@code minQuantity} units on (up to
 * {@code maxQuantity}, {@code null} for "and more"), each costs {@code unitPrice}.
 *
 * @param current the row the form's quantity falls in
 */
public record TierPrice(
        int minQuantity, String unitPrice, @Nullable Integer maxQuantity, boolean current) {}

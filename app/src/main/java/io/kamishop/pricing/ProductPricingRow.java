package io.kamishop.pricing;

import org.jspecify.annotations.Nullable;

/** A row of {@code product_pricing}. */
public record ProductPricingRow(
        long productId,
        int minQuantity,
        @Nullable Integer maxQuantity,
        @Nullable Integer perBuyerLimit,
        long updatedAt) {}

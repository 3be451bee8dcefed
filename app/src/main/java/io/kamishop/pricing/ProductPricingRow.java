package io.kamishop.pricing;

/** A row of {@code product_pricing}. */
public record ProductPricingRow(
        long productId, int minQuantity, Integer maxQuantity, Integer perBuyerLimit, long updatedAt) {}

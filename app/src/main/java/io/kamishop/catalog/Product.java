package io.kamishop.catalog;

/** A product on the catalogue. Prices are in minor units of {@code currency}. */
public record Product(
        long id,
        String name,
        String description,
        long price,
        String currency,
        boolean active,
        String category,
        long createdAt,
        long updatedAt) {}

package io.kamishop.inventory;

import org.jspecify.annotations.Nullable;

/**
 * A product's kind and unit rules as stored. {@code maxUnits} null means no cap; {@code keyFormat}
 * names the generating {@code KeyFormat} of a {@code generated} product.
 */
public record KindSpec(
        long productId,
        String kind,
        @Nullable Long maxUnits,
        long unitsTaken,
        @Nullable String keyFormat) {

    /** What a product without a row is: plain card keys. */
    public static KindSpec keys(long productId) {
        return new KindSpec(productId, ProductKind.KEYS.code(), null, 0, null);
    }

    public ProductKind productKind() {
        return ProductKind.parse(kind).orElseThrow(() -> new IllegalStateException("unknown product kind " + kind));
    }
}

package io.kamishop.inventory;

import java.util.Locale;
import java.util.Optional;

/**
 * What a buyer of a product receives, which decides how its stock is counted (issue 12).
 *
 * <ul>
 *   <li>{@code keys}: distinct card keys, one per unit, held at placement (the default).</li>
 *   <li>{@code shared}: the product's key (or small set of keys) goes to every buyer ("loop" stock).</li>
 *   <li>{@code file}: a downloadable file, delivered as signed, expiring links.</li>
 *   <li>{@code manual}: the merchant fulfils a paid order by hand from the admin.</li>
 *   <li>{@code generated}: keys made at delivery by a {@code KeyFormat} plugin.</li>
 * </ul>
 *
 * Every kind but {@code keys} counts units: an optional cap ({@code maxUses}) on what pending, paid and
 * delivered orders hold together.
 */
public enum ProductKind {
    KEYS,
    SHARED,
    FILE,
    MANUAL,
    GENERATED;

    /** The wire and database spelling, e.g. {@code shared}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean countsUnits() {
        return this != KEYS;
    }

    public static Optional<ProductKind> parse(String code) {
        for (ProductKind kind : values()) {
            if (kind.code().equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}

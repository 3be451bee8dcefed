package io.kamishop.pricing;

import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A product's quantity rules and wholesale tiers. Null limits mean none.
 *
 * @param tiers sorted by {@code minQuantity}; below the first tier the catalogue price applies
 */
public record PricingRules(
        int minQuantity,
        @Nullable Integer maxQuantity,
        @Nullable Integer perBuyerLimit,
        List<PriceTier> tiers) {

    public static final PricingRules NONE = new PricingRules(1, null, null, List.of());

    public PricingRules {
        tiers = tiers.stream()
                .sorted(Comparator.comparingInt(PriceTier::minQuantity))
                .toList();
    }

    /** The unit price for this quantity: the highest tier it reaches, else the catalogue price. */
    public long unitPrice(long listPrice, int quantity) {
        long price = listPrice;
        for (PriceTier tier : tiers) {
            if (quantity >= tier.minQuantity()) {
                price = tier.unitPrice();
            }
        }
        return price;
    }
}

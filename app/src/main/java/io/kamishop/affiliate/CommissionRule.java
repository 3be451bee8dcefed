package io.kamishop.affiliate;

/**
 * How much an order earns at one level: {@code percent} in basis points of the order's amount without the
 * channel fee (1000 = 10%), or {@code fixed} minor units per order. A product's rule beats its category's,
 * which beats the store's.
 */
public record CommissionRule(
        long id, String scope, String target, int level, String kind, long amount, long createdAt) {

    long commissionOn(long base) {
        return "fixed".equals(kind) ? amount : Math.multiplyExact(base, amount) / 10_000;
    }
}

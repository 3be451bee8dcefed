package io.kamishop.order;

import io.kamishop.db.Tx;

/**
 * Told, inside the transaction that learns it, of money that must go back to a buyer while the order
 * does not move (so no {@link OrderChange} says it): a second payment of an order already paid, a paid
 * order that cannot be delivered; and of such money given back. The merchant's "refund due" and
 * "refunded" alerts hang on it.
 */
public interface MoneyBack {

    /**
     * @param reason {@code duplicate_payment} or {@code undeliverable}
     */
    void due(Tx tx, Order order, String reason);

    /** A refund of such money completed; {@code amount} in minor units of the order's currency. */
    void returned(Tx tx, Order order, String reason, long amount);
}

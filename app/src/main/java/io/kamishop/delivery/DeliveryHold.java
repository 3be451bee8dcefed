package io.kamishop.delivery;

import io.kamishop.db.Tx;
import io.kamishop.order.Order;

/**
 * Decides, within the payment's transaction, that a paid order keeps its keys held instead of
 * receiving them now (an order under the merchant's review). The order stays {@code paid}.
 */
public interface DeliveryHold {

    /** Whether to hold the keys of this paid order; a hold records its own reason. */
    boolean holds(Tx tx, Order paid);
}

package io.kamishop.delivery;

import io.kamishop.order.Order;
import org.jdbi.v3.core.Handle;

/**
 * Decides, within the payment's transaction, that a paid order keeps its keys held instead of
 * receiving them now (an order under the merchant's review). The order stays {@code paid}.
 */
public interface DeliveryHold {

    DeliveryHold NONE = (h, paid) -> false;

    /** Whether to hold the keys of this paid order; a hold records its own reason. */
    boolean holds(Handle h, Order paid);
}

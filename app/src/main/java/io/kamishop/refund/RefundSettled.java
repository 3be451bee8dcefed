package io.kamishop.refund;

import io.kamishop.db.Tx;
import io.kamishop.order.Order;

/**
 * Hears that money went back to the buyer for an order's own payment (the gateway confirmed it, it was done
 * by hand, or it went to the buyer's balance), inside the refund's transaction, once per refund: what was
 * earned on the order (an affiliate's commission) is taken back atomically with it.
 */
@FunctionalInterface
public interface RefundSettled {

    /**
     * @param refunded how much this refund gave back
     * @param paid     what the payment it refunds took in
     */
    void settled(Tx tx, Order order, long refunded, long paid, String refundId);
}

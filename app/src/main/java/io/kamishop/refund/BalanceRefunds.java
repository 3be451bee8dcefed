package io.kamishop.refund;

import io.kamishop.db.Tx;
import io.kamishop.order.Order;

/**
 * Refunds of payments the store took from a buyer's balance: they go back to that balance, in the
 * transaction that records the refund, so there is no gateway to wait for. The account feature implements it.
 */
public interface BalanceRefunds {

    /** Whether payments through this channel came from a buyer's balance. */
    boolean paidFromBalance(String channel);

    /** Gives {@code amount} of the order's balance payment back to the balance it came from, once per refund id. */
    void giveBack(Tx tx, Order order, long amount, String refundId);
}

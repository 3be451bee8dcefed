package io.kamishop.checkout;

import io.kamishop.order.Order;
import java.util.Map;

/**
 * Paying a placed order from the signed-in buyer's balance (store credit), the store's own channel: the
 * money moves and the order is settled in one transaction, through the same settlement as a gateway's
 * payment. Installed by the composition root; the account feature implements it.
 */
public interface BalanceCheckout {

    /** The channel id of orders paid from a balance. */
    String CHANNEL = "balance";

    /**
     * Pays {@code order} from the account's balance and answers what the buyer sees as the payment; 409
     * {@code insufficient_balance} (the order is cancelled and its stock released) when the balance is short.
     */
    Map<String, Object> pay(Order order, long buyerAccountId);
}

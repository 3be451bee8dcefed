package io.kamishop.payment;

import io.kamishop.order.Order;
import java.util.Optional;

/**
 * A last check before a buyer is sent to the gateway (the risk stage before payment). A refusal
 * means no payment is started; what becomes of the order is the gate's business (the risk stage
 * cancels it, so its stock is free at once).
 */
public interface PaymentGate {

    /** Why this order may not be paid now (shown to the buyer, so name no rule), or empty. */
    Optional<String> refusal(Order order);
}

package io.kamishop.payment;

import io.kamishop.order.Order;
import java.util.Optional;

/**
 * A last check before a buyer is sent to the gateway (the risk stage before payment). A refusal
 * means no payment is started; the order stays pending and gives its stock back when it expires.
 */
public interface PaymentGate {

    PaymentGate OPEN = order -> Optional.empty();

    /** Why this order may not be paid now (shown to the buyer, so name no rule), or empty. */
    Optional<String> refusal(Order order);
}

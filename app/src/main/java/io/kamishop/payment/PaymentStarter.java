package io.kamishop.payment;

import io.kamishop.api.Money;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentInstructions;
import io.kamishop.api.PaymentRequest;
import io.kamishop.domain.ReturnAddressGuard;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an order's channel how the buyer pays. Runs after the order committed and outside any
 * transaction: a slow gateway must not hold the database. A gateway failure leaves the order
 * pending with its stock held; the buyer can ask again until it expires.
 */
public final class PaymentStarter {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentStarter.class);

    private final ChannelRegistry channels;
    private final OrderService orders;
    private final ReturnAddressGuard returnAddresses;
    private final PaymentGate gate;

    /** {@code gate}: the check run before each payment is started (the risk stage). */
    public PaymentStarter(
            ChannelRegistry channels, OrderService orders, ReturnAddressGuard returnAddresses, PaymentGate gate) {
        this.channels = channels;
        this.orders = orders;
        this.returnAddresses = returnAddresses;
        this.gate = gate;
    }

    /** The {@code payment} object of the order API: how to pay, or why it cannot be offered right now. */
    public Map<String, Object> start(Order order, String lookupToken) {
        // Also checked before an order is placed (PlaceOrder); here for the buyer asking to pay again.
        returnAddresses.requireTrustworthyReturnAddress();
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("channel", order.channel());
        ChannelRegistry.Choice choice = channels.forOrder(order.channel()).orElse(null);
        if (choice == null) {
            payment.put("status", "unavailable");
            payment.put("message", "the payment channel is not running; try again shortly");
            return payment;
        }
        Optional<String> refusal = gate.refusal(order);
        if (refusal.isPresent()) {
            payment.put("status", "refused");
            payment.put("message", refusal.get());
            return payment;
        }
        try {
            PaymentInstructions instructions = choice.channel()
                    .createPayment(new PaymentRequest(
                            order.orderNo(),
                            new Money(order.amount(), order.currency()),
                            order.productName() + " x " + order.quantity(),
                            order.email(),
                            order.buyerIp(),
                            Instant.ofEpochMilli(order.expiresAt()),
                            lookupToken,
                            choice.method()));
            if (instructions.gatewayRef() != null && !instructions.gatewayRef().equals(order.gatewayRef())) {
                orders.recordGatewayRef(order.id(), instructions.gatewayRef());
            }
            payment.put("status", "ready");
            putIfPresent(payment, "redirectUrl", instructions.redirectUrl());
            putIfPresent(payment, "qrPayload", instructions.qrPayload());
            putIfPresent(payment, "htmlForm", instructions.htmlForm());
            payment.putAll(instructions.extra());
        } catch (PaymentException | RuntimeException e) {
            LOG.warn(
                    "channel {} could not start the payment of order {}: {}",
                    order.channel(),
                    order.orderNo(),
                    e.getMessage());
            payment.put("status", "unavailable");
            payment.put("message", "the payment gateway did not answer; your order is held, try paying again shortly");
        }
        return payment;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

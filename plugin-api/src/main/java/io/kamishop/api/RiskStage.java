package io.kamishop.api;

/**
 * When the store asks its {@link RiskRule}s. Each stage sees what is known by then.
 */
public enum RiskStage {
    /**
     * A buyer asks to place an order; nothing is stored or reserved yet. A block here answers
     * 403 {@code risk_blocked} and holds no stock. {@link RiskContext#orderNo()} is {@code null}.
     */
    ORDER_CREATION,
    /** The order exists and is pending; the buyer is about to be sent to the payment gateway. */
    BEFORE_PAYMENT,
    /**
     * The payment is confirmed and the keys are about to be handed over. Money has moved, so the
     * store does not refuse here: a {@code review} or {@code block} holds the keys until the
     * merchant approves or rejects (and refunds) the order.
     */
    BEFORE_DELIVERY
}

package io.kamishop.api;

/**
 * What the gateway says about a payment when asked.
 *
 * @param state   the gateway's view
 * @param tradeNo the gateway's trade number when paid, else {@code null}
 * @param amount  the amount paid when paid, else {@code null}
 */
public record PaymentStatus(State state, String tradeNo, Money amount) {

    /** The gateway's view of a payment. */
    public enum State {
        PENDING,
        PAID,
        CLOSED,
        UNKNOWN
    }

    public static PaymentStatus paid(String tradeNo, Money amount) {
        return new PaymentStatus(State.PAID, tradeNo, amount);
    }

    public static PaymentStatus of(State state) {
        return new PaymentStatus(state, null, null);
    }
}

package io.kamishop.refund;

/**
 * One payment an order received, as the refund feature sees it.
 *
 * @param outcome  what the payment did when it arrived ({@code delivered}, {@code late_payment},
 *                 {@code duplicate_payment}, {@code held_for_review}, ...)
 * @param refunded how much of it is refunded or being refunded, minor units
 */
public record Payment(
        String channel, String tradeNo, long amount, String currency, String outcome, long refunded, long receivedAt) {

    public boolean isDuplicate() {
        return "duplicate_payment".equals(outcome);
    }

    public long refundable() {
        return amount - refunded;
    }
}

package io.kamishop.plugins.paypal;

import io.kamishop.api.Money;
import io.kamishop.api.PaymentException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capture of a PayPal order, as a captured order ({@code purchase_units[0].payments.captures[]})
 * shows it. Its id is the trade number the store records the payment under, whichever way it was found.
 *
 * @param status {@code COMPLETED} pays; {@code PENDING} (an eCheck, a review) is reported later by
 *               {@code PAYMENT.CAPTURE.COMPLETED}; {@code DECLINED} and {@code FAILED} never pay
 */
record Capture(String id, String status, Money amount) {

    boolean completed() {
        return "COMPLETED".equals(status);
    }

    static Optional<Capture> of(Map<String, Object> order, PayPalOrders.Created created) throws PaymentException {
        if (!(order.get("purchase_units") instanceof List<?> units)
                || units.isEmpty()
                || !(units.get(0) instanceof Map<?, ?> unit)) {
            throw new PaymentException("PayPal order " + created.paypalOrderId() + " has no purchase unit");
        }
        Object reference = unit.get("custom_id") != null ? unit.get("custom_id") : unit.get("reference_id");
        if (reference != null && !created.orderNo().equals(reference)) {
            throw new PaymentException(
                    "PayPal order " + created.paypalOrderId() + " is not for order " + created.orderNo());
        }
        if (!(unit.get("payments") instanceof Map<?, ?> payments)
                || !(payments.get("captures") instanceof List<?> captures)) {
            return Optional.empty();
        }
        Map<?, ?> chosen = null;
        for (Object each : captures) {
            if (each instanceof Map<?, ?> capture && (chosen == null || "COMPLETED".equals(capture.get("status")))) {
                chosen = capture;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        String id = PayPalChannel.text(chosen.get("id"));
        if (id == null || !(chosen.get("amount") instanceof Map<?, ?> amount)) {
            throw new PaymentException("PayPal reported a capture without id or amount");
        }
        try {
            return Optional.of(new Capture(
                    id,
                    String.valueOf(chosen.get("status")),
                    PayPalAmounts.parse(amount.get("value"), amount.get("currency_code"))));
        } catch (RuntimeException e) {
            throw new PaymentException("PayPal reported a capture amount that is not one: " + amount.get("value"));
        }
    }
}

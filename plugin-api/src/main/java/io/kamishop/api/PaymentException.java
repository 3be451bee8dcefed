package io.kamishop.api;

/** A gateway call failed (time-out, 5xx, refusal). The host keeps the order as it was and may retry. */
public class PaymentException extends Exception {
    public PaymentException(String message) {
        super(message);
    }

    public PaymentException(String message, Throwable cause) {
        super(message, cause);
    }
}

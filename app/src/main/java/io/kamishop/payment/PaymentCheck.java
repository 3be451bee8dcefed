package io.kamishop.payment;

import org.jspecify.annotations.Nullable;

/** What the reconciler last heard from the gateway about an order, and when it asks again. */
public record PaymentCheck(
        long orderId,
        int checks,
        String lastState,
        @Nullable String lastError,
        long checkedAt,
        long nextCheckAt) {

    /** {@code nextCheckAt} of an order the reconciler is done with (settled, or closed at the gateway). */
    public static final long NEVER = Long.MAX_VALUE;
}

package io.kamishop.order;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of an order. Status only moves along these edges; anything else is a bug and throws.
 *
 * <pre>
 * pending ──paid──▶ paid ──▶ delivered ──▶ refund_pending ──▶ refunded
 *    │                 └──────────────────▶ refund_pending
 *    ├──▶ expired ──(late payment)──▶ refund_pending
 *    └──▶ cancelled ──(late payment)──▶ refund_pending
 * </pre>
 */
public enum OrderStatus {
    PENDING,
    PAID,
    DELIVERED,
    EXPIRED,
    CANCELLED,
    REFUND_PENDING,
    REFUNDED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PAID, EXPIRED, CANCELLED);
            case PAID -> EnumSet.of(DELIVERED, REFUND_PENDING);
            case DELIVERED -> EnumSet.of(REFUND_PENDING, REFUNDED);
            case EXPIRED, CANCELLED -> EnumSet.of(REFUND_PENDING);
            case REFUND_PENDING -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    /** The wire and database spelling, e.g. {@code refund_pending}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}

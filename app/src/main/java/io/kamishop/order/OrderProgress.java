package io.kamishop.order;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where an order stands as its buyer should read it. The status alone says too little: a {@code paid}
 * order may be delivering this second, held for the merchant's review, or waiting for the merchant to
 * deliver by hand, and telling a buyer who has paid that the shop "waits for payment" is how support
 * tickets start. The history's notes tell them apart.
 */
public enum OrderProgress {
    AWAITING_PAYMENT,
    DELIVERING,
    IN_REVIEW,
    AWAITING_FULFILMENT,
    DELIVERED,
    EXPIRED,
    CANCELLED,
    REFUND_PENDING,
    REFUNDED;

    /** History notes that put an order under review, take it out, or leave it to the merchant's hand. */
    private static final Set<String> HELD = Set.of("risk_review", "held_for_review");

    private static final String APPROVED = "risk_approved";
    private static final String BY_HAND = "awaiting_fulfilment";

    /** The progress of {@code order}, its history read oldest first. */
    public static OrderProgress of(Order order, List<OrderEvent> history) {
        return switch (order.state()) {
            case PENDING -> AWAITING_PAYMENT;
            case PAID -> paid(history);
            case DELIVERED -> DELIVERED;
            case EXPIRED -> EXPIRED;
            case CANCELLED -> CANCELLED;
            case REFUND_PENDING -> REFUND_PENDING;
            case REFUNDED -> REFUNDED;
        };
    }

    /** The last note that says why a paid order has no keys yet wins: a review approved later no longer holds it. */
    private static OrderProgress paid(List<OrderEvent> history) {
        OrderProgress progress = DELIVERING;
        for (OrderEvent event : history) {
            if (HELD.contains(event.kind())) {
                progress = IN_REVIEW;
            } else if (APPROVED.equals(event.kind())) {
                progress = DELIVERING;
            } else if (BY_HAND.equals(event.kind())) {
                progress = AWAITING_FULFILMENT;
            }
        }
        return progress;
    }

    /** The spelling in message keys and page attributes, e.g. {@code in_review}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}

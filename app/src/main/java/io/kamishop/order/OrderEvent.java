package io.kamishop.order;

/** One line of an order's history. */
public record OrderEvent(
        long id, long orderId, String kind, String fromStatus, String toStatus, String detail, long at) {}

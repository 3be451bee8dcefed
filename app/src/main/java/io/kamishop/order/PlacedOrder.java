package io.kamishop.order;

/** A new pending order with the buyer's lookup token, which exists only in this answer. */
public record PlacedOrder(Order order, String lookupToken) {}

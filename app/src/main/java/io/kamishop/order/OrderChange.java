package io.kamishop.order;

import org.jspecify.annotations.Nullable;

/**
 * A committed status change of an order, published after the transaction that made it.
 *
 * @param order the order as it was when it moved (its {@code status} is the old one)
 * @param from  the status it left; null for a new order ("created")
 * @param to    the status it entered
 * @param kind  the event kind recorded in its history, e.g. {@code paid}, {@code delivered}, {@code expired}
 */
public record OrderChange(Order order, @Nullable OrderStatus from, OrderStatus to, String kind) {}

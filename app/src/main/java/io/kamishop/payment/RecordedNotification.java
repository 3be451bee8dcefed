package io.kamishop.payment;

import org.jspecify.annotations.Nullable;

/**
 * A notification as recorded, for the admin's order view.
 *
 * @param currency null on a notification that carries no amount (a gateway closing an order)
 */
public record RecordedNotification(
        String channel,
        String tradeNo,
        String kind,
        long amount,
        @Nullable String currency,
        String outcome,
        long receivedAt) {}

package io.kamishop.payment;

/** A notification as recorded, for the admin's order view. */
public record RecordedNotification(
        String channel, String tradeNo, String kind, long amount, String currency, String outcome, long receivedAt) {}

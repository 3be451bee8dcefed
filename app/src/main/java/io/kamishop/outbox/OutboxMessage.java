package io.kamishop.outbox;

import org.jspecify.annotations.Nullable;

/**
 * A row of the outbox: one message owed to an outside party, and how sending it went so far.
 *
 * @param dedupeKey unique per topic: enqueueing a message twice (a redelivery, a retried transaction) owes it once
 * @param orderId   the order it is about, if any: the archive waits for and takes an order's messages
 * @param status    {@code pending}, {@code sent} (or no longer owed, {@code lastError} saying why) or {@code dead}
 */
public record OutboxMessage(
        long id,
        String topic,
        String dedupeKey,
        @Nullable Long orderId,
        String payload,
        String status,
        int attempts,
        long nextAttemptAt,
        @Nullable String lastError,
        long createdAt,
        @Nullable Long sentAt) {}

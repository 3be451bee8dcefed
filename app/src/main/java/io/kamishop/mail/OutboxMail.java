package io.kamishop.mail;

/** A row of the mail outbox: which mail an order owes its buyer, and how sending it went so far. */
public record OutboxMail(
        long id,
        long orderId,
        String kind,
        String recipient,
        String status,
        int attempts,
        long nextAttemptAt,
        String lastError,
        long createdAt,
        Long sentAt) {}

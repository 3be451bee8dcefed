package io.kamishop.webhook;

/** One event owed to one endpoint, and how delivering it went so far. */
public record WebhookDelivery(long id, long endpointId, String eventId, String eventType, String payload, String status,
                              int attempts, long nextAttemptAt, Integer lastStatus, String lastError, long createdAt,
                              Long deliveredAt) {
}

package io.kamishop.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.outbox.OutboxMessage;

/** One notice owed to one notifier ({@code pluginId/notifierId}), and how delivering it went so far. */
public record NoticeRow(
        long id,
        String notifier,
        String noticeId,
        String kind,
        String subject,
        String body,
        String fields,
        long happenedAt,
        String status,
        int attempts,
        long nextAttemptAt,
        String lastError,
        long createdAt,
        Long deliveredAt) {

    /** The notice an outbox message carries, with its status in the notices API's words ({@code delivered}). */
    static NoticeRow of(ObjectMapper mapper, OutboxMessage message) {
        JsonNode p;
        try {
            p = mapper.readTree(message.payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a notice's payload is JSON", e);
        }
        return new NoticeRow(
                message.id(),
                p.path("notifier").asText(),
                p.path("noticeId").asText(),
                p.path("kind").asText(),
                p.path("subject").asText(),
                p.path("body").asText(),
                p.path("fields").asText(),
                p.path("happenedAt").asLong(),
                message.status().equals("sent") ? "delivered" : message.status(),
                message.attempts(),
                message.nextAttemptAt(),
                message.lastError(),
                message.createdAt(),
                message.sentAt());
    }
}

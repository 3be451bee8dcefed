package io.kamishop.notice;

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
        Long deliveredAt) {}

package io.kamishop.telegram;

/**
 * An order placed through the bot, the chat that placed it, and how sending its keys there went.
 *
 * @param language the buyer's Telegram client language ({@code language_code}) when they ordered, or {@code null}
 */
public record ChatOrder(
        long orderId,
        String orderNo,
        long telegramUserId,
        long chatId,
        long createdAt,
        String keysStatus,
        int attempts,
        long nextAttemptAt,
        String lastError,
        Long keysSentAt,
        String language) {}

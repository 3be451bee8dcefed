package io.kamishop.telegram;

/** An order placed through the bot, the chat that placed it, and how sending its keys there went. */
public record ChatOrder(long orderId, String orderNo, long telegramUserId, long chatId, long createdAt, String keysStatus,
                        int attempts, long nextAttemptAt, String lastError, Long keysSentAt) {
}

package io.kamishop.telegram;

/**
 * An order placed through the bot, and the chat that placed it.
 *
 * @param language the buyer's Telegram client language ({@code language_code}) when they ordered, or {@code null}
 */
public record ChatOrder(
        long orderId, String orderNo, long telegramUserId, long chatId, long createdAt, String language) {}

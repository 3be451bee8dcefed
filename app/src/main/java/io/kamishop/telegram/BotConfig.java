package io.kamishop.telegram;

import org.jspecify.annotations.Nullable;

/**
 * The bot's settings as they are in force now.
 *
 * @param merchantChatId the one chat whose admin commands are obeyed, or null (then none are)
 * @param webhook        true: Telegram POSTs updates to the store; false: the store long-polls getUpdates
 * @param webhookSecret  what Telegram sends in X-Telegram-Bot-Api-Secret-Token in webhook mode
 */
record BotConfig(
        boolean enabled,
        @Nullable String token,
        String apiBase,
        @Nullable Long merchantChatId,
        boolean webhook,
        @Nullable String webhookSecret) {

    boolean running() {
        return enabled && token != null && !token.isBlank();
    }

    boolean isMerchant(long chatId) {
        return merchantChatId != null && merchantChatId == chatId;
    }

    @Override
    public String toString() {
        return "BotConfig[enabled=" + enabled + ", apiBase=" + apiBase + ", merchantChatId=" + merchantChatId
                + ", webhook=" + webhook + "]";
    }
}

package io.kamishop.domain;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking, as far as a door can tell: the facts a use case weighs (rate limits per address,
 * risk rules per address and device) travel with the request as this value, never in a thread-local,
 * so every door (JSON API, storefront form, a bot) hands over the same facts and a use case run on
 * another thread still sees them.
 *
 * @param address   the client's address (from a trusted proxy's header where one is configured)
 * @param deviceId  an id a storefront script keeps for the browser, or null
 * @param userAgent the browser's User-Agent, or null
 * @param language  the browser's Accept-Language, or null
 * @param proofOfWork a solved proof-of-work challenge ({@code challenge:nonce}) the caller sent along, or null
 * @param chat      the Telegram user and chat when the request came through the bot, or null
 * @param humanCheck the token of a third party's human-check widget (Turnstile, hCaptcha) the caller sent, or null
 */
public record Requester(
        String address,
        @Nullable String deviceId,
        @Nullable String userAgent,
        @Nullable String language,
        @Nullable String proofOfWork,
        @Nullable ChatUser chat,
        @Nullable String humanCheck) {

    /**
     * A Telegram user asking through the store's bot. The bot has no client address, so its requester's
     * address and device are {@code telegram:<user id>}: the per-address rate limit, the risk rules'
     * address and device facts and the velocity counters then count per Telegram user, the same
     * rules that count per browser on the web.
     */
    public record ChatUser(long userId, long chatId) {}

    public Requester(
            String address,
            @Nullable String deviceId,
            @Nullable String userAgent,
            @Nullable String language,
            @Nullable String proofOfWork,
            @Nullable ChatUser chat) {
        this(address, deviceId, userAgent, language, proofOfWork, chat, null);
    }

    public Requester(String address, @Nullable String deviceId, @Nullable String userAgent, @Nullable String language) {
        this(address, deviceId, userAgent, language, null, null, null);
    }

    /** Only the address is known (a test, a job acting for a buyer). */
    public static Requester at(String address) {
        return new Requester(address, null, null, null);
    }

    /** A Telegram user of the bot (see {@link ChatUser}); {@code language} is their Telegram client's language, or null. */
    public static Requester telegram(long userId, long chatId, @Nullable String language) {
        String who = "telegram:" + userId;
        return new Requester(who, who, "Telegram", language, null, new ChatUser(userId, chatId));
    }
}

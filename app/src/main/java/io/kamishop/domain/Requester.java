package io.kamishop.domain;

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
 */
public record Requester(String address, String deviceId, String userAgent, String language, String proofOfWork) {

    public Requester(String address, String deviceId, String userAgent, String language) {
        this(address, deviceId, userAgent, language, null);
    }

    /** Only the address is known (a test, a job acting for a buyer). */
    public static Requester at(String address) {
        return new Requester(address, null, null, null);
    }
}

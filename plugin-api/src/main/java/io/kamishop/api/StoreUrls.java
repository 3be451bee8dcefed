package io.kamishop.api;

import java.net.URI;

/** The store's public addresses, as buyers and gateways reach them (behind any reverse proxy). */
public interface StoreUrls {

    /** The public base URL, for example {@code https://shop.example.com}. */
    URI base();

    /** Where a channel's gateway sends asynchronous notifications: {@code /api/payments/{channel}/notify}. */
    URI notifyUrl(String channelId);

    /** Where a buyer lands after paying: the order page (carries the buyer's lookup token). */
    URI orderPage(String orderNo, String lookupToken);

    /** Pages a channel serves itself (see {@link PaymentChannel#serve}): {@code /pay/{channel}/{subPath}}. */
    URI channelPage(String channelId, String subPath);
}

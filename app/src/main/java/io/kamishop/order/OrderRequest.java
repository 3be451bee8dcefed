package io.kamishop.order;

/** A buyer's request to buy, as received (not yet validated). */
public record OrderRequest(long productId, int quantity, String email, String channel, String buyerIp) {
}

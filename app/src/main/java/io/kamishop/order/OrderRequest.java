package io.kamishop.order;

/**
 * A buyer's request to buy, as received (not yet validated).
 *
 * @param coupon            the coupon code the buyer typed, or null
 * @param queryPasswordHash the Argon2id hash of the buyer's query password (hashed before the
 *                          transaction so the write lock is never held for it), or null
 */
public record OrderRequest(long productId, int quantity, String email, String channel, String buyerIp, String coupon,
                           String queryPasswordHash) {

    public OrderRequest(long productId, int quantity, String email, String channel, String buyerIp) {
        this(productId, quantity, email, channel, buyerIp, null, null);
    }
}

package io.kamishop.order;

import io.kamishop.domain.Requester;

/**
 * A buyer's request to buy, as received (not yet validated).
 *
 * @param requester         who asks: address and device facts for limits and risk rules
 * @param coupon            the coupon code the buyer typed, or null
 * @param queryPasswordHash the Argon2id hash of the buyer's query password (hashed before the
 *                          transaction so the write lock is never held for it), or null
 * @param resellerId        the reseller whose sub-store the order is placed on (its markup is added to the
 *                          price), or null for the merchant's own store
 */
public record OrderRequest(long productId, int quantity, String email, String channel, Requester requester, String coupon,
                           String queryPasswordHash, Long resellerId) {

    /** An order on the merchant's own store. */
    public OrderRequest(long productId, int quantity, String email, String channel, Requester requester, String coupon,
                        String queryPasswordHash) {
        this(productId, quantity, email, channel, requester, coupon, queryPasswordHash, null);
    }

    public OrderRequest(long productId, int quantity, String email, String channel, String buyerIp) {
        this(productId, quantity, email, channel, Requester.at(buyerIp), null, null);
    }

    public String buyerIp() {
        return requester.address();
    }
}

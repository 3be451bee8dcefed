package io.kamishop.order;

import io.kamishop.domain.Requester;
import org.jspecify.annotations.Nullable;

/**
 * A buyer's request to buy, as received (not yet validated).
 *
 * @param requester         who asks: address and device facts for limits and risk rules
 * @param coupon            the coupon code the buyer typed, or null
 * @param queryPasswordHash the Argon2id hash of the buyer's query password (hashed before the
 *                          transaction so the write lock is never held for it), or null
 * @param buyerAccountId    the signed-in buyer's account, or null for a guest
 * @param referralCode      the affiliate code the buyer came with, or null; a placement step records the
 *                          attribution in the placing transaction, so an order never commits without it
 * @param resellerId        the reseller whose sub-store the order is placed on (its markup is added to the
 *                          price), or null for the merchant's own store
 */
public record OrderRequest(
        long productId,
        int quantity,
        String email,
        String channel,
        Requester requester,
        @Nullable String coupon,
        @Nullable String queryPasswordHash,
        @Nullable Long buyerAccountId,
        @Nullable String referralCode,
        @Nullable Long resellerId) {

    public String buyerIp() {
        return requester.address();
    }
}

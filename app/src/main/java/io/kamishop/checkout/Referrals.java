package io.kamishop.checkout;

import io.kamishop.order.Order;

/**
 * Who referred an order, recorded when it is placed (the affiliate feature implements it; checkout sits below
 * it). Never refuses: an unknown code, an expired link or a buyer referring themself earns nobody anything,
 * and the order goes ahead as if there were no code.
 */
@FunctionalInterface
public interface Referrals {

    /** The storefront cookie a {@code ?ref=CODE} link sets, which checkout reads when the request names no code. */
    String COOKIE = "kamishop_ref";

    /**
     * @param code           the referral code the buyer came with (the {@code ref} cookie or field), or null
     * @param buyerAccountId the signed-in buyer's account, or null for a guest
     */
    void attribute(Order placed, String code, Long buyerAccountId);
}

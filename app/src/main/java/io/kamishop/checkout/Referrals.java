package io.kamishop.checkout;

import io.kamishop.domain.Requester;

/**
 * Following a referral code at a door that has no cookie to carry it to checkout (the affiliate feature implements
 * it; checkout sits below it). The order's own attribution is not here: the affiliate feature writes it as a
 * placement step, inside the transaction that places the order. Never refuses: an unknown code, an expired link
 * or a buyer referring themself earns nobody anything, and the buyer goes on as if there were no code.
 */
@FunctionalInterface
public interface Referrals {

    /** The storefront cookie a {@code ?ref=CODE} link sets, which checkout reads when the request names no code. */
    String COOKIE = "kamishop_ref";

    /**
     * The requester arrived through {@code code}: one click counted (once per visitor within the click window),
     * and the requester remembered for the merchant's attribution window where the door has no cookie.
     */
    void followed(String code, Requester requester);
}

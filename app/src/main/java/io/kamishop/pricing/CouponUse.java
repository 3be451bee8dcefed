package io.kamishop.pricing;

/** The coupon an order used, for the merchant's view of the order. */
public record CouponUse(String code, long discount, Long releasedAt) {}

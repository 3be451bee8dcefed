package io.kamishop.pricing;

/**
 * What {@code quantity} units cost at their wholesale tier, before a coupon and a channel fee: the
 * quote API and the product page both show this, then each channel offered for {@code amount}.
 */
public record GoodsQuote(int quantity, long unitPrice, long amount) {}

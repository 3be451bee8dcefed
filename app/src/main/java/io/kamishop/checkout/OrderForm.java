package io.kamishop.checkout;

import org.jspecify.annotations.Nullable;

/**
 * What a buyer asks for at checkout, whichever door they came through (the JSON body of
 * {@code POST /api/orders} or the storefront's {@code POST /checkout} form).
 *
 * @param coupon         the coupon code typed, or null
 * @param lookupPassword the query password to find the order again later, or null
 */
public record OrderForm(
        long productId,
        int quantity,
        String email,
        String channel,
        @Nullable String coupon,
        @Nullable String lookupPassword) {}

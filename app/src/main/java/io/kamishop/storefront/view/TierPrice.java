package io.kamishop.storefront.view;

/** A wholesale tier as the buyer reads it: from {@code minQuantity} units on, each costs {@code unitPrice}. */
public record TierPrice(int minQuantity, String unitPrice) {
}

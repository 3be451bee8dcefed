package io.kamishop.pricing;

/** Wholesale: from {@code minQuantity} units up, each unit costs {@code unitPrice} (minor units). */
public record PriceTier(int minQuantity, long unitPrice) {}

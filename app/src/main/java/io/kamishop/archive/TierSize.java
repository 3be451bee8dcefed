package io.kamishop.archive;

/** How many archived orders one tier holds and the bytes of their documents. */
public record TierSize(String tier, long orders, long bytes) {}

package io.kamishop.storefront.view;

/**
 * The order page without the order's cookie: only the number from the address (empty when it cannot be one), to
 * fill in the look-up form; nothing from the order itself, which the page has not opened.
 */
public record LockedOrderView(String orderNo) {}

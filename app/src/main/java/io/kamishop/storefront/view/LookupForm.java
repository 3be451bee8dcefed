package io.kamishop.storefront.view;

/** The order lookup form as last filled in, with an error message key or {@code null}. */
public record LookupForm(String orderNo, String token, String error) {}

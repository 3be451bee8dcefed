package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/** The order lookup form as last filled in, with an error message key or {@code null}. */
public record LookupForm(
        String orderNo, String token, @Nullable String error) {}

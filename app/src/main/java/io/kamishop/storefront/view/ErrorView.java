package io.kamishop.storefront.view;

/** An error page: the HTTP status and message keys for its title and explanation. */
public record ErrorView(int status, String titleKey, String messageKey) {}

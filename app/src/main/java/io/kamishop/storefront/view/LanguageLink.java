package io.kamishop.storefront.view;

/** One entry of the language switcher: its own name, the current page in that language, and whether it is current. */
public record LanguageLink(String tag, String label, String url, boolean current) {}

package io.kamishop.storefront.view;

/** One way to order the shelf, for the sort menu; {@code labelKey} is translated by the template. */
public record SortOption(String code, String labelKey, boolean selected) {}

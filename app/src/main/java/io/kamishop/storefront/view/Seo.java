package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * What a page tells search engines and link previews.
 *
 * @param title        the page title without the store name, or {@code null} for the store name alone
 * @param description  one line of plain text, or {@code null}
 * @param canonicalUrl the page's one absolute address
 * @param type         the Open Graph type: {@code website} or {@code product}
 * @param imageUrl     the absolute address of the page's picture for link previews, or {@code null}
 */
public record Seo(
        @Nullable String title,
        @Nullable String description,
        String canonicalUrl,
        String type,
        @Nullable String imageUrl) {}

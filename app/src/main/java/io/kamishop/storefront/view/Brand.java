package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * The store's own marks uploaded in the admin; each {@code null} when none was, and the theme's own shows.
 *
 * @param logo        the header logo
 * @param faviconUrl  the browser tab icon (32 pixels)
 * @param touchIconUrl the icon a phone puts on its home screen (up to 180 pixels)
 */
public record Brand(
        @Nullable Picture logo,
        @Nullable String faviconUrl,
        @Nullable String touchIconUrl) {}

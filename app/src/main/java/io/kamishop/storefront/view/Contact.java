package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * How buyers reach the merchant, as set in the admin; each part {@code null} when not set.
 *
 * @param shown       whether any part is set
 *
 * @param telegram    the Telegram username with its {@code @}
 * @param telegramUrl its {@code https://t.me/} link
 * @param emailUrl    the {@code mailto:} link
 */
public record Contact(
        boolean shown,
        @Nullable String telegram,
        @Nullable String telegramUrl,
        @Nullable String qq,
        @Nullable String email,
        @Nullable String emailUrl) {}

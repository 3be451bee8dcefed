package io.kamishop.storefront.view;

/**
 * How buyers reach the merchant, as set in the admin; each part {@code null} when not set.
 *
 * @param shown       whether any part is set
 *
 * @param telegram    the Telegram username with its {@code @}
 * @param telegramUrl its {@code https://t.me/} link
 * @param emailUrl    the {@code mailto:} link
 */
public record Contact(boolean shown, String telegram, String telegramUrl, String qq, String email, String emailUrl) {}

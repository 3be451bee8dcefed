package io.kamishop.storefront.view;

/**
 * What a theme draws for the active human check (a plugin's Turnstile or hCaptcha widget), as
 * {@code humanCheck} in every page's model; {@code null} there when none is asked for.
 *
 * @param id        the check's id ({@code turnstile})
 * @param scriptUrl the vendor's script, for a {@code <script src async defer>}
 * @param html      the element the script turns into the widget; trusted HTML from the plugin (print it {@code | raw})
 */
public record HumanCheckWidget(String id, String scriptUrl, String html) {}

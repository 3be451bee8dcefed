package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * The sign-in page: first the address, then (once a code was mailed) the code.
 *
 * @param codeSent whether the code step is shown
 * @param error    message key of what went wrong, or null
 */
public record SignInForm(
        String email, boolean codeSent, @Nullable String error) {}

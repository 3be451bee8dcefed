package io.kamishop.storefront.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The look-up by email and lookup password, as last submitted.
 *
 * @param email    the email as typed (never the password)
 * @param error    a message key, or {@code null}
 * @param searched whether this is an answer (so an empty {@code found} means "nothing matched")
 * @param found    the matching orders, newest first
 */
public record PasswordLookup(String email, @Nullable String error, boolean searched, List<FoundOrder> found) {

    public static final PasswordLookup EMPTY = new PasswordLookup("", null, false, List.of());
}

package io.kamishop.storefront;

import io.kamishop.domain.Audience;
import org.jspecify.annotations.Nullable;

/**
 * What feature flags decide on the storefront: the theme a buyer sees and the store features they meet.
 * Asked on every page view, cached ones included, so {@link #any()} must be as cheap as a field read: with no
 * flag deciding a theme or a feature the pages ask nothing more. Wired to the flags by the composition root.
 */
public interface StorefrontFlags {

    /** Whether some flag decides a theme or a store feature. */
    boolean any();

    /** The theme {@code who} sees instead of the store's, or null. */
    @Nullable
    String theme(Audience who);

    /** Whether {@code who} meets store feature {@code feature}. */
    boolean feature(String feature, Audience who);

    /** The arms {@code who} is in of the flags deciding a theme or a feature (part of a cached page's key). */
    String arms(Audience who);
}

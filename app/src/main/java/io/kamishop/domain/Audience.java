package io.kamishop.domain;

import org.jspecify.annotations.Nullable;

/**
 * Whom something is offered to (a payment channel behind a feature flag): the requester, and the
 * buyer's e-mail once the buyer typed it. Every door that offers or accepts a choice hands over the
 * same facts, so a buyer is offered and allowed the same choices on every door.
 *
 * @param requester who asks (address, device, language); never null
 * @param email     the buyer's e-mail address, or null while it is not known (a product page)
 */
public record Audience(Requester requester, @Nullable String email) {

    public Audience {
        if (requester == null) {
            throw new IllegalArgumentException("an audience needs a requester");
        }
    }

    /** Before the buyer typed an e-mail address. */
    public static Audience of(Requester requester) {
        return new Audience(requester, null);
    }
}

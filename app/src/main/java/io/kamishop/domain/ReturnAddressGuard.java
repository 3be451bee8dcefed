package io.kamishop.domain;

/**
 * Whether the store can tell a gateway where to send the buyer and the notification. The web layer
 * answers it (it knows the request's host and the configured public URL); a refusal there means no
 * payment is started and no order placed.
 */
public interface ReturnAddressGuard {

    /** Throws a {@link Refusal} (409 public_url_required) when the URLs are not trustworthy. */
    void requireTrustworthyReturnAddress();
}

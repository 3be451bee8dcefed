package io.kamishop.ledger;

import java.util.Objects;

/**
 * An earning whose refund window has passed, asked to move from its holder's {@code pending} account to the
 * holder's {@code available} one under {@code reference} (see {@link Ledger#release}). Both accounts belong to
 * one holder in one currency: the holder's debt is netted first.
 */
public record Release(
        String reference, TransferKind kind, AccountRef pending, AccountRef available, long amount, String memo) {

    public Release {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(available, "available");
        if (!pending.owner().equals(available.owner()) || !pending.currency().equals(available.currency())) {
            throw new IllegalArgumentException("a release stays with one holder in one currency");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("a release moves a positive amount: " + amount);
        }
    }

    /** Whose debt the release pays back first: the accounts' owner, e.g. {@code affiliate:7}. */
    public String holder() {
        return pending.owner();
    }

    public String currency() {
        return pending.currency();
    }

    /** What the release did: {@code netted} paid the holder's debt back to the store, {@code released} became available. */
    public record Outcome(long netted, long released) {}
}

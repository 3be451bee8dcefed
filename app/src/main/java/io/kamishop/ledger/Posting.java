package io.kamishop.ledger;

import java.util.Objects;

/**
 * A movement of {@code amount} minor units from one account to another, asked for once under
 * {@code reference}: the same reference posted again is the same transfer (a replay), never a second.
 * A reference says what caused it, e.g. {@code order:K123:balance-payment}.
 */
public record Posting(String reference, TransferKind kind, AccountRef from, AccountRef to, long amount, String memo) {

    public Posting {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (reference == null || reference.isBlank() || reference.length() > 128) {
            throw new IllegalArgumentException("a transfer reference is 1 to 128 characters");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("a transfer moves a positive amount: " + amount);
        }
        if (!from.currency().equals(to.currency())) {
            throw new IllegalArgumentException(
                    "a transfer stays in one currency: " + from.currency() + " to " + to.currency());
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer moves money between two accounts");
        }
        memo = memo == null ? "" : memo.length() > 200 ? memo.substring(0, 200) : memo;
    }

    public String currency() {
        return from.currency();
    }
}

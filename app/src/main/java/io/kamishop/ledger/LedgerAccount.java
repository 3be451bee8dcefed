package io.kamishop.ledger;

/** One account's row; {@code balance} is the sum of its entries (see V300 and LedgerInvariants). */
public record LedgerAccount(
        long id, String kind, String owner, String currency, long balance, int overdraftAllowed, long createdAt) {}

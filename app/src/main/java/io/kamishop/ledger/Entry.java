package io.kamishop.ledger;

/** One leg of a transfer on one account, as a statement line: negative leaves the account, positive enters it. */
public record Entry(
        long id, long transferId, String reference, String kind, long amount, String memo, long createdAt) {}

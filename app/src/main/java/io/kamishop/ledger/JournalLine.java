package io.kamishop.ledger;

/** One entry of the whole ledger with its account, for the merchant's journal (newest first, see Ledger#journal). */
public record JournalLine(
        long id,
        long transferId,
        String reference,
        String kind,
        String accountKind,
        String owner,
        String currency,
        long amount,
        String memo,
        long createdAt) {}

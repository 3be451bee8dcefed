package io.kamishop.ledger;

/** A posted movement, as stored: {@code debitId} gave {@code amount}, {@code creditId} received it. */
public record Transfer(
        long id,
        String reference,
        String kind,
        long debitId,
        long creditId,
        long amount,
        String currency,
        String memo,
        long createdAt) {}

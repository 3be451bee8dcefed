package io.kamishop.affiliate;

/** An affiliate's request to be paid {@code amount}: {@code requested}, then {@code approved} (paid by hand) or {@code rejected};
 * {@code payoutRecord} is the merchant's note of how an approved one was paid (a transfer's reference). */
public record Withdrawal(
        long id,
        long affiliateId,
        String code,
        long amount,
        String currency,
        String status,
        String note,
        String decidedBy,
        Long decidedAt,
        long createdAt,
        String payoutRecord) {}

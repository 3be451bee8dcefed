package io.kamishop.reseller;

/**
 * A sub-store order's reseller and markup (the reseller's earning). {@code status}: {@code placed} until the
 * order is delivered, then {@code pending} until {@code availableAt}, then {@code available}; {@code reversed} once
 * refunds took all of it back. {@code unrecovered} is the part of a reversal the reseller's available balance no
 * longer held (already withdrawn or spent): it became the reseller's debt in the ledger ({@code Ledger#reclaim}).
 * {@code netted} is the part of this markup that, when released, paid such debt back instead of becoming available.
 */
public record ResellerOrder(
        long orderId,
        String orderNo,
        long resellerId,
        long markup,
        String currency,
        String status,
        long reversed,
        long unrecovered,
        Long availableAt,
        long createdAt,
        long amount,
        String orderStatus,
        long netted) {

    static final String PLACED = "placed";
    static final String PENDING = "pending";
}

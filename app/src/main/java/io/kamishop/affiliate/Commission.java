package io.kamishop.affiliate;

/**
 * What one order earned one affiliate at one level. {@code reversed} is what refunds took back of it;
 * {@code unrecovered} the part of that the affiliate's available balance no longer held (see {@link Commissions});
 * {@code netted} the part of it that, when released, paid down such debt instead of becoming available.
 */
public record Commission(
        long id,
        long orderId,
        String orderNo,
        long affiliateId,
        int level,
        long amount,
        String currency,
        String status,
        long reversed,
        long unrecovered,
        long availableAt,
        long createdAt,
        long netted) {

    static final String PENDING = "pending";
}

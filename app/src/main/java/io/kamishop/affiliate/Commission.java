package io.kamishop.affiliate;

/**
 * What one order earned one affiliate at one level. {@code reversed} is what refunds took back of it;
 * {@code unrecovered} the part of that the affiliate's available balance no longer held (see {@link Commissions}).
 */
public record Commission(long id, long orderId, String orderNo, long affiliateId, int level, long amount, String currency,
                         String status, long reversed, long unrecovered, long availableAt, long createdAt) {

    static final String PENDING = "pending";
    static final String AVAILABLE = "available";
}

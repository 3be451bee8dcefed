package io.kamishop.risk;

import org.jspecify.annotations.Nullable;

/**
 * An order held for the merchant: {@code open} until approved or rejected.
 *
 * @param decidedAt when it was approved or rejected, or null while open
 * @param decidedBy who approved or rejected it, or null while open
 */
public record Review(
        long orderId,
        String orderNo,
        String status,
        String reasons,
        long createdAt,
        @Nullable Long decidedAt,
        @Nullable String decidedBy) {

    public boolean isOpen() {
        return "open".equals(status);
    }

    public boolean isApproved() {
        return "approved".equals(status);
    }
}

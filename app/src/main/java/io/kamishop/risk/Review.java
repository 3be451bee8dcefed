package io.kamishop.risk;

/** An order held for the merchant: {@code open} until approved or rejected. */
public record Review(
        long orderId, String orderNo, String status, String reasons, long createdAt, Long decidedAt, String decidedBy) {

    public boolean isOpen() {
        return "open".equals(status);
    }

    public boolean isApproved() {
        return "approved".equals(status);
    }
}

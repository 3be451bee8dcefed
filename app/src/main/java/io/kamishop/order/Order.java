package io.kamishop.order;

/** An order as stored. The lookup token itself is never stored, only its keyed hash. */
public record Order(long id, String orderNo, long productId, String productName, int quantity, long unitPrice,
                   long amount, String currency, String email, String channel, String status, String lookupTokenHash,
                   String buyerIp, String gatewayRef, long createdAt, long expiresAt, long updatedAt) {

    public OrderStatus state() {
        return OrderStatus.of(status);
    }
}

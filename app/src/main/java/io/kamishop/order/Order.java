package io.kamishop.order;

import org.jspecify.annotations.Nullable;

/**
 * An order as stored. The lookup token itself is never stored, only its keyed hash.
 *
 * @param buyerIp    the requester's address at placement; null on rows that never had one
 * @param gatewayRef the gateway's reference for the payment, null until the channel gives one
 * @param amount what the buyer pays, {@code fee} included: what every payment of the order is checked against
 * @param fee    the payment channel's surcharge as it was when the order was placed (a later change of the
 *               store's fees leaves placed orders alone)
 */
public record Order(
        long id,
        String orderNo,
        long productId,
        String productName,
        int quantity,
        long unitPrice,
        long amount,
        String currency,
        String email,
        String channel,
        String status,
        String lookupTokenHash,
        @Nullable String buyerIp,
        @Nullable String gatewayRef,
        long createdAt,
        long expiresAt,
        long updatedAt,
        long fee) {

    public OrderStatus state() {
        return OrderStatus.of(status);
    }

    /** This order as stored under {@code newId}: what an insert of a draft (id 0) wrote, without reading it back. */
    public Order withId(long newId) {
        return identified(newId, orderNo);
    }

    /** This draft under another number: another order of the same minute had drawn this one. */
    public Order withOrderNo(String newOrderNo) {
        return identified(id, newOrderNo);
    }

    private Order identified(long newId, String newOrderNo) {
        return new Order(
                newId,
                newOrderNo,
                productId,
                productName,
                quantity,
                unitPrice,
                amount,
                currency,
                email,
                channel,
                status,
                lookupTokenHash,
                buyerIp,
                gatewayRef,
                createdAt,
                expiresAt,
                updatedAt,
                fee);
    }

    /** This order as a move to {@code to} at {@code at} left it, without reading it back. */
    public Order moved(OrderStatus to, long at) {
        return new Order(
                id,
                orderNo,
                productId,
                productName,
                quantity,
                unitPrice,
                amount,
                currency,
                email,
                channel,
                to.code(),
                lookupTokenHash,
                buyerIp,
                gatewayRef,
                createdAt,
                expiresAt,
                at,
                fee);
    }
}

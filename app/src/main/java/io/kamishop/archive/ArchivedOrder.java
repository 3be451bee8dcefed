package io.kamishop.archive;

import io.kamishop.order.Order;

/**
 * An archived order's row: the order's own columns, where it lives ({@code warm}: its rows as a JSON
 * document here; {@code cold}: in the named segment) and how large its document is.
 */
public record ArchivedOrder(
        long id,
        String orderNo,
        long productId,
        String productName,
        int quantity,
        long unitPrice,
        long amount,
        long fee,
        String currency,
        String email,
        String channel,
        String status,
        String lookupTokenHash,
        String buyerIp,
        String gatewayRef,
        long createdAt,
        long expiresAt,
        long updatedAt,
        long archivedAt,
        String tier,
        String document,
        long documentBytes,
        String segment) {

    public static final String WARM = "warm";
    public static final String COLD = "cold";

    /** The order as it was when it left the hot tables. */
    public Order order() {
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
                status,
                lookupTokenHash,
                buyerIp,
                gatewayRef,
                createdAt,
                expiresAt,
                updatedAt,
                fee);
    }

    public boolean cold() {
        return COLD.equals(tier);
    }
}

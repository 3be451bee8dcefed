package io.kamishop.archive;

import io.kamishop.order.Order;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An archived order's row: the order's own columns, where it lives ({@code warm}: its rows as a JSON
 * document here; {@code cold}: in the named segment) and how large its document is. Null where the column is:
 * the buyer's IP and the gateway's reference when there were none, the document of a cold row, the segment of a
 * warm one.
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
        @Nullable String buyerIp,
        @Nullable String gatewayRef,
        long createdAt,
        long expiresAt,
        long updatedAt,
        long archivedAt,
        String tier,
        @Nullable String document,
        long documentBytes,
        @Nullable String segment) {

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

    /** A warm row's document: the table's CHECK gives every warm row one. */
    String warmDocument() {
        return Objects.requireNonNull(document, () -> "warm archived order " + orderNo + " without a document");
    }

    /** A cold row's segment name: the table's CHECK gives every cold row one. */
    String coldSegment() {
        return Objects.requireNonNull(segment, () -> "cold archived order " + orderNo + " without a segment");
    }
}

package io.kamishop.plugins.paypal;

import io.kamishop.api.KeyValueStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Which PayPal orders this store created, and for which of its orders, in the plugin's key-value
 * store (in the database, so every node sees them). A PayPal event or return about an order not
 * listed here did not come from this store's checkout: it is acknowledged and left alone, so a
 * capture on the merchant's PayPal account by another shop, or another account's signed event,
 * never pays one of our orders.
 */
final class PayPalOrders {

    /**
     * A PayPal order this store created.
     *
     * @param paypalOrderId PayPal's order id
     * @param orderNo       the store's order number it pays
     * @param expiresAt     when the store's order stops holding its stock: approved later, it is not captured
     * @param approveUrl    where the buyer approves it
     */
    record Created(String paypalOrderId, String orderNo, Instant expiresAt, String approveUrl) {}

    private final KeyValueStore store;

    PayPalOrders(KeyValueStore store) {
        this.store = store;
    }

    void remember(Created created) {
        String value = created.orderNo() + " " + created.expiresAt().getEpochSecond() + " " + created.approveUrl();
        store.put("paypal-order:" + created.paypalOrderId(), value);
        store.put("store-order:" + created.orderNo(), created.paypalOrderId());
    }

    Optional<Created> byPayPalId(String paypalOrderId) {
        if (paypalOrderId == null || !paypalOrderId.matches("[A-Z0-9]{1,36}")) {
            return Optional.empty();
        }
        return store.get("paypal-order:" + paypalOrderId).map(value -> {
            String[] parts = value.split(" ", 3);
            return new Created(paypalOrderId, parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])), parts[2]);
        });
    }

    Optional<Created> byOrderNo(String orderNo) {
        return store.get("store-order:" + orderNo).flatMap(this::byPayPalId);
    }
}

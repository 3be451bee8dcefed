package io.kamishop.delivery;

import io.kamishop.inventory.InventoryService;
import io.kamishop.observability.Tracing;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Hands a paid order the keys it has held since it was placed, and shows them to the buyer. A paid
 * order's keys were reserved for it alone, so delivery never picks keys at payment time and two
 * payments can never meet on one key.
 */
public final class DeliveryService {

    /** Statuses in which the buyer may read the keys they received. */
    private static final Set<OrderStatus> KEYS_VISIBLE = EnumSet.of(OrderStatus.DELIVERED, OrderStatus.REFUND_PENDING);

    private final InventoryService inventory;
    private final OrderService orders;
    private volatile DeliveryHold hold = DeliveryHold.NONE;

    public DeliveryService(InventoryService inventory, OrderService orders) {
        this.inventory = inventory;
        this.orders = orders;
    }

    /** Installs the check that may keep a paid order's keys held for the merchant's review. */
    public void holdWith(DeliveryHold deliveryHold) {
        this.hold = deliveryHold;
    }

    /**
     * Within the caller's transaction: sells the held keys to the paid order and marks it delivered.
     * Returns false, changing nothing, when the order is held for review (it stays {@code paid}).
     */
    public boolean deliver(Handle h, Order paid) {
        return Tracing.inSpan("delivery", () -> Tracing.order(paid.orderNo(), paid.channel()), () -> deliverNow(h, paid),
                delivered -> delivered ? "delivered" : "held_for_review");
    }

    private boolean deliverNow(Handle h, Order paid) {
        if (hold.holds(h, paid)) {
            return false;
        }
        int sold = inventory.sell(h, paid.id());
        if (sold != paid.quantity()) {
            // Cannot happen while the invariants hold; rolling back keeps the payment retryable.
            throw new IllegalStateException("order " + paid.orderNo() + " held " + sold + " keys, expected " + paid.quantity());
        }
        if (!orders.move(h, paid, OrderStatus.DELIVERED, "delivered", sold + " key(s) delivered")) {
            throw new IllegalStateException("order " + paid.orderNo() + " changed while it was being delivered");
        }
        return true;
    }

    /** The keys the buyer of this order may see now; empty until delivered. */
    public List<String> visibleKeys(Order order) {
        return KEYS_VISIBLE.contains(order.state()) ? inventory.keysSoldTo(order.id()) : List.of();
    }
}

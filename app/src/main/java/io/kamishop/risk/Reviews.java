package io.kamishop.risk;

import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.EventDetail;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Orders held for the merchant. An order under review may be paid, but its keys stay held (status
 * {@code paid}) until the merchant approves it (then it is delivered the normal way) or rejects it
 * (then its keys go back to stock and a paid order awaits its refund).
 */
public final class Reviews {

    private final Database database;
    private final ReviewRecords records;
    private final OrderService orders;
    private final DeliveryService delivery;
    private final InventoryService inventory;
    private final Clock clock;

    Reviews(
            Database database,
            ReviewRecords records,
            OrderService orders,
            DeliveryService delivery,
            InventoryService inventory,
            Clock clock) {
        this.database = database;
        this.records = records;
        this.orders = orders;
        this.delivery = delivery;
        this.inventory = inventory;
        this.clock = clock;
    }

    /** The review of one order, if it was ever held. */
    public Optional<Review> forOrder(long orderId) {
        return database.read(tx -> records.find(tx, orderId));
    }

    /** The reviews in {@code status} ({@code open}, {@code approved}, {@code rejected}; null: all), newest first. */
    public List<Review> list(@Nullable String status, int limit) {
        return database.read(tx -> tx.dao(RiskDao.class).reviews(status, limit));
    }

    /** Approves an order under review; a paid one is delivered now. Returns the order as it is afterwards. */
    public Order approve(String orderNo, String by) {
        return database.write(tx -> {
            Order order = requireUnderReview(tx, orderNo);
            decide(tx, order, "approved", by);
            orders.note(tx, order.id(), "risk_approved", EventDetail.of("approved_by", by));
            // A manual product (or a generator that fails) still waits after approval; only a hold is a contradiction.
            if (order.state() == OrderStatus.PAID
                    && delivery.settle(tx, orders.reload(tx, order.id())) == DeliveryService.Outcome.HELD_FOR_REVIEW) {
                throw new IllegalStateException("approved order " + orderNo + " was still held");
            }
            return orders.reload(tx, order.id());
        });
    }

    /**
     * Rejects an order under review: its keys go back to stock; a paid order moves to
     * {@code refund_pending}, an unpaid one is cancelled (a payment arriving later is flagged for refund).
     */
    public Order reject(String orderNo, String by) {
        return database.write(tx -> {
            Order order = requireUnderReview(tx, orderNo);
            decide(tx, order, "rejected", by);
            boolean moved = order.state() == OrderStatus.PAID
                    ? orders.move(
                            tx,
                            order,
                            OrderStatus.REFUND_PENDING,
                            "risk_rejected",
                            EventDetail.of("rejected_refund_due", by))
                    : orders.move(
                            tx,
                            order,
                            OrderStatus.CANCELLED,
                            "risk_rejected",
                            EventDetail.of("rejected_keys_back", by));
            if (!moved) {
                throw Refusal.conflict("order_changed", "the order changed meanwhile; look again");
            }
            int released = inventory.release(tx, order.id());
            if (released != order.quantity()) {
                throw new IllegalStateException(
                        "order " + orderNo + " held " + released + " keys, expected " + order.quantity());
            }
            return orders.reload(tx, order.id());
        });
    }

    private Order requireUnderReview(Tx tx, String orderNo) {
        Order order = orders.reload(tx, orders.require(orderNo).id());
        boolean open = records.find(tx, order.id()).map(Review::isOpen).orElse(false);
        if (!open) {
            throw Refusal.conflict("not_under_review", "order " + orderNo + " is not waiting for a review");
        }
        if (order.state() != OrderStatus.PENDING && order.state() != OrderStatus.PAID) {
            throw Refusal.conflict(
                    "not_under_review", "order " + orderNo + " is " + order.status() + "; nothing to decide");
        }
        return order;
    }

    private void decide(Tx tx, Order order, String status, String by) {
        if (tx.dao(RiskDao.class).decideReview(order.id(), status, by, clock.millis()) != 1) {
            throw Refusal.conflict("not_under_review", "order " + order.orderNo() + " was decided meanwhile");
        }
    }
}

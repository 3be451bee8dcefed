package io.kamishop.order;

import io.kamishop.audit.AuditLog;
import io.kamishop.db.Database;
import io.kamishop.db.DeferredRows;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The order status machine, within the caller's transaction: moves an order from status to status (with
 * its event, audit entry and {@link OrderChanges}), notes events that do not change the status, and reads
 * an order back. {@link OrderService} places orders on top of it; a stage that only moves and notes orders
 * (the risk stage, which {@code OrderService} itself asks before placing) takes this part alone, so it can
 * be built before the service it guards.
 */
public final class OrderTransitions {

    /** One instance, as {@link Database#defer} groups rows by their writer. */
    private static final DeferredRows<OrderDao.NewEvent> INSERT_EVENTS = OrderTransitions::insertEvents;

    private static final FastSql INSERT_EVENT = FastSql.of(
            OrderDao.class,
            "insertEvent",
            "orderId",
            "kind",
            "fromStatus",
            "toStatus",
            "detailCode",
            "detailArgs",
            "at");
    // Run by every payment on the serial write path, so through plain JDBC (see FastSql).
    private static final FastSql MOVE_STATUS = FastSql.of(OrderDao.class, "moveStatus", "id", "from", "to", "now");

    private final Database database;
    private final OrderChanges changes;
    private final AuditLog audit;
    private final Clock clock;

    public OrderTransitions(Database database, OrderChanges changes, AuditLog audit, Clock clock) {
        this.database = database;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Within the caller's transaction: moves the order from its current status to {@code to} and
     * appends the event. Returns false when another transaction moved it first (the caller re-reads);
     * throws when the move is not allowed at all.
     */
    public boolean move(Tx tx, Order order, OrderStatus to, String kind, EventDetail detail) {
        return advance(tx, order, to, kind, detail).isPresent();
    }

    /**
     * {@link #move}, returning the order as it now is, so the caller goes on without reading it again;
     * empty when another transaction moved it first.
     */
    public Optional<Order> advance(Tx tx, Order order, OrderStatus to, String kind, EventDetail detail) {
        OrderStatus from = order.state();
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException(
                    "order " + order.orderNo() + " cannot move from " + from.code() + " to " + to.code());
        }
        long now = clock.millis();
        if (MOVE_STATUS.update(tx, order.id(), from.code(), to.code(), now) == 0) {
            return Optional.empty();
        }
        record(tx, OrderDao.NewEvent.of(order.id(), kind, from.code(), to.code(), detail, now));
        audit.append(
                tx,
                "system",
                "order." + kind,
                order.orderNo(),
                from.code() + " -> " + to.code() + " " + detail.asCode());
        changes.publishInTransaction(tx, new OrderChange(order, from, to, kind));
        database.afterCommit(() -> changes.publish(new OrderChange(order, from, to, kind)));
        return Optional.of(order.moved(to, now));
    }

    /** Within the caller's transaction: appends an event that does not change the status. */
    public void note(Tx tx, long orderId, String kind, EventDetail detail) {
        record(tx, OrderDao.NewEvent.of(orderId, kind, null, null, detail, clock.millis()));
    }

    /** Within the caller's transaction: the order as it is now. */
    public Order reload(Tx tx, long orderId) {
        return tx.dao(OrderDao.class).find(orderId).orElseThrow();
    }

    /**
     * Adds a line to the order's history when the transaction commits, with the other lines of the
     * same (perhaps grouped) transaction in one batch: nothing reads the history inside the
     * transaction that writes it, and a paid order writes two lines.
     */
    void record(Tx tx, OrderDao.NewEvent event) {
        database.defer(tx, INSERT_EVENTS, event);
    }

    /** The changes this status machine publishes to; {@link OrderService} publishes a placed order there too. */
    OrderChanges changes() {
        return changes;
    }

    /** The audit log every move is written to; {@link OrderService} writes placing and channel switches there too. */
    AuditLog audit() {
        return audit;
    }

    Clock clock() {
        return clock;
    }

    private static void insertEvents(Tx tx, List<OrderDao.NewEvent> events) {
        INSERT_EVENT.batch(tx, events, e -> new Object[] {
            e.orderId(), e.kind(), e.fromStatus(), e.toStatus(), e.detailCode(), e.detailArgs(), e.at()
        });
    }
}

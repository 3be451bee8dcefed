package io.kamishop.refund;

import io.kamishop.api.Money;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentException;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.db.Database;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.domain.Refusal;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merchant refunds an order's payment through its channel.
 *
 * <p>Three steps, so a crash anywhere leaves something a second click finishes: (1) one transaction
 * moves the order to {@code refund_pending} and records the refund with its idempotency id; (2) the
 * gateway is asked, outside any transaction; (3) one transaction records the answer and moves the
 * order to {@code refunded}. Asking again re-sends the same refund id, which the channel must treat as
 * the same refund. Delivered keys stay sold (never back on the shelf); keys held by a paid order that
 * was never delivered go back to stock; the coupon use is given back by the pricing feature's hook on
 * the move to {@code refunded}.
 */
public final class RefundService {

    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);

    private final Database database;
    private final OrderService orders;
    private final InventoryService inventory;
    private final ChannelRegistry channels;
    private final Clock clock;

    public RefundService(Database database, OrderService orders, InventoryService inventory, ChannelRegistry channels,
                         Clock clock) {
        this.database = database;
        this.orders = orders;
        this.inventory = inventory;
        this.channels = channels;
        this.clock = clock;
    }

    /** Refunds the order in full; answers the refund as it stands. Idempotent. */
    public Refund refund(String orderNo, String reason) {
        Order order = orders.require(orderNo);
        if (order.state() == OrderStatus.REFUNDED) {
            return database.read(h -> h.attach(RefundDao.class).forOrder(order.id()))
                    .orElseThrow(() -> Refusal.conflict("not_refundable", "the order was refunded outside this store"));
        }
        PaymentChannel channel = channels.forOrder(order.channel()).map(ChannelRegistry.Choice::channel)
                .filter(c -> c.capabilities().contains(PaymentChannel.Capability.REFUND))
                .orElseThrow(() -> Refusal.invalid("refund_unsupported",
                        "the channel '" + order.channel() + "' cannot refund; refund by hand at the gateway"));
        Refund requested = database.write(h -> request(h, order.id(), reason == null ? "" : reason.strip()));
        RefundResult result;
        try {
            result = channel.refund(new RefundRequest(orderNo, requested.tradeNo(),
                    new Money(requested.amount(), requested.currency()), requested.refundId(), requested.reason()));
        } catch (PaymentException | RuntimeException e) {
            LOG.warn("refund {} of order {} failed at {}: {}", requested.refundId(), orderNo, order.channel(), e.getMessage());
            database.write(h -> h.attach(RefundDao.class).finish(requested.id(), "failed", null, String.valueOf(e.getMessage()), clock.millis()));
            throw Refusal.invalid("refund_failed", "the gateway did not refund: " + e.getMessage()
                    + "; the order stays refund_pending, try again");
        }
        if (!result.refunded()) {
            database.write(h -> h.attach(RefundDao.class).finish(requested.id(), "failed", null, "the gateway declined", clock.millis()));
            throw Refusal.invalid("refund_failed", "the gateway declined the refund; the order stays refund_pending");
        }
        return database.write(h -> complete(h, order.id(), requested, result.gatewayId()));
    }

    private Refund request(Handle h, long orderId, String reason) {
        RefundDao dao = h.attach(RefundDao.class);
        Order order = orders.reload(h, orderId);
        switch (order.state()) {
            case PAID, DELIVERED -> {
                OrderStatus from = order.state();
                if (!orders.move(h, order, OrderStatus.REFUND_PENDING, "refund_requested", reason)) {
                    throw Refusal.conflict("order_changed", "the order changed meanwhile; try again");
                }
                if (from == OrderStatus.PAID) {
                    inventory.release(h, orderId); // never delivered: its held keys may be sold to someone else
                }
            }
            case REFUND_PENDING -> { }
            default -> throw Refusal.conflict("not_refundable", "a " + order.status() + " order has no payment to refund");
        }
        var existing = dao.forOrder(orderId);
        if (existing.isPresent()) {
            dao.retry(existing.get().id(), clock.millis());
            return dao.forOrder(orderId).orElseThrow();
        }
        String tradeNo = dao.paidTrade(orderId)
                .orElseThrow(() -> Refusal.conflict("not_refundable", "no recorded payment for this order"));
        dao.insert(orderId, "RF" + order.orderNo(), order.channel(), tradeNo, order.amount(), order.currency(),
                reason.length() > 200 ? reason.substring(0, 200) : reason, clock.millis());
        return dao.forOrder(orderId).orElseThrow();
    }

    private Refund complete(Handle h, long orderId, Refund requested, String gatewayId) {
        RefundDao dao = h.attach(RefundDao.class);
        dao.finish(requested.id(), "succeeded", gatewayId, null, clock.millis());
        Order order = orders.reload(h, orderId);
        if (order.state() == OrderStatus.REFUND_PENDING) {
            orders.move(h, order, OrderStatus.REFUNDED, "refunded", "refund " + requested.refundId()
                    + (gatewayId == null ? "" : " (gateway " + gatewayId + ")"));
        }
        return dao.forOrder(orderId).orElseThrow();
    }
}

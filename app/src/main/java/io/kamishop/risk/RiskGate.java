package io.kamishop.risk;

import io.kamishop.api.RiskContext;
import io.kamishop.api.RiskStage;
import io.kamishop.api.RiskVerdict;
import io.kamishop.catalog.Product;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.delivery.DeliveryHold;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.EventDetail;
import io.kamishop.order.Order;
import io.kamishop.order.OrderGate;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderStatus;
import io.kamishop.order.OrderTransitions;
import io.kamishop.payment.PaymentGate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the risk engine meets the order path: it screens an order before anything is reserved
 * (a block is 403 {@code risk_blocked}), again before the buyer is sent to pay (a block cancels the
 * order and frees its stock), puts it under review when a rule asks, and keeps the keys of an order
 * under review held after payment. Built before the services it guards ({@link Risk#buildGate}), which
 * take it by constructor: it needs of orders only the status machine ({@link OrderTransitions}) and the
 * stock to free, never {@code OrderService} or {@code DeliveryService}.
 */
public final class RiskGate implements OrderGate, PaymentGate, DeliveryHold {

    private static final Logger LOG = LoggerFactory.getLogger(RiskGate.class);

    private final Database database;
    private final RiskEngine engine;
    private final Velocity velocity;
    private final DecisionLog log;
    private final ReviewRecords reviews;
    private final OrderTransitions orders;
    private final InventoryService inventory;
    private final RuleFlags flags;

    RiskGate(
            Database database,
            RiskEngine engine,
            Velocity velocity,
            DecisionLog log,
            ReviewRecords reviews,
            OrderTransitions orders,
            InventoryService inventory,
            RuleFlags flags) {
        this.flags = flags;
        this.database = database;
        this.engine = engine;
        this.velocity = velocity;
        this.log = log;
        this.reviews = reviews;
        this.orders = orders;
        this.inventory = inventory;
    }

    RiskEngine engine() {
        return engine;
    }

    Velocity velocity() {
        return velocity;
    }

    DecisionLog log() {
        return log;
    }

    ReviewRecords reviews() {
        return reviews;
    }

    @Override
    public Admission admit(OrderRequest request, Product product) {
        String email = request.email().strip();
        String device = DeviceHash.of(request.requester());
        long amount = product.price() * (long) request.quantity();
        Screening screening = engine.screen(
                new RiskContext(
                        RiskStage.ORDER_CREATION,
                        null,
                        request.buyerIp(),
                        email,
                        device,
                        product.id(),
                        request.quantity(),
                        amount,
                        product.currency(),
                        velocity),
                flags.forBuyer(new io.kamishop.domain.Audience(request.requester(), request.email())));
        DecisionLog.Entry entry = log.enqueue(screening, request.buyerIp());
        if (screening.verdict() == RiskVerdict.BLOCK) {
            entry.settle(null);
            LOG.info("refused an order from {}: {}", request.buyerIp(), screening.reasons());
            // The buyer is not told which rule: that would teach a card tester how to step around it.
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "risk_blocked",
                    "this order cannot be placed; if you think this is a mistake, please contact the store");
        }
        return (tx, order) -> {
            if (screening.verdict() == RiskVerdict.REVIEW) {
                reviews.open(tx, order, screening.reasons());
            }
            database.afterCommit(() -> {
                entry.settle(order.orderNo());
                velocity.recordPlaced(order, device);
            });
        };
    }

    @Override
    public Optional<String> refusal(Order order) {
        if (order.state() != OrderStatus.PENDING) {
            return Optional.empty();
        }
        Screening screening = engine.screen(
                new RiskContext(
                        RiskStage.BEFORE_PAYMENT,
                        order.orderNo(),
                        order.buyerIp(),
                        order.email(),
                        null,
                        order.productId(),
                        order.quantity(),
                        order.amount(),
                        order.currency(),
                        velocity),
                flags.forOrder(order.id()));
        log.enqueueSettled(screening, order.buyerIp(), order.orderNo());
        switch (screening.verdict()) {
            case BLOCK -> {
                cancelBeforePayment(order, screening.reasons());
                return Optional.of(
                        "this order cannot be paid; if you think this is a mistake, please contact the store");
            }
            case REVIEW ->
                database.write(tx -> {
                    reviews.open(tx, order, screening.reasons());
                    return null;
                });
            case ALLOW -> {}
        }
        return Optional.empty();
    }

    @Override
    public boolean holds(Tx tx, Order paid) {
        Optional<Review> review = reviews.find(tx, paid.id());
        if (review.isPresent()) {
            if (review.get().isApproved()) {
                return false;
            }
            orders.note(tx, paid.id(), "held_for_review", EventDetail.of("paid_under_review"));
            return true;
        }
        Screening screening = engine.screen(
                new RiskContext(
                        RiskStage.BEFORE_DELIVERY,
                        paid.orderNo(),
                        paid.buyerIp(),
                        paid.email(),
                        null,
                        paid.productId(),
                        paid.quantity(),
                        paid.amount(),
                        paid.currency(),
                        velocity),
                flags.forOrder(paid.id()));
        database.afterCommit(() -> log.enqueueSettled(screening, paid.buyerIp(), paid.orderNo()));
        if (screening.verdict() == RiskVerdict.ALLOW) {
            return false;
        }
        // Money has moved: rather than refuse, hold the keys and let the merchant decide.
        reviews.open(tx, paid, screening.reasons());
        return true;
    }

    /** A block before payment: cancels the still pending order so its stock is free again at once. */
    private void cancelBeforePayment(Order pending, List<String> reasons) {
        database.write(tx -> {
            Order order = orders.reload(tx, pending.id());
            if (order.state() == OrderStatus.PENDING
                    && orders.move(
                            tx,
                            order,
                            OrderStatus.CANCELLED,
                            "risk_blocked",
                            EventDetail.of("refused_before_payment", String.join("; ", reasons)))) {
                inventory.release(tx, order.id());
            }
            return null;
        });
    }
}

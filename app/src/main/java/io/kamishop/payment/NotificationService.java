package io.kamishop.payment;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.NotificationSubmitter;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentNotification;
import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.observability.LogContext;
import io.kamishop.observability.Tracing;
import io.kamishop.order.EventDetail;
import io.kamishop.order.MoneyBack;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns gateway notifications into order changes exactly once.
 *
 * <p>The channel plugin verifies the signature and reads the notification. Then one transaction
 * checks it against the order, records it (unique on channel and trade number: a replay finds the
 * row and changes nothing), moves the order forward only, and delivers. Because all of it commits
 * together or not at all, a crash at any point leaves either nothing (the gateway retries) or
 * everything (the retry is a replay).
 */
public final class NotificationService implements NotificationSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    // Run by every payment on the serial write path, so through plain JDBC (see FastSql).
    /** 1 when this (channel, trade number) is new, 0 when it was recorded before. */
    private static final FastSql RECORD_IF_NEW = FastSql.of(
            NotificationDao.class,
            "recordIfNew",
            "channel",
            "tradeNo",
            "orderId",
            "kind",
            "amount",
            "currency",
            "outcome",
            "now");

    private static final FastSql SET_OUTCOME =
            FastSql.of(NotificationDao.class, "setOutcome", "channel", "tradeNo", "outcome");

    /** What the store answers the gateway. */
    public record Answer(int status, String body) {}

    private final Database database;
    private final ChannelRegistry channels;
    private final OrderService orders;
    private final DeliveryService delivery;
    private final Clock clock;
    private final RefusedNotifications refusals;
    /** Told, in the payment's transaction, of a payment that must be given back while its order stays as it is. */
    private final MoneyBack moneyBack;

    public NotificationService(
            Database database,
            ChannelRegistry channels,
            OrderService orders,
            DeliveryService delivery,
            RefusedNotifications refusals,
            MoneyBack moneyBack,
            Clock clock) {
        this.database = database;
        this.channels = channels;
        this.orders = orders;
        this.delivery = delivery;
        this.refusals = refusals;
        this.moneyBack = moneyBack;
        this.clock = clock;
    }

    /** Verifies and applies one notification; throws {@link Refusal} (4xx, nothing changed) when refused. */
    public Answer receive(String channelId, IncomingRequest request) {
        PaymentChannel channel = channels.find(channelId)
                .orElseThrow(() -> refused(
                        channelId,
                        null,
                        request,
                        Refusal.notFound("channel_not_found", "no payment channel '" + channelId + "' is running")));
        PaymentNotification notification;
        try (Tracing.Traced verifying =
                Tracing.span("payment.verify", () -> Tracing.order(null, channelId), "notification_rejected")) {
            notification = channel.parseNotification(request);
            verifying.outcome(notification.kind().name().toLowerCase(Locale.ROOT));
        } catch (NotificationRejectedException e) {
            LOG.warn("refused a {} notification from {}: {}", channelId, request.clientIp(), e.getMessage());
            throw refused(channelId, null, request, Refusal.badRequest("notification_rejected", e.getMessage()));
        }
        Tracing.annotate(Tracing.ORDER_NO, notification.orderNo());
        try {
            switch (notification.kind()) {
                // Grouped: payments arriving together share one commit (one fsync); the answer below is
                // only given once the commit that holds this payment is durable.
                case PAID ->
                    database.writeGrouped(
                            tx -> traced(notification, channelId, () -> applyPayment(tx, channelId, notification)));
                case EXPIRED ->
                    database.write(
                            tx -> traced(notification, channelId, () -> applyExpiry(tx, channelId, notification)));
                case IGNORED -> {}
            }
        } catch (Refusal e) {
            throw refused(channelId, notification, request, e);
        }
        return new Answer(200, notification.acknowledgement());
    }

    /** The notification's transaction in a span, and its log lines (also after commit) with the order number. */
    private static String traced(PaymentNotification notification, String channelId, Supplier<String> work) {
        try (var logged = LogContext.order(notification.orderNo(), channelId)) {
            return Tracing.inSpan(
                    "notification.transaction", () -> Tracing.order(notification.orderNo(), channelId), work);
        }
    }

    /**
     * Settles a payment the gateway reported when asked (the {@link Reconciler}) through the very
     * path a notification takes: the same checks and the same (channel, trade number) record, so a
     * notification arriving before or after it is a replay. Returns the outcome recorded
     * ({@code delivered}, {@code late_payment}, {@code duplicate_payment} or {@code replay});
     * throws {@link Refusal} (nothing changed) when the payment does not match the order.
     */
    public String settleQueried(String channelId, String orderNo, String tradeNo, Money amount) {
        PaymentNotification paid = PaymentNotification.paid(orderNo, tradeNo, amount, "success");
        return database.write(tx -> traced(paid, channelId, () -> applyPayment(tx, channelId, paid)));
    }

    /**
     * Settles a payment the store took itself (from a buyer's balance) inside the caller's transaction, the
     * one that moved the money, through the very path a gateway's payment takes: the same checks, the same
     * (channel, trade number) record and settlement, so asking twice is a replay and delivers once.
     */
    public String settleInTransaction(Tx tx, String channelId, String orderNo, String tradeNo, Money amount) {
        return applyPayment(tx, channelId, PaymentNotification.paid(orderNo, tradeNo, amount, "success"));
    }

    /**
     * Writes a refusal down for the admin and hands back the same error. The refused transaction
     * has rolled back by now, so this write is its own and the refusal still changes nothing else.
     */
    private Refusal refused(
            String channelId, @Nullable PaymentNotification notification, IncomingRequest request, Refusal e) {
        refusals.record(
                channelId,
                notification == null ? null : notification.tradeNo(),
                notification == null ? null : notification.orderNo(),
                e.code(),
                request.clientIp());
        return e;
    }

    @Override
    public Outcome submit(String channelId, IncomingRequest request) {
        try {
            Answer answer = receive(channelId, request);
            return new Outcome(true, answer.status(), answer.body());
        } catch (Refusal e) {
            return new Outcome(false, io.kamishop.web.HttpRefusals.status(e), e.getMessage());
        }
    }

    private String applyPayment(Tx tx, String channelId, PaymentNotification paid) {
        Order order = orders.find(paid.orderNo())
                .orElseThrow(() ->
                        // 404 makes the gateway retry: the order may be committing on another node right now.
                        Refusal.notFound("order_not_found", "no order " + paid.orderNo()));
        // find() inside this write transaction reads through its handle: the order as it is now, no reload needed.
        long asked = order.amount();
        if (!takesPaymentsFor(channelId, order.channel())) {
            // The buyer may have switched channels after this gateway was asked: its money still pays the order.
            asked = orders.earlierAmount(tx, order.id(), earlier -> takesPaymentsFor(channelId, earlier))
                    .orElseThrow(() -> Refusal.invalid(
                            "channel_mismatch", "order " + order.orderNo() + " is not paid through " + channelId));
        }
        if (paid.amountMinor() != asked
                || paid.currency() != null
                        && !paid.currency().toUpperCase(Locale.ROOT).equals(order.currency())) {
            LOG.warn(
                    "refused a {} payment for order {}: amount {} {} does not match {} {}",
                    channelId,
                    order.orderNo(),
                    paid.amountMinor(),
                    paid.currency(),
                    asked,
                    order.currency());
            throw Refusal.invalid("amount_mismatch", "the paid amount does not match the order");
        }
        if (RECORD_IF_NEW.update(
                        tx,
                        channelId,
                        paid.tradeNo(),
                        order.id(),
                        "paid",
                        paid.amountMinor(),
                        order.currency(),
                        "received",
                        clock.millis())
                == 0) {
            return "replay"; // recorded before: its effect already happened
        }
        String outcome = settle(tx, order, channelId, paid.tradeNo());
        SET_OUTCOME.update(tx, channelId, paid.tradeNo(), outcome);
        return outcome;
    }

    /** Whether {@code channelId} is an order's channel: its own id, or the channel of the method the buyer chose. */
    private boolean takesPaymentsFor(String channelId, String orderChannel) {
        return orderChannel.equals(channelId)
                || channels.forOrder(orderChannel)
                        .map(c -> c.channel().id().equals(channelId))
                        .orElse(false);
    }

    /** Moves a freshly paid order forward from whatever state it is in now. */
    private String settle(Tx tx, Order order, String channelId, String tradeNo) {
        EventDetail detail = EventDetail.of("paid_via", channelId, tradeNo);
        return switch (order.state()) {
            case PENDING -> {
                Order paid = orders.advance(tx, order, OrderStatus.PAID, "paid", detail)
                        .orElse(null);
                if (paid == null) {
                    yield settle(tx, orders.reload(tx, order.id()), channelId, tradeNo);
                }
                DeliveryService.Outcome outcome = delivery.settle(tx, paid);
                if (outcome == DeliveryService.Outcome.GENERATION_FAILED) {
                    // Paid, and no running plugin can make its keys: the money is owed back unless the merchant fixes
                    // it.
                    moneyBack.due(tx, paid, "undeliverable");
                }
                yield outcome.code();
            }
            case EXPIRED, CANCELLED -> {
                // The stock went back to the shelf; someone else may hold it now. Keep the money
                // visible and flag it for refund rather than give this buyer anyone's keys.
                if (!orders.move(
                        tx,
                        order,
                        OrderStatus.REFUND_PENDING,
                        "late_payment",
                        EventDetail.of("paid_late", channelId, tradeNo))) {
                    yield settle(tx, orders.reload(tx, order.id()), channelId, tradeNo);
                }
                yield "late_payment";
            }
            case PAID, DELIVERED, REFUND_PENDING, REFUNDED -> {
                orders.note(tx, order.id(), "duplicate_payment", EventDetail.of("paid_twice", channelId, tradeNo));
                // Once per payment: a replay of this (channel, trade) stopped at RECORD_IF_NEW above.
                moneyBack.due(tx, order, "duplicate_payment");
                yield "duplicate_payment";
            }
        };
    }

    private String applyExpiry(Tx tx, String channelId, PaymentNotification expired) {
        Order order = orders.find(expired.orderNo())
                .orElseThrow(() -> Refusal.notFound("order_not_found", "no order " + expired.orderNo()));
        // A channel speaks only for its own orders: a genuine close from one gateway must not expire
        // (and release the keys of) an order the buyer is paying through another.
        if (!order.channel().equals(channelId)) {
            throw Refusal.invalid("channel_mismatch", "order " + order.orderNo() + " is not paid through " + channelId);
        }
        if (RECORD_IF_NEW.update(
                        tx, channelId, expired.tradeNo(), order.id(), "expired", 0L, null, "received", clock.millis())
                == 0) {
            return "replay";
        }
        order = orders.reload(tx, order.id());
        String outcome =
                order.state() == OrderStatus.PENDING && orders.expire(tx, order, EventDetail.of("gateway_closed"))
                        ? "expired"
                        : "ignored";
        SET_OUTCOME.update(tx, channelId, expired.tradeNo(), outcome);
        return outcome;
    }

    public List<RecordedNotification> forOrder(long orderId) {
        return database.read(tx -> tx.dao(NotificationDao.class).forOrder(orderId));
    }

    /** The notifications refused lately, for the admin. */
    public RefusedNotifications refusals() {
        return refusals;
    }
}

package io.kamishop.payment;

import io.kamishop.api.Money;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentException;
import io.kamishop.api.PaymentQuery;
import io.kamishop.api.PaymentStatus;
import io.kamishop.db.Database;
import io.kamishop.observability.LogContext;
import io.kamishop.order.Order;
import io.kamishop.order.OrderStatus;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds payments whose notification never arrived (a CDN or firewall in front of the store, a
 * gateway that gave up retrying) by asking the gateway, and settles them through the same
 * exactly-once path as a notification, so a notification arriving before or after is a replay.
 *
 * <p>It asks about orders of channels that can be queried: pending ones once the buyer had time to
 * pay, and ones that expired lately (the notification may have been lost right before the hold ran
 * out; the store then keeps the money as a refund due rather than lose it). An expired order whose
 * gateway payment is still open is closed there, when the channel can, so it cannot be paid late. A
 * gateway that times out or fails leaves everything as it was; the order is asked about again later,
 * at a growing interval.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int FAILURES_TO_SKIP = 3;

    /**
     * How eagerly to ask.
     *
     * @param grace         how long after placing an order before the first question (the buyer is still paying)
     * @param firstInterval the wait after the first question; it doubles with each question after
     * @param maxInterval   the longest wait between questions
     * @param finalLook     a pending order is asked once more in this last stretch before its hold runs out,
     *                      however long its current wait: a payment found then delivers instead of being refunded
     * @param expiredWindow how long after expiry an order is still asked about
     * @param batch         at most this many orders per pass
     */
    public record Timing(
            Duration grace,
            Duration firstInterval,
            Duration maxInterval,
            Duration finalLook,
            Duration expiredWindow,
            int batch) {
        public static final Timing DEFAULT = new Timing(
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Duration.ofSeconds(90),
                Duration.ofHours(2),
                50);
    }

    /** What one pass did. */
    public record Pass(int asked, int settled, int closed, int failed) {}

    private final Database database;
    private final ChannelRegistry channels;
    private final NotificationService notifications;
    private final Clock clock;
    private final Timing timing;
    /** One pass at a time per node; a separate lock so closing never waits for a pass stuck on a slow gateway. */
    private final Object passLock = new Object();

    /** Null until {@link #schedule}: tests run their passes by hand. */
    private BackgroundWork.@Nullable Periodic passes;

    public Reconciler(
            Database database,
            ChannelRegistry channels,
            NotificationService notifications,
            Clock clock,
            Timing timing) {
        this.database = database;
        this.channels = channels;
        this.notifications = notifications;
        this.clock = clock;
        this.timing = timing;
    }

    /** Runs {@link #reconcileDue()} every {@code every} on a thread of its own, so slow gateways never delay the expiry sweep. */
    public synchronized void schedule(BackgroundWork work, Duration every) {
        if (passes == null) {
            passes = work.every("reconciler", every, every, this::reconcileDue);
        }
    }

    /**
     * One pass over the orders due to be asked about. One pass at a time per node; nodes may overlap
     * harmlessly (settling is exactly-once). A channel whose gateway fails {@value #FAILURES_TO_SKIP}
     * times in a row is left alone for the rest of the pass, so one dead gateway cannot hold the pass
     * for a time-out per order; its remaining orders stay due for the next pass.
     */
    public Pass reconcileDue() {
        synchronized (passLock) {
            return pass();
        }
    }

    private Pass pass() {
        // By the id orders record: a channel's own, or one per method it offers (epay-alipay, epay-wxpay).
        Map<String, PaymentChannel> queryable = channels.choices().stream()
                .filter(c -> c.channel().capabilities().contains(PaymentChannel.Capability.QUERY))
                .collect(Collectors.toMap(ChannelRegistry.Choice::id, ChannelRegistry.Choice::channel, (a, b) -> a));
        if (queryable.isEmpty()) {
            return new Pass(0, 0, 0, 0);
        }
        long now = clock.millis();
        List<Order> due = database.read(tx -> tx.dao(ReconcilerDao.class)
                .due(
                        List.copyOf(queryable.keySet()),
                        now - timing.grace().toMillis(),
                        now - timing.expiredWindow().toMillis(),
                        timing.finalLook().toMillis(),
                        now,
                        PaymentCheck.NEVER,
                        timing.batch()));
        int settled = 0;
        int closed = 0;
        int failed = 0;
        int asked = 0;
        Map<String, Integer> failuresInRow = new HashMap<>();
        for (Order order : due) {
            PaymentChannel channel = queryable.get(order.channel());
            if (channel == null) {
                continue; // cannot happen: due() read only orders of these channels
            }
            if (failuresInRow.getOrDefault(channel.id(), 0) >= FAILURES_TO_SKIP) {
                continue;
            }
            asked++;
            Result result = reconcile(order, channel);
            failuresInRow.put(
                    channel.id(), result == Result.FAILED ? failuresInRow.getOrDefault(channel.id(), 0) + 1 : 0);
            switch (result) {
                case SETTLED -> settled++;
                case CLOSED -> closed++;
                case FAILED -> failed++;
                case WAITING -> {}
            }
        }
        if (settled > 0 || failed > 0) {
            LOG.info(
                    "reconciliation: asked about {} order(s), settled {}, closed {}, {} gateway failure(s)",
                    asked,
                    settled,
                    closed,
                    failed);
        }
        return new Pass(asked, settled, closed, failed);
    }

    private enum Result {
        SETTLED,
        CLOSED,
        WAITING,
        FAILED
    }

    private Result reconcile(Order order, PaymentChannel channel) {
        try (var logged = LogContext.order(order.orderNo(), channel.id())) {
            return reconcileLogged(order, channel);
        }
    }

    private Result reconcileLogged(Order order, PaymentChannel channel) {
        PaymentQuery query =
                new PaymentQuery(order.orderNo(), order.gatewayRef(), new Money(order.amount(), order.currency()));
        try {
            PaymentStatus status = channel.queryStatus(query);
            switch (status.state()) {
                case PAID -> {
                    if (status.tradeNo() == null || status.amount() == null) {
                        throw new PaymentException("the gateway reported a payment without trade number or amount");
                    }
                    String outcome = notifications.settleQueried(
                            channel.id(), order.orderNo(), status.tradeNo(), status.amount());
                    LOG.info(
                            "order {} was paid at {} without a notification reaching us: {}",
                            order.orderNo(),
                            channel.id(),
                            outcome);
                    record(order, "paid", outcome, PaymentCheck.NEVER);
                    return Result.SETTLED;
                }
                case CLOSED -> {
                    record(order, "closed", null, PaymentCheck.NEVER);
                    return Result.CLOSED;
                }
                default -> {
                    if (order.state() == OrderStatus.EXPIRED
                            && channel.capabilities().contains(PaymentChannel.Capability.CLOSE)) {
                        // The stock is back on the shelf: make sure nobody can still pay for it.
                        channel.close(query);
                        record(order, "closed", "closed by the store after the order expired", PaymentCheck.NEVER);
                        return Result.CLOSED;
                    }
                    record(order, status.state().name().toLowerCase(Locale.ROOT), null, nextCheck(order));
                    return Result.WAITING;
                }
            }
        } catch (PaymentException | RuntimeException e) {
            // Nothing changed: the settle transaction rolled back or never ran. Ask again later.
            LOG.warn("could not reconcile order {} at {}: {}", order.orderNo(), channel.id(), e.getMessage());
            record(order, "error", e.getMessage(), nextCheck(order));
            return Result.FAILED;
        }
    }

    private long nextCheck(Order order) {
        int checks = check(order.id()).map(PaymentCheck::checks).orElse(0);
        long interval = timing.firstInterval().toMillis() << Math.min(checks, 16);
        return clock.millis() + Math.min(interval, timing.maxInterval().toMillis());
    }

    private void record(Order order, String state, @Nullable String error, long nextCheckAt) {
        String detail = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        database.write(tx -> {
            tx.dao(ReconcilerDao.class).record(order.id(), state, detail, clock.millis(), nextCheckAt);
            return null;
        });
    }

    /** What the reconciler last heard about an order, if it asked. */
    public Optional<PaymentCheck> check(long orderId) {
        return database.read(tx -> tx.dao(ReconcilerDao.class).find(orderId));
    }

    /** Stops the scheduled passes; {@link #reconcileDue()} still runs when called. */
    @Override
    /** Stops the background passes (tests run theirs when they say so); a pass in flight gets a second. */
    public synchronized void close() {
        if (passes != null) {
            passes.stop(Duration.ofSeconds(1));
        }
    }
}

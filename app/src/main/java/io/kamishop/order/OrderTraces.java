package io.kamishop.order;

import io.kamishop.db.Tx;
import io.kamishop.observability.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ties the gateway's callback to the buyer's click. A placed order remembers the trace it was
 * placed in (with tracing on only: off, nothing is written); when its payment is recorded, by a
 * notification or by the reconciler, the span recording it links back to that trace. The callback
 * keeps its own trace (it continues the gateway's {@code traceparent}), as OpenTelemetry models an
 * asynchronous step: a trace viewer follows the link from "paid" to "Buy" and back.
 */
public final class OrderTraces implements PlacementStep {

    /** Old enough that no payment for the order can still arrive (holds last minutes, reconciling days). */
    private static final Duration KEEP = Duration.ofDays(30);

    private final Clock clock;
    private final AtomicLong placed = new AtomicLong();

    public OrderTraces(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        Tracing.annotate(Tracing.ORDER_NO, order.orderNo());
        Tracing.currentTraceparent().ifPresent(traceparent -> {
            OrderTraceDao traces = tx.dao(OrderTraceDao.class);
            traces.record(order.orderNo(), traceparent, clock.millis());
            if (placed.incrementAndGet() % 256 == 0) {
                traces.forgetBefore(
                        clock.millis() - KEEP.toMillis()); // cheap, on its index; rows exist only while tracing is on
            }
        });
    }

    /** In the transaction that records a payment: link its span to the order's placement. */
    public void onStatusChange(Tx tx, OrderChange change) {
        if (Tracing.enabled() && change.to() == OrderStatus.PAID) {
            tx.dao(OrderTraceDao.class).find(change.order().orderNo()).ifPresent(Tracing::linkTo);
        }
    }
}

package io.kamishop.plugin;

import io.kamishop.api.Money;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.OrderEventListener;
import io.kamishop.api.OrderEventListener.OrderUpdate;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries committed order changes to {@link OrderEventListener}s, one worker thread, so listeners see
 * changes in commit order and a slow plugin never delays a buyer's request. Notices about the order
 * itself are written in its transaction by the notice outbox; from here come the ones that follow
 * from it after the commit (low stock) and plugin failures, handed to {@code notices} (the outbox).
 */
public final class PluginEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginEvents.class);

    private final PluginHost plugins;
    private final Clock clock;
    private final LowStockWatch lowStock;
    // A hand-off queue fed by each committed change, not a periodic or long-running job: it keeps the
    // commit order on one thread, and stops with the plugins it feeds.
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kamishop-plugin-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param availableUpTo     available keys of a product counted up to a limit ({@code (productId, limit)}),
     *                          for low-stock notices ({@link LowStockWatch}): it must not count all stock
     * @param lowStockThreshold at or below this many available keys after a delivery, a {@code LOW_STOCK} notice goes out
     * @param notices           where notices go (the notice outbox)
     */
    public PluginEvents(
            PluginHost plugins,
            Clock clock,
            LongBinaryOperator availableUpTo,
            long lowStockThreshold,
            Consumer<StoreNotice> notices) {
        this.plugins = plugins;
        this.clock = clock;
        this.lowStock = new LowStockWatch(worker, clock, availableUpTo, lowStockThreshold, notices);
        plugins.onFailure(entry -> notices.accept(new StoreNotice(
                StoreNotice.Kind.PLUGIN_FAILED,
                "Plugin " + entry.id() + " failed",
                "Plugin " + entry.id() + " " + entry.version() + " is not running: " + entry.error(),
                Map.of("pluginId", entry.id(), "version", entry.version()),
                clock.instant())));
    }

    /** Subscribe this to {@code OrderChanges}; it returns at once. */
    public void orderChanged(OrderChange change) {
        worker.execute(() -> {
            try {
                deliver(change);
            } catch (RuntimeException e) {
                LOG.warn("could not hand order change {} to plugins: {}", change.kind(), e.toString());
            }
        });
    }

    private void deliver(OrderChange change) {
        Order order = change.order();
        Instant at = clock.instant();
        OrderUpdate update = new OrderUpdate(
                order.orderNo(),
                change.kind(),
                change.from() == null ? null : change.from().code(),
                change.to().code(),
                order.productId(),
                order.productName(),
                order.quantity(),
                new Money(order.amount(), order.currency()),
                order.channel(),
                order.email(),
                at);
        for (OrderEventListener listener : plugins.extensions(OrderEventListener.class)) {
            try {
                listener.onOrderEvent(update);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("an order listener failed on {} of {}: {}", change.kind(), order.orderNo(), e.toString());
            }
        }
        if (change.to() == OrderStatus.DELIVERED) {
            lowStock.delivered(order.productId(), order.productName());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

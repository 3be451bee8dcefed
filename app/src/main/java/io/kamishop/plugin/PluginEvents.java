package io.kamishop.plugin;

import io.kamishop.api.Money;
import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.OrderEventListener;
import io.kamishop.api.OrderEventListener.OrderUpdate;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries committed order changes to {@link OrderEventListener}s and turns the ones the merchant
 * cares about into {@link StoreNotice}s for {@link Notifier}s. One worker thread, so listeners see
 * changes in commit order and a slow plugin never delays a buyer's request.
 */
public final class PluginEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginEvents.class);

    private final PluginHost plugins;
    private final Clock clock;
    private final LongUnaryOperator availableStock;
    private final long lowStockThreshold;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kamishop-plugin-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param availableStock    available keys of a product, for low-stock notices
     * @param lowStockThreshold at or below this many available keys after a delivery, a {@code LOW_STOCK} notice goes out
     */
    public PluginEvents(PluginHost plugins, Clock clock, LongUnaryOperator availableStock, long lowStockThreshold) {
        this.plugins = plugins;
        this.clock = clock;
        this.availableStock = availableStock;
        this.lowStockThreshold = lowStockThreshold;
        plugins.onFailure(entry -> notifyAll(new StoreNotice(StoreNotice.Kind.PLUGIN_FAILED, "Plugin " + entry.id() + " failed",
                "Plugin " + entry.id() + " " + entry.version() + " is not running: " + entry.error(),
                Map.of("pluginId", entry.id(), "version", entry.version()), clock.instant())));
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
        OrderUpdate update = new OrderUpdate(order.orderNo(), change.kind(),
                change.from() == null ? null : change.from().code(), change.to().code(),
                order.productId(), order.productName(), order.quantity(), new Money(order.amount(), order.currency()),
                order.channel(), order.email(), at);
        for (OrderEventListener listener : plugins.extensions(OrderEventListener.class)) {
            try {
                listener.onOrderEvent(update);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("an order listener failed on {} of {}: {}", change.kind(), order.orderNo(), e.toString());
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderNo", order.orderNo());
        fields.put("productId", Long.toString(order.productId()));
        fields.put("quantity", Integer.toString(order.quantity()));
        fields.put("amount", Long.toString(order.amount()));
        fields.put("currency", order.currency());
        fields.put("channel", order.channel());
        if (change.to() == OrderStatus.DELIVERED) {
            notifyAll(new StoreNotice(StoreNotice.Kind.ORDER_DELIVERED, "Order " + order.orderNo() + " delivered",
                    order.quantity() + " x " + order.productName() + " paid through " + order.channel() + " and delivered.", fields, at));
            long available = availableStock.applyAsLong(order.productId());
            if (available <= lowStockThreshold) {
                Map<String, String> stock = Map.of("productId", Long.toString(order.productId()), "available", Long.toString(available));
                notifyAll(new StoreNotice(StoreNotice.Kind.LOW_STOCK, order.productName() + " is running low",
                        "Only " + available + " key(s) of " + order.productName() + " are left.", stock, at));
            }
        } else if (change.to() == OrderStatus.REFUND_PENDING) {
            notifyAll(new StoreNotice(StoreNotice.Kind.REFUND_DUE, "Refund due for order " + order.orderNo(),
                    "A payment arrived for order " + order.orderNo() + " that must be refunded (" + change.kind() + ").", fields, at));
        }
    }

    private void notifyAll(StoreNotice notice) {
        for (Notifier notifier : plugins.extensions(Notifier.class)) {
            // Transports block on the network: off the event thread, so they never hold up listeners.
            plugins.workers().execute(() -> {
                try {
                    if (notifier.kinds().contains(notice.kind())) {
                        notifier.send(notice);
                    }
                } catch (Exception | LinkageError e) {
                    LOG.warn("notifier failed to send {}: {}", notice.kind(), e.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

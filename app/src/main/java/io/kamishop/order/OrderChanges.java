package io.kamishop.order;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who wants to hear about committed order changes (mail, webhooks, plugin listeners, metrics).
 * Listeners run on the thread that committed, after the commit; a slow one should hand off to its
 * own executor, and a failing one never undoes anything.
 */
public final class OrderChanges {

    private static final Logger LOG = LoggerFactory.getLogger(OrderChanges.class);
    private final List<Consumer<OrderChange>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<OrderChange> listener) {
        listeners.add(listener);
    }

    void publish(OrderChange change) {
        for (Consumer<OrderChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("an order listener failed on {} {}: {}", change.kind(), change.order().orderNo(), e.toString());
            }
        }
    }
}

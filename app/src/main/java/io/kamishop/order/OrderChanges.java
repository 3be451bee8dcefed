package io.kamishop.order;

import io.kamishop.db.Tx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who wants to hear about committed order changes (mail, notices, plugin listeners, metrics).
 * Listeners run on the thread that committed, after the commit; a slow one should hand off to its
 * own executor, and a failing one never undoes anything.
 */
public final class OrderChanges {

    private static final Logger LOG = LoggerFactory.getLogger(OrderChanges.class);
    private final List<Consumer<OrderChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<InTransaction> inTransaction = new CopyOnWriteArrayList<>();

    /**
     * Hears a change inside the transaction that makes it, for effects that must be atomic with the
     * status (a coupon use given back, a mail queued in the outbox). A failure rolls the change back.
     */
    @FunctionalInterface
    public interface InTransaction {
        void changed(Tx tx, OrderChange change);
    }

    public void subscribe(Consumer<OrderChange> listener) {
        listeners.add(listener);
    }

    public void subscribeInTransaction(InTransaction listener) {
        inTransaction.add(listener);
    }

    void publishInTransaction(Tx tx, OrderChange change) {
        for (InTransaction listener : inTransaction) {
            listener.changed(tx, change);
        }
    }

    void publish(OrderChange change) {
        for (Consumer<OrderChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn(
                        "an order listener failed on {} {}: {}",
                        change.kind(),
                        change.order().orderNo(),
                        e.toString());
            }
        }
    }
}

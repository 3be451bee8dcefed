package io.kamishop.plugin;

import io.kamishop.api.Notifier.StoreNotice;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;

/**
 * The {@code LOW_STOCK} notice after deliveries. The stock is counted once per product for however
 * many of its deliveries arrive while a count is already queued: in a burst of sales one count,
 * after the last of them, says all the merchant needs (a count per delivery was a tenth of the
 * store's CPU at a thousand deliveries a second, and each could have sent its own notice).
 */
final class LowStockWatch {

    private final Executor worker;
    private final Clock clock;
    private final LongBinaryOperator availableUpTo;
    private final long threshold;
    private final Consumer<StoreNotice> notices;
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();

    /**
     * @param worker        runs the counts, in order with whatever it runs besides
     * @param availableUpTo available keys of a product counted up to a limit ({@code (productId, limit)})
     * @param threshold     at or below this many available keys, a notice goes out
     */
    LowStockWatch(
            Executor worker,
            Clock clock,
            LongBinaryOperator availableUpTo,
            long threshold,
            Consumer<StoreNotice> notices) {
        this.worker = worker;
        this.clock = clock;
        this.availableUpTo = availableUpTo;
        this.threshold = threshold;
        this.notices = notices;
    }

    /** A delivery of this product committed: count its stock, unless a count is queued and will see it. */
    void delivered(long productId, String productName) {
        if (queued.add(productId)) {
            worker.execute(() -> {
                // Taken off before counting: a delivery committed during the count queues the next one.
                queued.remove(productId);
                check(productId, productName);
            });
        }
    }

    private void check(long productId, String productName) {
        long available = availableUpTo.applyAsLong(productId, threshold + 1);
        if (available <= threshold) {
            Map<String, String> stock = Map.of(
                    "productId",
                    Long.toString(productId),
                    "productName",
                    String.valueOf(productName),
                    "available",
                    Long.toString(available));
            notices.accept(new StoreNotice(
                    StoreNotice.Kind.LOW_STOCK,
                    productName + " is running low",
                    "Only " + available + " key(s) of " + productName + " are left.",
                    stock,
                    clock.instant()));
        }
    }
}

package io.kamishop.api;

import java.time.Instant;

/**
 * Hears about every committed status change of an order: for bookkeeping, CRM, affiliate
 * tracking, analytics. A listener observes; it cannot change or veto the order (that is what
 * payment channels and risk rules are for).
 *
 * <pre>{@code
 * @Extension
 * public class PaidCounter implements OrderEventListener {
 *     private volatile PluginContext context;
 *     public void start(PluginContext context) { this.context = context; }
 *     public void onOrderEvent(OrderUpdate update) {
 *         if (update.toStatus().equals("delivered")) {
 *             context.metrics().counter("delivered").increment();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Called on a host worker thread after the change is committed, in commit order per order but
 * not across orders. An exception is logged and otherwise ignored. Keep it quick, or hand the work
 * to {@link PluginContext#scheduler()}.
 */
public interface OrderEventListener extends KamishopExtension {

    /** One committed change. */
    void onOrderEvent(OrderUpdate update);

    /**
     * An order's status change as listeners see it. Statuses are the contract's lower-case names:
     * {@code pending}, {@code paid}, {@code delivered}, {@code expired}, {@code cancelled},
     * {@code refund_pending}, {@code refunded}.
     *
     * @param orderNo     the store's order number
     * @param kind        the event recorded in the order's history, e.g. {@code paid}, {@code delivered}, {@code expired}
     * @param fromStatus  the status it left, {@code null} when the order was just placed
     * @param toStatus    the status it entered
     * @param productId   the product bought
     * @param productName its name at the time of the order
     * @param quantity    how many keys
     * @param amount      what the buyer pays
     * @param channel     the payment channel id
     * @param buyerEmail  the buyer's email; personal data, keep it only as long as you need it
     * @param at          when the change was committed, by the store's clock
     */
    record OrderUpdate(
            String orderNo,
            String kind,
            String fromStatus,
            String toStatus,
            long productId,
            String productName,
            int quantity,
            Money amount,
            String channel,
            String buyerEmail,
            Instant at) {}
}

package io.kamishop.api;

import java.util.Set;

/**
 * A fraud or abuse check the store runs on every order, at the {@link RiskStage}s it names.
 *
 * <p>A rule only judges; the host acts. It runs the rules of every enabled plugin, combines their
 * {@link RiskDecision}s, records each one with its reasons, and decides whether a decision is
 * enforced or only shadowed (recorded as "would have blocked") by {@link #enforcedPercent()}. So a
 * merchant can try a new rule on live traffic before it touches a single buyer.
 *
 * <p>Rules run on the buyer's request thread, some of them inside the payment's transaction:
 * {@link #evaluate} must be quick and must not do network or database calls. Read rates from
 * {@link RiskContext#counters()}, which answer from memory. Implementations are {@code @Extension}s,
 * created once and called from many threads at once.
 *
 * <pre>{@code
 * @Extension
 * public class NoBulkOrders implements RiskRule {
 *     public String id() { return "no-bulk"; }
 *     public RiskDecision evaluate(RiskContext order) {
 *         return order.quantity() > 10
 *                 ? RiskDecision.block(50, order.quantity() + " units in one order (limit 10)")
 *                 : RiskDecision.allow();
 *     }
 * }
 * }</pre>
 */
public interface RiskRule extends KamishopExtension {

    /**
     * Stable id, unique across the store, shown to the merchant with each decision and in the
     * per-rule statistics, e.g. {@code ip-velocity}. Lower case letters, digits and dashes.
     */
    String id();

    /** The stages at which {@link #evaluate} is called; by default only at order creation. */
    default Set<RiskStage> stages() {
        return Set.of(RiskStage.ORDER_CREATION);
    }

    /**
     * Whether the rule is switched on now. A disabled rule is not asked and records nothing; read
     * it from your settings so the merchant can change it without a restart.
     */
    default boolean enabled() {
        return true;
    }

    /**
     * The share of traffic, 0 to 100, on which this rule's decisions are enforced; on the rest they
     * are recorded as shadow decisions ("would have blocked") and change nothing. 100 enforces
     * always, 0 is a pure shadow mode. The host assigns each buyer (by IP) to a stable bucket, so
     * one buyer meets the same treatment on every order and the two groups can be compared.
     */
    default int enforcedPercent() {
        return 100;
    }

    /** Judges one order. Must not throw for unusual input; a rule that throws is recorded as an error and allows. */
    RiskDecision evaluate(RiskContext context);
}

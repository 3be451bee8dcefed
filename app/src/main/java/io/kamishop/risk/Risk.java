package io.kamishop.risk;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.RiskRule;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.OrderChanges;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderTransitions;
import io.kamishop.plugin.PluginHost;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The risk feature, wired: the engine over the plugins' {@link RiskRule}s, the velocity counters,
 * the decision log, reviews, and the hooks into order placement and delivery.
 */
public final class Risk implements AutoCloseable {

    private final RiskEngine engine;
    private final DecisionLog log;
    private final Reviews reviews;
    private final RiskGate gate;

    private Risk(RiskEngine engine, DecisionLog log, Reviews reviews, RiskGate gate) {
        this.engine = engine;
        this.log = log;
        this.reviews = reviews;
        this.gate = gate;
    }

    /** Writes the decisions queued on the order path every quarter second, off that path. */
    public void flushLog(BackgroundWork work) {
        work.every("risk-log", Duration.ofMillis(250), Duration.ofMillis(250), log::flush);
    }

    /**
     * The risk stage's hook into placing, paying for and delivering orders (some rules behind feature flags),
     * built first: {@code OrderService}, {@code PaymentStarter} and {@code DeliveryService} each take it by
     * constructor. It moves and notes orders through {@link OrderTransitions} alone, not through the
     * services it guards.
     */
    public static RiskGate buildGate(
            Database database,
            PluginHost plugins,
            OrderTransitions orders,
            InventoryService inventory,
            Clock clock,
            RuleFlags flags) {
        RiskEngine engine = new RiskEngine(new RunningRules(() -> plugins.extensions(RiskRule.class)));
        Velocity velocity = new Velocity(database, clock);
        DecisionLog log = new DecisionLog(database, clock);
        ReviewRecords reviews = new ReviewRecords(orders, clock);
        return new RiskGate(database, engine, velocity, log, reviews, orders, inventory, flags);
    }

    /**
     * The feature, once the services the gate guards exist: the merchant's reviews (an approved order is
     * delivered), and the velocity counters hearing order changes.
     */
    public static Risk start(
            RiskGate gate,
            Database database,
            OrderService orders,
            DeliveryService delivery,
            InventoryService inventory,
            OrderChanges changes,
            Clock clock) {
        Reviews reviews = new Reviews(database, gate.reviews(), orders, delivery, inventory, clock);
        changes.subscribe(gate.velocity()::onOrderChange);
        return new Risk(gate.engine(), gate.log(), reviews, gate);
    }

    /** The admin API of the risk rules. */
    public void registerRoutes(JavalinDefaultRoutingApi<?> routes) {
        RiskRoutes.register(routes, engine, log, reviews);
    }

    public RiskEngine engine() {
        return engine;
    }

    public Reviews reviews() {
        return reviews;
    }

    /** The latest enforced blocks, for the admin's dashboard. */
    public List<RecordedDecision> recentBlocks(int limit) {
        return log.recentBlocks(limit);
    }

    /** Every decision about one order, for the admin's order timeline. */
    public List<RecordedDecision> decisionsFor(String orderNo) {
        return log.forOrder(orderNo);
    }

    /** The hook into order placement, for measuring the risk stage on its own. */
    RiskGate gate() {
        return gate;
    }

    /** Writes every decision queued so far. */
    public void flush() {
        log.flush();
    }

    @Override
    public void close() {
        try {
            log.flushAll();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Risk.class).warn("could not write the last risk decisions: {}", e.toString());
        }
    }
}

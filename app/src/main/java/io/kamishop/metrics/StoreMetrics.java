package io.kamishop.metrics;

import io.kamishop.db.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator graphs and alerts on: orders by status, notifications by channel and outcome,
 * notification-to-delivery latency, stock per product, and the JVM. Database-backed gauges are read
 * at scrape time, so they cost nothing between scrapes.
 */
public final class StoreMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database database;
    private final MultiGauge ordersByStatus;
    private final MultiGauge stock;
    private final MultiGauge plugins;
    private final java.util.function.Supplier<List<io.kamishop.plugin.InstalledPlugin>> installedPlugins;

    /**
     * @param installedPlugins the installed plugins, asked at each scrape: {@code kamishop_plugin{plugin, version,
     *     state}} is 1 for each (state {@code started}, {@code disabled}, {@code failed}...)
     */
    public StoreMetrics(
            Database database, java.util.function.Supplier<List<io.kamishop.plugin.InstalledPlugin>> installedPlugins) {
        this.database = database;
        this.installedPlugins = installedPlugins;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.ordersByStatus = MultiGauge.builder("kamishop_orders")
                .description("Orders by status")
                .register(registry);
        this.stock = MultiGauge.builder("kamishop_stock_keys")
                .description("Keys per product and state")
                .register(registry);
        this.plugins = MultiGauge.builder("kamishop_plugin")
                .description("Installed plugins by version and state (always 1)")
                .register(registry);
    }

    private static final Duration[] DELIVERY_BOUNDS = {
        Duration.ofMillis(2),
        Duration.ofMillis(3),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(20),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(500)
    };

    /** Counts a gateway notification and, when it was accepted, how long handling it took. */
    public void notification(String channel, String outcome, Duration took) {
        Counter.builder("kamishop_notifications")
                .description("Payment notifications by channel and outcome")
                .tags("channel", channel, "outcome", outcome)
                .register(registry)
                .increment();
        if (outcome.equals("accepted")) {
            // Round boundaries besides Micrometer's own (… 3.84, 4.19, 5.59 … ms): "delivered within 5 ms"
            // or "within 50 ms" can be read (and alerted on) exactly instead of from the next bucket up.
            Timer.builder("kamishop_notification_to_delivery")
                    .description("Notification received until recorded and delivered")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .serviceLevelObjectives(DELIVERY_BOUNDS)
                    .tags("channel", channel)
                    .register(registry)
                    .record(took);
        }
    }

    /** Times one call to a payment gateway (create a payment, query, refund, close). */
    public void gatewayCall(String channel, String operation, String outcome, Duration took) {
        Timer.builder("kamishop_gateway_call")
                .description("Calls to payment gateways by channel, operation and outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .tags("channel", channel, "operation", operation, "outcome", outcome)
                .register(registry)
                .record(took);
    }

    /** The Prometheus text exposition, with the database gauges read now. */
    public String scrape() {
        database.read(tx -> {
            StoreMetricsDao counts = tx.dao(StoreMetricsDao.class);
            List<MultiGauge.Row<?>> orders = new ArrayList<>();
            for (StoreMetricsDao.OrderCount count : counts.ordersByStatus()) {
                orders.add(MultiGauge.Row.of(Tags.of("status", count.status()), count.n()));
            }
            ordersByStatus.register(orders, true);
            List<MultiGauge.Row<?>> keys = new ArrayList<>();
            for (StoreMetricsDao.KeyCount count : counts.keysByProductAndStatus()) {
                keys.add(MultiGauge.Row.of(
                        Tags.of("product", Long.toString(count.productId()), "state", count.status()), count.n()));
            }
            stock.register(keys, true);
            return null;
        });
        plugins.register(
                installedPlugins.get().stream()
                        .<MultiGauge.Row<?>>map(p -> MultiGauge.Row.of(
                                Tags.of("plugin", p.id(), "version", p.version(), "state", p.state()), 1))
                        .toList(),
                true);
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}

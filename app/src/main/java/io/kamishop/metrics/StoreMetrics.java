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

    public StoreMetrics(Database database) {
        this.database = database;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.ordersByStatus = MultiGauge.builder("kamishop_orders").description("Orders by status").register(registry);
        this.stock = MultiGauge.builder("kamishop_stock_keys").description("Keys per product and state").register(registry);
    }

    /** Counts a gateway notification and, when it was accepted, how long handling it took. */
    public void notification(String channel, String outcome, Duration took) {
        Counter.builder("kamishop_notifications").description("Payment notifications by channel and outcome")
                .tags("channel", channel, "outcome", outcome).register(registry).increment();
        if (outcome.equals("accepted")) {
            Timer.builder("kamishop_notification_to_delivery").description("Notification received until recorded and delivered")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .tags("channel", channel).register(registry).record(took);
        }
    }

    /** The Prometheus text exposition, with the database gauges read now. */
    public String scrape() {
        database.read(h -> {
            List<MultiGauge.Row<?>> orders = new ArrayList<>();
            h.createQuery("SELECT status, COUNT(*) AS n FROM orders GROUP BY status")
                    .map((rs, ctx) -> orders.add(MultiGauge.Row.of(Tags.of("status", rs.getString("status")), rs.getLong("n")))).list();
            ordersByStatus.register(orders, true);
            List<MultiGauge.Row<?>> keys = new ArrayList<>();
            h.createQuery("SELECT product_id, status, COUNT(*) AS n FROM card_keys GROUP BY product_id, status")
                    .map((rs, ctx) -> keys.add(MultiGauge.Row.of(
                            Tags.of("product", Long.toString(rs.getLong("product_id")), "state", rs.getString("status")), rs.getLong("n"))))
                    .list();
            stock.register(keys, true);
            return null;
        });
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}

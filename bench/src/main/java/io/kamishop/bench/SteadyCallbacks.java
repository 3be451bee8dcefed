package io.kamishop.bench;

import static io.kamishop.bench.BenchMain.check;
import static io.kamishop.bench.BenchMain.log;
import static io.kamishop.bench.BenchMain.round;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The notify→delivered latency under a steady load the store can sustain: open loop (requests start on a
 * fixed schedule, so a stall is not hidden by a slowed-down sender) at half the measured delivery capacity,
 * at most the configured rate. Offered above capacity, any server's latency grows without bound and
 * measures the queue. The same measure on SQLite ({@code callback_*}) and on PostgreSQL ({@code pg_callback_*}).
 */
final class SteadyCallbacks {

    private SteadyCallbacks() {}

    /**
     * Pays the first {@code rate × seconds} of {@code pending} with signed notifications at {@code rate} per
     * second and puts the figures into {@code results}, each key prefixed with {@code prefix}. Returns how
     * many orders it paid.
     */
    static int measure(
            Api api,
            List<Api.Placed> pending,
            double capacityPerSecond,
            int maxRate,
            int seconds,
            String prefix,
            Map<String, Object> results)
            throws Exception {
        double rate = Math.min(maxRate, capacityPerSecond / 2);
        List<Api.Placed> run = pending.subList(0, Math.max(1, (int) Math.min(pending.size(), rate * seconds)));
        log("callback latency: %.0f notifications/s for %d s (open loop)", rate, seconds);
        TreeMap<Double, Long> before = api.deliveryHistogram();
        Load.Result callbacks = Load.openLoop(rate, 32, run, order -> api.notifyPaid(order, "T-" + order.orderNo()));
        check(callbacks.failed() == 0, callbacks.failed() + " steady notifications failed");
        TreeMap<Double, Long> after = api.deliveryHistogram();
        results.put(prefix + "callback_rate_per_s", round(rate));
        // Server side, as defined: the store's own histogram from handler entry to the committed delivery,
        // only the steady run (difference of two scrapes); a percentile is the upper bound of its bucket.
        results.put(prefix + "callback_p50_ms", round(ServerHistogram.percentile(before, after, 50), 2));
        results.put(prefix + "callback_p99_ms", round(ServerHistogram.percentile(before, after, 99), 2));
        results.put(prefix + "callback_server_buckets_ms", ServerHistogram.counts(before, after));
        // At the client over loopback: adds the HTTP round trip and the load generator's own scheduling.
        results.put(prefix + "callback_client_p50_ms", round(callbacks.percentileMillis(50), 2));
        results.put(prefix + "callback_client_p99_ms", round(callbacks.percentileMillis(99), 2));
        results.put(prefix + "callback_client_max_ms", round(callbacks.percentileMillis(100), 2));
        log(
                "  server side p50 <= %.2f ms, p99 <= %.2f ms; at the client p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                ServerHistogram.percentile(before, after, 50),
                ServerHistogram.percentile(before, after, 99),
                callbacks.percentileMillis(50),
                callbacks.percentileMillis(99),
                callbacks.percentileMillis(100));
        return run.size();
    }
}

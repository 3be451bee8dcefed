package io.kamishop.plugin;

import io.kamishop.api.Metrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/** One plugin's counters and timers, kept in memory by the host across upgrades of the plugin. */
final class PluginMetrics implements Metrics {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_.]{1,64}");
    private static final int MAX_INSTRUMENTS = 100;
    private final Map<String, CounterImpl> counters = new ConcurrentHashMap<>();
    private final Map<String, TimerImpl> timers = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(checked(name), n -> new CounterImpl());
    }

    @Override
    public Timer timer(String name) {
        return timers.computeIfAbsent(checked(name), n -> new TimerImpl());
    }

    private String checked(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a metric name is 1 to 64 of a-z, 0-9, '_' and '.'");
        }
        if (counters.size() + timers.size() >= MAX_INSTRUMENTS
                && !counters.containsKey(name)
                && !timers.containsKey(name)) {
            throw new IllegalStateException("a plugin may have at most " + MAX_INSTRUMENTS + " metrics");
        }
        return name;
    }

    /** What the admin API shows. */
    Map<String, Object> snapshot() {
        Map<String, Object> view = new LinkedHashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        counters.forEach((name, c) -> counts.put(name, c.count()));
        Map<String, Object> times = new TreeMap<>();
        timers.forEach((name, t) -> times.put(
                name,
                Map.of(
                        "count",
                        t.count(),
                        "totalMillis",
                        t.total().toMillis(),
                        "maxMillis",
                        t.max().toMillis())));
        view.put("counters", counts);
        view.put("timers", times);
        return view;
    }

    private static final class CounterImpl implements Counter {
        private final LongAdder adder = new LongAdder();

        @Override
        public void add(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up");
            }
            adder.add(amount);
        }

        @Override
        public long count() {
            return adder.sum();
        }
    }

    private static final class TimerImpl implements Timer {
        private final LongAdder count = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();
        private final AtomicLong maxNanos = new AtomicLong();

        @Override
        public void record(Duration duration) {
            long nanos = Math.max(0, duration.toNanos());
            count.increment();
            totalNanos.add(nanos);
            maxNanos.accumulateAndGet(nanos, Math::max);
        }

        @Override
        public long count() {
            return count.sum();
        }

        @Override
        public Duration total() {
            return Duration.ofNanos(totalNanos.sum());
        }

        @Override
        public Duration max() {
            return Duration.ofNanos(maxNanos.get());
        }
    }
}

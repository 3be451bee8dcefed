package io.kamishop.api;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Counters and timers a plugin keeps about itself (calls to its gateway, failures, latency). The
 * host names them {@code plugin.<pluginId>.<name>} and shows them to the merchant
 * ({@code GET /api/admin/plugins/{id}/metrics}). Names are {@code [a-z0-9_.]+}, a handful per plugin.
 * Cheap enough to call on every request; asking twice for one name gives the same instrument.
 */
public interface Metrics {

    /** A counter that only goes up. */
    Counter counter(String name);

    /** A timer: how many times, and how long in total and at most. */
    Timer timer(String name);

    /** A monotonically increasing count. */
    interface Counter {
        default void increment() {
            add(1);
        }

        void add(long amount);

        long count();
    }

    /** Durations of an operation. */
    interface Timer {
        void record(Duration duration);

        /** Runs {@code work}, records how long it took (also when it throws), returns its result. */
        default <T> T time(Supplier<T> work) {
            long start = System.nanoTime();
            try {
                return work.get();
            } finally {
                record(Duration.ofNanos(System.nanoTime() - start));
            }
        }

        long count();

        Duration total();

        Duration max();
    }
}

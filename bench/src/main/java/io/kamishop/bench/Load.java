package io.kamishop.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Load shapes on a fixed pool of platform threads (Java 17: no virtual threads).
 * Closed loop for throughput: N clients, each sends its next request when the last one answered.
 * Open loop for latency: requests start on a fixed schedule whether or not earlier ones finished,
 * so a stall shows up in the percentiles instead of silently slowing the sender.
 */
final class Load {

    private Load() {}

    /** What a run measured: count, failures, wall time, and every latency in nanoseconds. */
    record Result(int done, int failed, long elapsedNanos, long[] latencies) {
        double perSecond() {
            return done / (elapsedNanos / 1e9);
        }

        double percentileMillis(double p) {
            long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    /** Runs {@code action} once per item on {@code clients} threads; a false or a throw counts as a failure. */
    static <T> Result closedLoop(int clients, List<T> items, Predicate<T> action) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReferenceError firstError = new AtomicReferenceError();
        long[] latencies = new long[items.size()];
        ExecutorService pool = Executors.newFixedThreadPool(clients, Api.daemon("load"));
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < items.size()) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = action.test(items.get(i));
                    } catch (RuntimeException e) {
                        firstError.remember(e);
                        ok = false;
                    }
                    latencies[i] = System.nanoTime() - t0;
                    if (!ok) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        awaitQuiet(pool);
        long elapsed = System.nanoTime() - started;
        firstError.report();
        return new Result(items.size() - failed.get(), failed.get(), elapsed, latencies);
    }

    /** Starts one action per item at {@code perSecond}, on a pool large enough that the schedule never waits for a thread. */
    static <T> Result openLoop(double perSecond, int threads, List<T> items, Predicate<T> action) {
        AtomicInteger failed = new AtomicInteger();
        AtomicReferenceError firstError = new AtomicReferenceError();
        long[] latencies = new long[items.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads, Api.daemon("open-loop"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Api.daemon("ticker"));
        AtomicInteger next = new AtomicInteger();
        AtomicLong lateStarts = new AtomicLong();
        long periodNanos = (long) (1e9 / perSecond);
        long started = System.nanoTime();
        ticker.scheduleAtFixedRate(
                () -> {
                    int i = next.getAndIncrement();
                    if (i >= items.size()) {
                        return;
                    }
                    pool.execute(() -> {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = action.test(items.get(i));
                        } catch (RuntimeException e) {
                            firstError.remember(e);
                            ok = false;
                        }
                        latencies[i] = System.nanoTime() - t0;
                        if (!ok) {
                            failed.incrementAndGet();
                        }
                    });
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
        while (next.get() < items.size()) {
            ServerProcess.sleep(20);
        }
        ticker.shutdownNow();
        awaitQuiet(pool);
        long elapsed = System.nanoTime() - started;
        firstError.report();
        return new Result(items.size() - failed.get(), failed.get(), elapsed, latencies);
    }

    private static void awaitQuiet(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("load did not finish in 30 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the first failure so a broken scenario says why instead of just counting. */
    private static final class AtomicReferenceError {
        private final java.util.concurrent.atomic.AtomicReference<RuntimeException> first =
                new java.util.concurrent.atomic.AtomicReference<>();

        void remember(RuntimeException e) {
            first.compareAndSet(null, e);
        }

        void report() {
            if (first.get() != null) {
                System.err.println("  first failure: " + first.get());
            }
        }
    }
}

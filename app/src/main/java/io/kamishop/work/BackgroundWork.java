package io.kamishop.work;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background work: every periodic or long-running job runs as a named task started
 * here, on a daemon thread of its own ({@code kamishop-<task>}), so a slow gateway in one task never
 * delays another. {@link #tasks()} lists them; {@link #close()} stops them in one order, the reverse
 * of their start (what started first, such as the change bus, is what the others lean on), with a
 * bounded wait; each task's runs, failures and last duration are metrics.
 *
 * <p>A periodic run that throws is logged with the task's name, counted, and the task runs again on
 * its schedule: nothing a task owes (a mail, an expiry, a reconciliation) is given up for one bad pass.
 */
public final class BackgroundWork implements AutoCloseable, MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

    /** What one run of a self-timed task did: how long until its next run. */
    @FunctionalInterface
    public interface Pass {
        Duration runAndTellNext();
    }

    private final Duration stopWithin;
    private final List<Task> tasks = new ArrayList<>(); // guarded by this
    private @Nullable MeterRegistry registry; // guarded by this; null until bindTo

    /** @param stopWithin how long {@link #close()} waits, in all, for runs in flight to end */
    public BackgroundWork(Duration stopWithin) {
        this.stopWithin = stopWithin;
    }

    /** Runs {@code pass} every {@code delay} after the previous run ended, the first after {@code initialDelay}. */
    public Periodic every(String name, Duration initialDelay, Duration delay, Runnable pass) {
        return repeat(
                name,
                initialDelay,
                () -> {
                    pass.run();
                    return delay;
                },
                delay);
    }

    /** Like {@link #every}, but each run says when the next one is; after a failing run it is {@code afterFailure}. */
    public Periodic repeat(String name, Duration initialDelay, Pass pass, Duration afterFailure) {
        Periodic task = register(new Periodic(name, pass, afterFailure));
        task.schedule(initialDelay);
        return task;
    }

    /**
     * Runs {@code body}, a loop that returns once {@code stop} has told it to, on a thread of its own.
     * Stopping runs {@code stop}, interrupts the thread and waits for it, boundedly.
     */
    public Task loop(String name, Runnable body, Runnable stop) {
        Loop task = register(new Loop(name, body, stop));
        task.thread.start();
        return task;
    }

    /**
     * Runs {@code body} once, on a thread of its own: work worth doing beside something else (a warm-up at start)
     * that nothing waits for. Listed and stopped as any task; stopping interrupts it.
     */
    public Task once(String name, Runnable body) {
        return loop(name, body, () -> {});
    }

    /** The tasks started so far, in the order they started. */
    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    private synchronized <T extends Task> T register(T task) {
        for (Task running : tasks) {
            if (running.name().equals(task.name()) && !running.stopping.get()) {
                throw new IllegalStateException("a background task named " + task.name() + " runs already");
            }
        }
        tasks.add(task);
        if (registry != null) {
            meter(task, registry);
        }
        return task;
    }

    /** Per task: {@code kamishop_background_runs_total}, {@code ..._failures_total}, {@code ..._last_duration_seconds}. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        tasks.forEach(t -> meter(t, registry));
    }

    private static void meter(Task task, MeterRegistry registry) {
        FunctionCounter.builder("kamishop_background_runs", task, t -> t.runs.get())
                .tag("task", task.name())
                .description("Runs of a background task (a loop counts once)")
                .register(registry);
        FunctionCounter.builder("kamishop_background_failures", task, t -> t.failures.get())
                .tag("task", task.name())
                .description("Runs of a background task that threw")
                .register(registry);
        Gauge.builder("kamishop_background_last_duration", task, t -> t.lastNanos.get() / 1e9)
                .tag("task", task.name())
                .baseUnit("seconds")
                .description("How long the last finished run of a background task took")
                .register(registry);
    }

    /**
     * Stops every task, the last started first. Runs in flight get what is left of the stop budget; a
     * task still running after it is left behind (its thread is a daemon and cannot hold the JVM).
     */
    @Override
    public void close() {
        List<Task> started = tasks();
        long deadline = System.nanoTime() + stopWithin.toNanos();
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /** A named background task. */
    public abstract static class Task {
        private final String name;
        final AtomicBoolean stopping = new AtomicBoolean();
        final AtomicLong runs = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong lastNanos = new AtomicLong();

        Task(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long runs() {
            return runs.get();
        }

        public long failures() {
            return failures.get();
        }

        /** Whether this task was told to stop: a run that fails now was most likely cut short, no failure. */
        public boolean stopping() {
            return stopping.get();
        }

        /** Stops this task, waiting at most {@code within} for a run in flight; true if it ended. */
        public final boolean stop(Duration within) {
            if (!stopping.compareAndSet(false, true)) {
                return true;
            }
            boolean ended = halt(within);
            if (!ended) {
                LOG.warn("background task {} did not stop within {} ms; left behind", name, within.toMillis());
            }
            return ended;
        }

        abstract boolean halt(Duration within);

        final Thread thread(Runnable body) {
            Thread t = new Thread(body, "kamishop-" + name);
            t.setDaemon(true);
            return t;
        }

        final void ran(long startedAt, @Nullable Throwable failed) {
            runs.incrementAndGet();
            lastNanos.set(System.nanoTime() - startedAt);
            if (failed != null) {
                failures.incrementAndGet();
            }
        }
    }

    /** A task that runs on a schedule and, when asked, soon. */
    public static final class Periodic extends Task {
        private final Pass pass;
        private final Duration afterFailure;
        private final AtomicBoolean wakeQueued = new AtomicBoolean();
        private final ScheduledThreadPoolExecutor executor;

        Periodic(String name, Pass pass, Duration afterFailure) {
            super(name);
            this.pass = pass;
            this.afterFailure = afterFailure;
            this.executor = new ScheduledThreadPoolExecutor(1, this::thread);
            executor.setRemoveOnCancelPolicy(true);
        }

        /** Asks for a run soon; many wakes before it starts make one run. Nothing once stopping. */
        public void wake() {
            if (wakeQueued.compareAndSet(false, true)) {
                try {
                    executor.execute(() -> {
                        wakeQueued.set(false);
                        run(false);
                    });
                } catch (RejectedExecutionException stopped) {
                    wakeQueued.set(false);
                }
            }
        }

        private void schedule(Duration delay) {
            try {
                executor.schedule(() -> run(true), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // stopping: no next run
            }
        }

        private void run(boolean scheduled) {
            long startedAt = System.nanoTime();
            Duration next = afterFailure;
            try {
                next = pass.runAndTellNext();
                ran(startedAt, null);
            } catch (RuntimeException | Error e) {
                // An Error from a pass (an assertion, a class a plugin could not link) would otherwise end in the
                // executor's future unseen, and with it the task's schedule: counted and retried like any failure.
                // Only the JVM's own distress (out of memory, a broken VM) is let through.
                if (e instanceof VirtualMachineError vmError) {
                    throw vmError;
                }
                ran(startedAt, e);
                if (!stopping()) { // a run cut short by stop() is no failure worth a warning
                    LOG.warn("background task {} failed, will retry: {}", name(), e.toString());
                }
            }
            // A woken run leaves the schedule as it is; only a scheduled run books the next.
            if (scheduled && !stopping()) {
                schedule(next);
            }
        }

        @Override
        boolean halt(Duration within) {
            executor.shutdownNow();
            try {
                return executor.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A task that is one long loop on its own thread (a LISTEN connection, a long poll). */
    private static final class Loop extends Task {
        private final Runnable stop;
        private final Thread thread;

        Loop(String name, Runnable body, Runnable stop) {
            super(name);
            this.stop = stop;
            this.thread = thread(() -> {
                long startedAt = System.nanoTime();
                try {
                    body.run();
                    ran(startedAt, null);
                } catch (RuntimeException e) {
                    ran(startedAt, e);
                    // A loop handles what it expects (a lost connection, a gateway error) itself.
                    LOG.error("background task {} ended by an error", name, e);
                }
            });
        }

        @Override
        boolean halt(Duration within) {
            stop.run();
            thread.interrupt();
            try {
                thread.join(Math.max(1, within.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }
    }
}

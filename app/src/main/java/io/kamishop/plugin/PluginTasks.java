package io.kamishop.plugin;

import io.kamishop.api.Scheduler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Scheduler} of one loaded plugin version, on the host's shared worker pool. Every run goes
 * through the plugin's gate like any other call, and {@link #cancelAll} ends them when the plugin stops.
 */
final class PluginTasks implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PluginTasks.class);
    private static final Duration SHORTEST = Duration.ofMillis(100);

    private final String pluginId;
    private final ScheduledExecutorService executor;
    private final Function<Runnable, Runnable> gate;
    private final Set<ScheduledFuture<?>> futures = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** @param gate wraps a task so it runs only while the plugin is open */
    PluginTasks(String pluginId, ScheduledExecutorService executor, Function<Runnable, Runnable> gate) {
        this.pluginId = pluginId;
        this.executor = executor;
        this.gate = gate;
    }

    @Override
    public Task once(Duration delay, Runnable task) {
        return track(executor.schedule(safe(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
    }

    @Override
    public Task every(Duration period, Runnable task) {
        long millis = Math.max(SHORTEST.toMillis(), period.toMillis());
        return track(executor.scheduleWithFixedDelay(safe(task), millis, millis, TimeUnit.MILLISECONDS));
    }

    private Task track(ScheduledFuture<?> future) {
        if (cancelled) {
            future.cancel(false);
            throw new IllegalStateException("plugin " + pluginId + " is stopping; no new tasks");
        }
        futures.add(future);
        return () -> {
            future.cancel(false);
            futures.remove(future);
        };
    }

    private Runnable safe(Runnable task) {
        Runnable gated = gate.apply(task);
        return () -> {
            try {
                gated.run();
            } catch (RuntimeException | LinkageError e) {
                // A periodic task that throws would be silently dropped by the executor; log and keep it.
                LOG.warn("a scheduled task of plugin {} failed: {}", pluginId, e.toString());
            }
        };
    }

    void cancelAll() {
        cancelled = true;
        futures.forEach(f -> f.cancel(false));
        futures.clear();
    }
}

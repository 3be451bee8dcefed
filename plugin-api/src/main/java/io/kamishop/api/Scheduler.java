package io.kamishop.api;

import java.time.Duration;

/**
 * Runs a plugin's background work: polling a gateway, retrying a webhook, cleaning its
 * {@link KeyValueStore}. Tasks run on the host's worker threads; the host cancels all of a
 * plugin's tasks when the plugin is disabled, upgraded or uninstalled, so never start your own
 * threads. A task that throws is logged and, if periodic, runs again at its next turn.
 *
 * <p>On a store with several nodes every node runs the task: guard once-only work with
 * {@link KeyValueStore#putIfAbsent}.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}. */
    Task once(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, first after one period; a run never overlaps the previous one. */
    Task every(Duration period, Runnable task);

    /** A scheduled task. */
    interface Task {
        /** Stops future runs; a run in progress finishes. */
        void cancel();
    }
}

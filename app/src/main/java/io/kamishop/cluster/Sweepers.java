package io.kamishop.cluster;

import io.kamishop.work.BackgroundWork;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Background duties that one node of the store runs at a time: on every tick a node asks
 * {@link Leadership} for the duty and runs it only when it leads. Each duty is a {@link BackgroundWork}
 * task named after it, so a failing run is logged and retried on the next tick, and a slow archive
 * move never holds up order expiry.
 */
public final class Sweepers implements AutoCloseable {

    private final Leadership leadership;
    private final BackgroundWork work;
    private final List<BackgroundWork.Task> duties = new CopyOnWriteArrayList<>();

    public Sweepers(Leadership leadership, BackgroundWork work) {
        this.leadership = leadership;
        this.work = work;
    }

    /** Runs {@code sweep} every {@code period} on whichever single node leads {@code duty}. */
    public void every(String duty, Duration period, Runnable sweep) {
        duties.add(work.every(duty, period, period, () -> {
            if (leadership.lead(duty)) {
                sweep.run();
            }
        }));
    }

    /**
     * Asks for {@code duty} now, for a duty that runs on a thread of its own (one that calls gateways
     * and must not hold up the sweeps here); true when this node leads it.
     */
    public boolean lead(String duty) {
        return leadership.lead(duty);
    }

    /** Whether this node led {@code duty} at its last tick. */
    public boolean isLeading(String duty) {
        return leadership.isLeading(duty);
    }

    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (BackgroundWork.Task duty : duties) {
            duty.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        leadership.close();
    }
}

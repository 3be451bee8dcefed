package io.kamishop.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background duties that one node of the store runs at a time: on every tick a node asks
 * {@link Leadership} for the duty and runs it only when it leads. A failing run is logged and
 * retried on the next tick; it never stops the schedule.
 */
public final class Sweepers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sweepers.class);

    private final Leadership leadership;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kamishop-sweeper");
        t.setDaemon(true);
        return t;
    });

    public Sweepers(Leadership leadership) {
        this.leadership = leadership;
    }

    /** Runs {@code sweep} every {@code period} on whichever single node leads {@code duty}. */
    public void every(String duty, Duration period, Runnable sweep) {
        long millis = period.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    if (!leadership.lead(duty)) {
                        return;
                    }
                    try {
                        sweep.run();
                    } catch (RuntimeException e) {
                        if (!scheduler.isShutdown()) { // a run cut short by close() is no failure
                            LOG.warn("{} failed, will retry: {}", duty, e.toString());
                        }
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
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
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leadership.close();
    }
}

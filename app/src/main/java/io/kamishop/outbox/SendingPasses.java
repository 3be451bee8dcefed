package io.kamishop.outbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread of an outbox (mails, notices): runs a pass over due rows every so often, and
 * soon after a commit asks for one. Many wakes before the thread gets to them make one pass, and a
 * failing pass is logged and tried again on the next tick, so nothing a row owes is given up.
 */
public final class SendingPasses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SendingPasses.class);

    private final String what;
    private final Runnable pass;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ScheduledExecutorService thread;

    /**
     * @param threadName the sender thread's name, e.g. {@code kamishop-mail}
     * @param what       what a pass sends, for the log, e.g. {@code mail}
     * @param pass       one pass over every due row
     */
    public SendingPasses(String threadName, String what, Runnable pass) {
        this.what = what;
        this.pass = pass;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Polls for due rows (retries, and rows other nodes wrote) every {@code every}. */
    public void start(Duration every) {
        thread.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the sender thread for a pass soon. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                wakeQueued.set(false);
                runQuietly();
            });
        }
    }

    private void runQuietly() {
        try {
            pass.run();
        } catch (RuntimeException e) {
            LOG.warn("{} pass failed, will retry: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

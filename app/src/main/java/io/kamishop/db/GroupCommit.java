package io.kamishop.db;

import io.kamishop.observability.LogContext;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a single-writer database: small write transactions that arrive while another
 * commit is in flight are run together in the next transaction, so one fsync (synchronous FULL)
 * makes a whole batch durable instead of one unit of work. A lone unit waits for nothing: the
 * committer takes whatever is queued the moment it is free, so batches only form under load.
 *
 * <p>The guarantees each unit had on its own are kept:
 * <ul>
 *   <li>A caller returns only after the commit that contains its work, so an answer such as a
 *       gateway's {@code success} is never given for work that could still be lost.</li>
 *   <li>Each unit runs inside a savepoint. A unit that throws (a refused order, a duplicate) is
 *       rolled back to its savepoint, its deferred rows and after-commit actions are dropped, and its caller gets the
 *       exception; the rest of the batch goes on and commits. So one bad unit fails alone and can
 *       neither fail nor partly commit the others, and a burst with refusals in it (a sell-out)
 *       still shares one commit.</li>
 *   <li>If the commit itself fails, or the database aborts the transaction under a unit (a full
 *       disk), the batch is rolled back whole and every unit is run again in its own transaction.</li>
 *   <li>Units in one batch run one after another on one connection, so each sees the effects of
 *       the ones before it exactly as if they had committed in that order.</li>
 * </ul>
 * Units must be safe to run twice after a rollback (everything under {@link Database#write} is).
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** Bounds how long one transaction holds the write lock (and how much one failure reruns). */
    static final int MAX_BATCH = 128;

    private final Database database;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    /**
     * Wakes the callers of a committed batch. Waking a parked thread is a system call, and on a busy
     * machine the woken thread may take the committer's core: a batch of 64 cost the committer a tenth
     * of its time (wall-clock profile of the payment flood). Handed off, the next batch starts at once.
     */
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kamishop-commit-waker");
        t.setDaemon(true);
        return t;
    });

    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    GroupCommit(Database database) {
        this.database = database;
        // The payment path's own hand-off, not background work: the database owns it and drains it on
        // close, after every BackgroundWork task has stopped.
        this.committer = new Thread(this::commitLoop, "kamishop-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs {@code work} in a shared write transaction and returns once that transaction has committed. */
    <R> R write(Tx.Work<R> work) {
        Unit<R> unit = new Unit<>(work);
        queue.add(unit);
        if (closed && queue.remove(unit)) {
            throw new IllegalStateException("the database is closed");
        }
        try {
            return unit.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Units waiting for the committer, for tests that need a batch to form. */
    int queued() {
        return queue.size();
    }

    /** Transactions that committed more than one unit. */
    long batchesCommitted() {
        return batches.get();
    }

    private void commitLoop() {
        List<Unit<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                break;
            } catch (Throwable e) {
                // commit() completes every unit; this is a last guard so the loop never dies silently.
                LOG.error("group commit loop failed", e);
                batch.forEach(unit -> unit.done.completeExceptionally(e));
            }
            batch.clear();
        }
        for (Unit<?> unit = queue.poll(); unit != null; unit = queue.poll()) {
            unit.done.completeExceptionally(new IllegalStateException("the database is closed"));
        }
    }

    private void commit(List<Unit<?>> batch) {
        if (batch.size() == 1) {
            batch.get(0).runAlone(database);
            return;
        }
        Object[] results = new Object[batch.size()];
        RuntimeException[] refusals = new RuntimeException[batch.size()];
        try {
            database.write(tx -> {
                for (int i = 0; i < batch.size(); i++) {
                    PendingWork.Mark unitStart = database.markUnit();
                    // Plain JDBC: the savepoint statements run twice per unit, and JDBI's per-statement
                    // work (a configuration copy, binding, a result) would cost more than SQLite's.
                    Savepoint savepoint = jdbc(() -> tx.connection().setSavepoint("grouped_unit"));
                    try {
                        results[i] = batch.get(i).work.apply(tx);
                    } catch (RuntimeException refused) {
                        // Throws on if the database has already ended the transaction: then the batch reruns unit by
                        // unit.
                        jdbcRun(() -> tx.connection().rollback(savepoint));
                        database.dropUnitSince(unitStart);
                        refusals[i] = refused;
                    }
                    jdbcRun(() -> tx.connection().releaseSavepoint(savepoint));
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            LOG.debug("a batch of {} failed ({}); running each on its own", batch.size(), e.toString());
            batch.forEach(unit -> unit.runAlone(database));
            return;
        }
        batches.incrementAndGet();
        List<Unit<?>> committed = List.copyOf(batch);
        waker.execute(() -> {
            for (int i = 0; i < committed.size(); i++) {
                if (refusals[i] != null) {
                    committed.get(i).done.completeExceptionally(refusals[i]);
                } else {
                    committed.get(i).succeed(results[i]);
                }
            }
        });
    }

    private interface JdbcCall<T> {
        T call() throws SQLException;
    }

    private static <T> T jdbc(JdbcCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException("savepoint failed: " + e.getMessage(), e);
        }
    }

    /** A statement with no result (a rollback to, or release of, a savepoint). */
    private interface JdbcStep {
        void run() throws SQLException;
    }

    private static void jdbcRun(JdbcStep step) {
        jdbc(() -> {
            step.run();
            return Boolean.TRUE; // jdbc() wants a result; a step has none
        });
    }

    @Override
    public void close() {
        closed = true;
        committer.interrupt();
        try {
            committer.join(10_000);
            waker.shutdown();
            waker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One caller's work and the answer it waits for. */
    private static final class Unit<R> {
        final java.util.function.Function<Tx, R> work;
        final CompletableFuture<R> done = new CompletableFuture<>();

        Unit(Tx.Work<R> work) {
            // Runs on the committer thread: keep the caller's order number in its log lines and trace.
            this.work = LogContext.carry(work);
        }

        @SuppressWarnings("unchecked")
        void succeed(Object result) {
            done.complete((R) result);
        }

        void runAlone(Database database) {
            try {
                done.complete(database.writeAny(work));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }
}

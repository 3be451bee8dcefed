package io.kamishop.db;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles kept open between uses: SQLite's read handles, and on PostgreSQL every read and write
 * transaction's. Opening a JDBI handle copies the whole configuration, and a fresh handle attaches its
 * SQL objects and prepares its statements anew: on the order path that was most of the CPU of every
 * read, more than the query itself, and on PostgreSQL, where each write transaction had a fresh
 * handle, 46% of the store's CPU placing orders (JFR, {@code Handle.attach} under
 * {@code Database.write}). A kept handle has all of that already, as SQLite's write handle has. WAL
 * readers in autocommit hold no snapshot between statements, so a kept handle sees every commit.
 *
 * <p>A handle serves one thread at a time; a read inside a read on the same thread joins the outer
 * handle (so nested reads can never wait for each other). When all kept handles are busy a read
 * falls back to a fresh one from the pool, so this never queues a reader. A handle that failed is
 * closed, never reused. Over a network ({@code validateIdle}) a handle idle for a second is checked
 * before use, as the pool would check its connection, and one kept for {@link #MAX_AGE_NANOS} goes
 * back to the pool, so the pool's own life-time and health checks still apply to it.
 */
final class KeptReaders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeptReaders.class);

    /** A handle kept this long is closed when it comes back: its connection returns to the pool, which retires old ones. */
    static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    /** Idle longer than this, a network connection is asked whether it is still alive before it serves again. */
    private static final long VALIDATE_AFTER_IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private static final class Kept {
        final Handle handle;
        /** The one {@link Tx} of {@code handle}, kept with it. */
        final Tx tx;

        final int generation;
        final long opened = System.nanoTime();
        long idleSince = opened;

        Kept(Handle handle, int generation) {
            this.handle = handle;
            this.tx = new Tx(handle);
            this.generation = generation;
        }

        Handle handle() {
            return handle;
        }

        int generation() {
            return generation;
        }
    }

    private final Jdbi jdbi;
    private final int max;
    private final ConcurrentLinkedDeque<Kept> idle = new ConcurrentLinkedDeque<>();
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private final AtomicInteger open = new AtomicInteger();
    private final boolean validateIdle;
    /** How many kept handles this thread holds now (a write inside a read holds two). */
    private final ThreadLocal<int[]> holding = ThreadLocal.withInitial(() -> new int[1]);
    /** Where threads wait for a kept handle to come back (see {@link #borrow}). */
    private final Object returned = new Object();
    /** How long a thread waits for a kept handle before it takes a fresh one from the pool (which has its own timeout). */
    private static final long WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private volatile int generation;
    private volatile boolean closed;
    /** While set, no handle is lent or opened: every use takes a fresh pooled connection (see {@link #pause}). */
    private volatile boolean paused;

    /**
     * @param max          handles kept at most (each holds a pooled connection)
     * @param validateIdle whether the connections are network ones, to be checked after idling (PostgreSQL)
     */
    KeptReaders(Jdbi jdbi, int max, boolean validateIdle) {
        this.jdbi = jdbi;
        this.max = max;
        this.validateIdle = validateIdle;
    }

    <R> R read(Tx.Work<R> work) {
        Tx joined = current.get();
        if (joined != null) {
            return work.apply(joined);
        }
        return use(work, true);
    }

    /**
     * Runs {@code work} in a transaction on a kept handle of its own (PostgreSQL, where writers run in
     * parallel): never on the handle of a read open on this thread, which is not in a transaction.
     */
    <R> R write(Tx.Work<R> work) {
        return use(tx -> tx.handle().inTransaction(h -> work.apply(tx)), false);
    }

    private <R> R use(Tx.Work<R> work, boolean joinable) {
        int[] held = holding.get();
        Kept kept = borrow(held[0] == 0);
        if (kept == null) {
            if (!joinable) {
                return jdbi.withHandle(h -> work.apply(new Tx(h)));
            }
            // A read on a fresh handle: reads nested in it join it, instead of asking the pool again.
            return jdbi.withHandle(h -> {
                Tx tx = new Tx(h);
                current.set(tx);
                try {
                    return work.apply(tx);
                } finally {
                    current.remove();
                }
            });
        }
        if (joinable) {
            current.set(kept.tx);
        }
        held[0]++;
        boolean healthy = false;
        try {
            R result = work.apply(kept.tx);
            healthy = true;
            return result;
        } catch (RuntimeException e) {
            // A refusal the caller raised itself leaves the connection as it was; a database failure may not.
            healthy = !(e instanceof JdbiException);
            throw e;
        } finally {
            held[0]--;
            if (joinable) {
                current.remove();
            }
            giveBack(kept, healthy);
        }
    }

    /**
     * An idle kept handle, or a new one while fewer than {@code max} are open, or null (use a fresh pooled
     * handle). Over a network ({@code validateIdle}: PostgreSQL, where every transaction borrows here) a
     * thread that holds no kept handle waits for one when all are busy, as it waited in the pool before:
     * falling back instead sent the overflow of 64 buyers to the pool's few connections left beyond the
     * kept ones, where a read nested in a read (each holding one) could wait out the pool's timeout (a 503 in
     * the benchmark's warm-up). A thread that already holds one (a write inside a read) never waits here.
     */
    private @Nullable Kept borrow(boolean mayWait) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            if (paused || closed) {
                return null;
            }
            Kept kept = idle.pollFirst();
            while (kept != null && validateIdle && !alive(kept)) {
                discard(kept);
                kept = idle.pollFirst();
            }
            if (kept != null) {
                return kept;
            }
            if (open.incrementAndGet() <= max) {
                try {
                    return new Kept(StatementCache.openKeeping(jdbi), generation);
                } catch (RuntimeException e) {
                    open.decrementAndGet();
                    throw e;
                }
            }
            open.decrementAndGet();
            if (!validateIdle || !mayWait || System.nanoTime() > deadline) {
                return null;
            }
            synchronized (returned) {
                if (idle.isEmpty() && open.get() >= max) {
                    try {
                        returned.wait(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            }
        }
    }

    /** Whether a kept network connection idle for a while still answers (the pool checks its own the same way). */
    private static boolean alive(Kept kept) {
        if (System.nanoTime() - kept.idleSince < VALIDATE_AFTER_IDLE_NANOS) {
            return true;
        }
        try {
            return kept.handle().getConnection().isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    private void giveBack(Kept kept, boolean healthy) {
        if (healthy
                && !closed
                && !paused
                && kept.generation() == generation
                && !(validateIdle && System.nanoTime() - kept.opened > MAX_AGE_NANOS)
                && !kept.handle().isInTransaction()) {
            kept.idleSince = System.nanoTime();
            idle.addFirst(kept);
            wakeWaiter();
            if (!closed) {
                return;
            }
            if (!idle.remove(kept)) {
                return; // close() took it meanwhile
            }
        }
        discard(kept);
    }

    /**
     * Closes every idle handle and makes the busy ones close when they come back, so that all of this
     * node's connections can be borrowed from the pool (a per-connection setting applied to each).
     */
    void renew() {
        generation++;
        for (Kept kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            discard(kept);
        }
    }

    /**
     * Lends and opens no handle until {@link #resume}, and closes the idle ones (busy ones close when
     * they come back), so that every connection of the pool can be borrowed meanwhile.
     */
    void pause() {
        paused = true;
        renew();
    }

    void resume() {
        paused = false;
    }

    private void wakeWaiter() {
        if (validateIdle) {
            synchronized (returned) {
                returned.notify();
            }
        }
    }

    private void discard(Kept kept) {
        open.decrementAndGet();
        wakeWaiter();
        try {
            StatementCache.close(kept.handle());
        } catch (RuntimeException e) {
            LOG.debug("closing a kept read handle: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        renew();
    }
}

package io.kamishop.db;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read handles kept open between reads (SQLite). Opening a JDBI handle copies the whole configuration,
 * and a fresh handle attaches its SQL objects and prepares its statements anew: on the order path that
 * was most of the CPU of every read, more than the query itself. A kept handle has all of that
 * already, as the write handle has. WAL readers in autocommit hold no snapshot between statements,
 * so a kept handle sees every commit.
 *
 * <p>A handle serves one thread at a time; a read inside a read on the same thread joins the outer
 * handle (so nested reads can never wait for each other). When all kept handles are busy a read
 * falls back to a fresh one from the pool, so this never queues a reader. A handle that failed is
 * closed, never reused.
 */
final class KeptReaders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeptReaders.class);

    /** {@code tx}: the one {@link Tx} of {@code handle}, kept with it. */
    private record Kept(Handle handle, Tx tx, int generation) {}

    private final Jdbi jdbi;
    private final int max;
    private final ConcurrentLinkedDeque<Kept> idle = new ConcurrentLinkedDeque<>();
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;

    KeptReaders(Jdbi jdbi, int max) {
        this.jdbi = jdbi;
        this.max = max;
    }

    <R> R read(Tx.Work<R> work) {
        Tx joined = current.get();
        if (joined != null) {
            return work.apply(joined);
        }
        Kept kept = borrow();
        if (kept == null) {
            return jdbi.withHandle(handle -> work.apply(new Tx(handle)));
        }
        current.set(kept.tx());
        boolean healthy = false;
        try {
            R result = work.apply(kept.tx());
            healthy = true;
            return result;
        } catch (RuntimeException e) {
            // A refusal the caller raised itself leaves the connection as it was; a database failure may not.
            healthy = !(e instanceof JdbiException);
            throw e;
        } finally {
            current.remove();
            giveBack(kept, healthy);
        }
    }

    private Kept borrow() {
        Kept kept = idle.pollFirst();
        if (kept != null || closed) {
            return kept;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return null;
        }
        try {
            Handle handle = StatementCache.openKeeping(jdbi);
            return new Kept(handle, new Tx(handle), generation);
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
    }

    private void giveBack(Kept kept, boolean healthy) {
        if (healthy
                && !closed
                && kept.generation() == generation
                && !kept.handle().isInTransaction()) {
            idle.addFirst(kept);
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

    private void discard(Kept kept) {
        open.decrementAndGet();
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

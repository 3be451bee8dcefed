package io.kamishop.inventory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storing half of an import: batches are inserted one at a time, in the order given, on a thread
 * of their own, so the importing thread can fingerprint and seal the next batch meanwhile (the insert
 * and the crypto each take a core). {@link #store} waits for the batch before, so at most one batch is
 * in flight and a failure stops the import at the next batch, as it did when one thread did both.
 *
 * <p>Batches are sized by time ({@link #nextCapacity}): each is one transaction, and the bigger it is,
 * the fewer index pages each key costs (a batch's sorted keys share the leaf pages they land on, each
 * written to the WAL and checkpointed once per commit, not once per key), but the longer payments
 * wait for the write lock. So a batch grows until storing one takes about {@link #TARGET_NANOS}.
 */
final class KeyBatches implements AutoCloseable {

    /** First batch: small, so a short upload or a first error is answered quickly. */
    static final int MIN_BATCH = 2_000;
    /** Bounds the two batches held in memory (fingerprint and sealed key: about 200 bytes a key). */
    static final int MAX_BATCH = 32_768;
    /** How long one batch's transaction may hold the write lock, about. */
    static final long TARGET_NANOS = 500_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(KeyBatches.class);

    private final ToLongFunction<KeyBatch> insert;
    private int capacity = MIN_BATCH;
    // One import's own pipeline, not background work: it lives as long as the admin's request and
    // hands its batches over in order.
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kamishop-key-import");
        t.setDaemon(true);
        return t;
    });
    /** The batch the writer is storing, or null when it has nothing in hand. */
    private @Nullable Future<?> inFlight;

    private long keys;
    private long stored;

    /** @param insert stores one batch in its own transaction and returns how many of its keys were new */
    KeyBatches(ToLongFunction<KeyBatch> insert) {
        this.insert = insert;
    }

    /** Hands a batch to the writer once the one before it is stored; throws that one's failure, if any. */
    void store(KeyBatch batch) {
        finish();
        keys += batch.size();
        inFlight = writer.submit(() -> {
            long started = System.nanoTime();
            long fresh = insert.applyAsLong(batch);
            long took = Math.max(1, System.nanoTime() - started);
            LOG.debug("stored an import batch of {} keys in {} ms", batch.size(), took / 1_000_000);
            synchronized (this) {
                stored += fresh;
                if (batch.size() >= capacity / 2) { // a short last batch says little about the pace
                    capacity = paced(batch.size(), took);
                }
            }
        });
    }

    /** How many keys the next batch should hold, from how long the last stored one took. */
    synchronized int nextCapacity() {
        return capacity;
    }

    /** Keys that would take about the target time at the last batch's pace; at most doubling per batch. */
    static int paced(int size, long tookNanos) {
        long fit = (long) ((double) size * TARGET_NANOS / tookNanos);
        return (int) Math.max(MIN_BATCH, Math.min(Math.min(MAX_BATCH, 2L * size), fit));
    }

    /** Waits until every batch handed over is stored; throws the failure of the last one, if any. */
    void finish() {
        if (inFlight == null) {
            return;
        }
        Future<?> last = inFlight;
        inFlight = null;
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing imported keys", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    synchronized long stored() {
        return stored;
    }

    /** Keys handed over that were already stored for the product (or twice in the upload). */
    synchronized long duplicates() {
        return keys - stored;
    }

    /** Stops the writer; a batch still in flight (the import failed on this side) is let finish first. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.MINUTES)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

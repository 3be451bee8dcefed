package io.kamishop.inventory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The storing half of an import: batches are inserted one at a time, in the order given, on a thread
 * of their own, so the importing thread can fingerprint and seal the next batch meanwhile (the insert
 * and the crypto each take a core). {@link #store} waits for the batch before, so at most one batch is
 * in flight and a failure stops the import at the next batch, as it did when one thread did both.
 */
final class KeyBatches implements AutoCloseable {

    private final ToLongFunction<KeyBatch> insert;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kamishop-key-import");
        t.setDaemon(true);
        return t;
    });
    private Future<?> inFlight;
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
            long fresh = insert.applyAsLong(batch);
            synchronized (this) {
                stored += fresh;
            }
        });
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

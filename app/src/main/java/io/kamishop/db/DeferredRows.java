package io.kamishop.db;

import java.util.List;

/**
 * Writes rows that a transaction asked for along the way, all at once, just before it commits
 * (see {@link Database#defer}). For rows nothing reads back inside the transaction that adds them,
 * such as the audit chain: a batch of grouped units then writes them with a few statements instead
 * of a few per unit. Rows are grouped by their writer instance: pass the same one every time (a
 * constant or a field; a method reference written at the call is a new object per call when it
 * captures {@code this}).
 */
@FunctionalInterface
public interface DeferredRows<T> {

    /** Writes {@code rows}, in the order they were deferred, in the committing transaction. */
    void write(Tx tx, List<T> rows);
}

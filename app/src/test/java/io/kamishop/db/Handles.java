package io.kamishop.db;

import org.jdbi.v3.core.Handle;

/** For tests that set up or inspect rows with SQL of their own, in the transaction under test. */
public final class Handles {

    private Handles() {}

    /** The JDBI handle under {@code tx}; main code reaches SQL through {@link Tx#dao} only. */
    public static Handle of(Tx tx) {
        return tx.handle();
    }
}

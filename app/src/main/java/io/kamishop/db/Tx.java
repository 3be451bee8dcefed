package io.kamishop.db;

import java.sql.Connection;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * One open database transaction, as domain code sees it: the only way it reaches SQL is through the
 * DAOs it asks for here ({@link #dao}), so JDBI stays inside {@code db} and the DAO interfaces.
 *
 * <p>The transaction model: {@link Database#write} runs one use case in one write transaction and hands
 * it a {@code Tx}; the use case passes that {@code Tx} down to every service it calls, so everything
 * commits together or not at all. A {@code write} on a thread that already has one open joins it (the
 * same {@code Tx}) instead of opening a second. {@link Database#writeGrouped} may run several callers'
 * units in one transaction, each in a savepoint: a unit sees the {@code Tx} of the batch. {@link
 * Database#read} gives a {@code Tx} on a read connection (or the open write, inside one). Work that must
 * follow the commit goes through {@link Database#afterCommit}; rows nothing reads back in the same
 * transaction through {@link Database#defer}.
 *
 * <p>Cheap on purpose: the kept SQLite handles (the writer, the kept readers) each keep one {@code Tx} for
 * their whole life, elsewhere one is made per transaction, and {@link #dao} is a map lookup after a DAO's
 * first use on a handle ({@link HandleScopedDaos}). A {@code Tx} is used by one thread, and only while
 * its transaction is open: never keep one.
 */
public final class Tx {

    private final Handle handle;

    Tx(Handle handle) {
        this.handle = handle;
    }

    /** A transaction on a handle opened outside {@link Database} (a benchmark's, a tool's); the caller owns it. */
    public static Tx of(Handle handle) {
        return new Tx(handle);
    }

    /** The SQL object {@code type} (a {@code *Dao} interface) on this transaction. */
    public <D> D dao(Class<D> type) {
        return handle.attach(type);
    }

    /**
     * This transaction's JDBC connection, for a statement that binds by hand what a DAO cannot do fast
     * enough (a bulk key import). Not to be closed, committed or rolled back: the transaction owns it.
     */
    public Connection connection() {
        return handle.getConnection();
    }

    Handle handle() {
        return handle;
    }

    /** Work run in a transaction, given its {@link Tx}: what {@link Database#write} and {@link Database#read} take. */
    @FunctionalInterface
    public interface Work<R> extends Function<Tx, R> {}
}

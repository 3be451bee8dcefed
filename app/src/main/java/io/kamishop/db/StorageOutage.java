package io.kamishop.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * Tells a database that refuses to store anything (disk full, file or server read-only, I/O
 * errors, no connection) from a bug, and remembers that the store is degraded until a write
 * succeeds again. Such a failure is the operator's to fix, not the caller's: requests answer 503
 * with Retry-After, so a payment gateway retries its notification instead of giving up on it.
 */
public final class StorageOutage {

    private static final Logger LOG = LoggerFactory.getLogger(StorageOutage.class);

    /** Primary SQLite result codes (the low byte of extended codes such as SQLITE_IOERR_WRITE). */
    private static final int SQLITE_READONLY = 8;

    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final Set<Integer> SQLITE_REFUSALS =
            Set.of(SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN);
    /**
     * PostgreSQL: disk_full, insufficient_resources, read_only_sql_transaction (a standby, or
     * default_transaction_read_only set when the disk filled), io_error, cannot_connect_now.
     */
    private static final Set<String> POSTGRES_REFUSALS = Set.of("53100", "53000", "25006", "58030", "57P03");

    private final Clock clock;
    /** When the current outage began (epoch millis), 0 while writes succeed. */
    private final AtomicLong degradedSince = new AtomicLong();

    StorageOutage(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code failure} (or a cause) says the database cannot store anything now. */
    public static boolean isStorageRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailableException) {
                return true;
            }
            if (t instanceof SQLiteException sqlite && SQLITE_REFUSALS.contains(sqlite.getResultCode().code & 0xff)) {
                return true;
            }
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool could not get a connection within its timeout
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (POSTGRES_REFUSALS.contains(sql.getSQLState())
                            || sql.getSQLState().startsWith("08"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Notes a refused write and returns the exception callers map to 503. */
    StorageUnavailableException refused(RuntimeException failure) {
        if (degradedSince.compareAndSet(0, clock.millis())) {
            LOG.error("the database refuses writes; answering 503 until it accepts them again: {}", rootCause(failure));
        }
        return failure instanceof StorageUnavailableException already
                ? already
                : new StorageUnavailableException(failure);
    }

    /** The database's own words, without the statement and its arguments that JDBI's message carries. */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Notes a committed write: the outage, if any, is over. */
    void wrote() {
        long since = degradedSince.getAndSet(0);
        if (since != 0) {
            LOG.warn("the database accepts writes again after {} ms", clock.millis() - since);
        }
    }

    /** Whether the last write was refused for lack of storage (and none has succeeded since). */
    public boolean degraded() {
        return degradedSince.get() != 0;
    }
}

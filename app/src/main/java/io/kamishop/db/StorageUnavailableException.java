package io.kamishop.db;

/**
 * The database refused to store a transaction (disk full, read-only, I/O error, unreachable). The
 * transaction was rolled back whole; the same request may succeed once the operator makes room.
 */
public final class StorageUnavailableException extends RuntimeException {

    StorageUnavailableException(Throwable cause) {
        super("the database cannot store anything right now: " + cause, cause);
    }
}

package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Which database failures are an outage (503, retry later) and which stay bugs (500). The outages
 * SQLite and PostgreSQL can be made to produce on a test machine are driven for real in
 * StorageOutageTest and StorageOutageOnPostgresTest; this pins the rest of the list.
 */
class StorageRefusalTest {

    @Test
    void fullReadOnlyAndFailingDisksAreOutagesWhateverWrapsThem() {
        assertThat(StorageOutage.isStorageRefusal(wrapped(new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL))))
                .isTrue();
        assertThat(StorageOutage.isStorageRefusal(
                        wrapped(new SQLiteException("io", SQLiteErrorCode.SQLITE_IOERR_WRITE))))
                .isTrue();
        assertThat(StorageOutage.isStorageRefusal(
                        wrapped(new SQLiteException("moved", SQLiteErrorCode.SQLITE_READONLY_DBMOVED))))
                .isTrue();
        assertThat(StorageOutage.isStorageRefusal(wrapped(new SQLException("could not extend file", "53100"))))
                .isTrue();
        assertThat(StorageOutage.isStorageRefusal(wrapped(new SQLException("read-only transaction", "25006"))))
                .isTrue();
        assertThat(StorageOutage.isStorageRefusal(wrapped(new SQLException("connection refused", "08001"))))
                .isTrue();
    }

    @Test
    void constraintViolationsAndBugsAreNotOutages() {
        assertThat(StorageOutage.isStorageRefusal(
                        wrapped(new SQLiteException("unique", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE))))
                .isFalse();
        assertThat(StorageOutage.isStorageRefusal(wrapped(new SQLiteException("syntax", SQLiteErrorCode.SQLITE_ERROR))))
                .isFalse();
        assertThat(StorageOutage.isStorageRefusal(wrapped(new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(StorageOutage.isStorageRefusal(new IllegalStateException("a bug")))
                .isFalse();
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new UnableToExecuteStatementException(cause, null);
    }
}

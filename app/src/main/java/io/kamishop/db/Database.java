package io.kamishop.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store's database: a pooled connection, the migrations, and the one rule for writing.
 *
 * <p>Every state change goes through {@link #write}, one transaction per use case. On SQLite the
 * writers queue on a fair JVM lock before they begin: SQLite allows one writer per file anyway, and
 * queueing here costs microseconds where SQLite's own busy handler sleeps and retries. A nested
 * {@code write} on the same thread joins the open transaction instead of deadlocking on a second
 * connection. The work gets a {@link Tx}, the transaction as domain code sees it (the model is told there).
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 4;
    private static final int SQLITE_POOL_SIZE = 8;
    private static final int POSTGRESQL_POOL_SIZE = 16;
    /** Bigger than a page, so the probe needs a new one as any real insert may. */
    private static final int PROBE_BYTES = 16_384;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Tx> openWrite = new ThreadLocal<>();
    private final AtomicLong commits = new AtomicLong();
    /** Transactions the database aborted (deadlock, serialization failure) and {@link #write} ran again. */
    private final AtomicLong retried = new AtomicLong();

    private volatile Runnable commitObserver = () -> {};
    private final ThreadLocal<PendingWork> pending = new ThreadLocal<>();
    /** Null on PostgreSQL, where concurrent transactions commit in parallel and nothing queues. */
    private final @Nullable GroupCommit groupCommit;
    /** Kept handles: SQLite's for reads, PostgreSQL's for reads and write transactions alike. */
    private final KeptReaders readers;
    /**
     * The one {@link Tx} of SQLite's long-lived write handle, guarded by {@link #writeLock}; see {@link #writer()}.
     * Null until the first write, and again after the database failed one (the next write opens a fresh handle).
     */
    private @Nullable Tx writerTx;

    private final StorageOutage outage = new StorageOutage(java.time.Clock.systemUTC());

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        Extensions extensions = jdbi.getConfig(Extensions.class);
        extensions.register(new HandleScopedDaos(
                extensions.findFactory(SqlObjectFactory.class).orElseThrow(), extensions));
        jdbi.define("skipLocked", dialect.skipLocked());
        // Only where writers queue anyway: PostgreSQL commits concurrent transactions in parallel.
        this.groupCommit = dialect.singleWriter() ? new GroupCommit(this) : null;
        // SQLite: one pooled connection stays free for the write handle and one for reads beyond these.
        // PostgreSQL: two stay free for uses beyond the kept ones (and the few that take the pool directly).
        this.readers = dialect.singleWriter()
                ? new KeptReaders(jdbi, SQLITE_POOL_SIZE - 2, false)
                : new KeptReaders(jdbi, POSTGRESQL_POOL_SIZE - 2, true);
    }

    /** Opens the pool and applies pending migrations. */
    public static Database open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("kamishop");
        if (dialect == Dialect.SQLITE) {
            config.setDataSource(sqlite(jdbcUrl));
            config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        } else {
            config.setJdbcUrl(jdbcUrl);
            config.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
        }
        config.setMinimumIdle(dialect.minimumIdleConnections());
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Migrations.apply(
                    dataSource, dialect, dialect == Dialect.SQLITE ? sqliteFile(jdbcUrl) : java.util.Optional.empty());
            return new Database(dataSource, dialect);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The SQLite data source every store uses (and the build's {@link SchemaTemplate}), with its safety settings. */
    static DataSource sqliteDataSource(String jdbcUrl) {
        return sqlite(jdbcUrl);
    }

    private static DataSource sqlite(String jdbcUrl) {
        SQLiteConfig config = new SQLiteConfig();
        // WAL: readers never block the writer, and a killed process leaves a consistent file.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit is on disk before we answer a gateway "success"; NORMAL could lose the
        // last paid orders on power loss, and the gateway would never resend them.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        // IMMEDIATE: a write transaction takes the write lock at BEGIN, so it can never fail half-way
        // on a lock upgrade; other processes (backup, a second server) queue on the busy timeout.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Off: with it on, the driver runs a separate "SELECT last_insert_rowid()" (a fresh statement,
        // parsed each time) after every INSERT, wanted or not: 7% of the payment committer's CPU, as a
        // paid order writes about ten rows. The few inserts that need their id say RETURNING id.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    /** The database file behind a {@code jdbc:sqlite:} URL, if it is a file (not in-memory). */
    public static java.util.Optional<java.nio.file.Path> sqliteFile(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String path = query >= 0 ? rest.substring(0, query) : rest;
        if (path.isBlank() || path.startsWith(":memory:") || path.startsWith("file::memory:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.nio.file.Path.of(path.startsWith("file:") ? path.substring(5) : path));
    }

    /**
     * Builds the SQL-object metadata of these DAO interfaces once, on the shared configuration.
     * JDBI gives every handle a snapshot copy of the configuration, so metadata built inside a handle
     * (by {@code h.attach(Dao.class)}) is thrown away with it: without this, every transaction
     * rebuilds it and re-reads and re-parses the DAO's .sql files (JFR: over half the server's CPU
     * on the payment path). Optional per DAO; one left out is only slower.
     */
    public void prepareSqlObjects(Class<?>... daoTypes) {
        Extensions extensions = jdbi.getConfig(Extensions.class);
        ExtensionFactory factory =
                extensions.findFactory(SqlObjectFactory.class).orElseThrow();
        for (Class<?> type : daoTypes) {
            extensions.findMetadata(type, factory);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs one write transaction; everything in it commits together or not at all. On PostgreSQL a
     * transaction the database aborted to break a deadlock between nodes is run again from the start
     * (a few times), so the caller sees the outcome instead of a 5xx.
     */
    public <R> R write(Tx.Work<R> work) {
        return writeAny(work);
    }

    /** {@link #write}, for work the group committer has wrapped (in the caller's log context). */
    <R> R writeAny(Function<Tx, R> work) {
        Tx joined = openWrite.get();
        if (joined != null) {
            return work.apply(joined);
        }
        for (int attempt = 1; ; attempt++) {
            PendingWork owed = new PendingWork();
            R result;
            try {
                result = writeOnce(work, owed);
            } catch (RuntimeException e) {
                if (attempt < MAX_ATTEMPTS && dialect.isRetryable(e)) {
                    retried.incrementAndGet();
                    LOG.debug("transaction aborted by the database ({}), running it again", e.toString());
                    continue;
                }
                if (StorageOutage.isStorageRefusal(e)) {
                    throw outage.refused(e); // rolled back whole; callers answer 503 and are retried
                }
                throw e;
            }
            commits.incrementAndGet();
            commitObserver.run();
            outage.wrote();
            for (Runnable action : owed.afterCommitActions()) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    // The transaction is committed; a failing listener must not turn it into an error.
                    LOG.warn("an after-commit action failed: {}", e.toString(), e);
                }
            }
            return result;
        }
    }

    private <R> R writeOnce(Function<Tx, R> work, PendingWork owed) {
        if (!dialect.singleWriter()) {
            // A kept handle: a fresh one per transaction rebuilt every SQL object it attached (see KeptReaders).
            return readers.write(tx -> inside(tx, work, owed));
        }
        writeLock.lock();
        try {
            try {
                // Inside the try: a handle whose set-up failed is dropped too, not kept half set up.
                Tx tx = writer();
                return tx.handle().inTransaction(h -> inside(tx, work, owed));
            } catch (JdbiException | Error e) {
                // The database itself failed (a full disk, a broken file): the next write starts on a fresh connection.
                discardWriter();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private <R> R inside(Tx tx, Function<Tx, R> work, PendingWork owed) {
        openWrite.set(tx);
        pending.set(owed);
        try {
            R result = work.apply(tx);
            owed.writeDeferred(tx); // last, so a failure here still rolls everything back
            return result;
        } finally {
            openWrite.remove();
            pending.remove();
        }
    }

    /**
     * The one handle every write runs on where writers queue on the JVM lock anyway (SQLite). Kept open
     * so that what a handle builds once, above all its attached SQL objects ({@link HandleScopedDaos}),
     * serves every transaction instead of being rebuilt for each. Called with the write lock held; returns
     * the handle's one {@link Tx}.
     */
    private Tx writer() {
        Tx kept = writerTx;
        if (kept == null) {
            // Keeps its prepared statements: SQLite re-parses a statement on every prepare.
            Handle handle = StatementCache.openKeeping(jdbi);
            kept = new Tx(handle);
            writerTx = kept;
            // Every grouped unit runs in a savepoint, and SQLite keeps the original of each page a
            // savepoint (or a many-row statement) changes in a sub-journal, by default a temporary
            // file: a write syscall per page, inside the statements of every unit (7% of the
            // committer's CPU under load). In memory they cost what one unit touches, and only until
            // its savepoint is released.
            handle.execute("PRAGMA temp_store = MEMORY");
        }
        return kept;
    }

    /**
     * Runs a per-connection setting (a PRAGMA) on every connection this node holds: the kept write
     * connection and every pooled one (borrowed all at once, so none is missed). For fault-injection
     * tests and maintenance; writers wait meanwhile.
     */
    public void onEveryConnection(String sql) {
        writeLock.lock();
        List<java.sql.Connection> held = new ArrayList<>();
        try {
            if (readers != null) {
                // Their connections go back to the pool and get the setting there; none is kept meanwhile
                // (on PostgreSQL writers do not take the write lock, and would keep one from us).
                readers.pause();
            }
            Tx kept = writerTx;
            if (kept != null) {
                kept.handle().execute(sql);
            }
            int pooled = ((HikariDataSource) dataSource).getMaximumPoolSize() - (kept != null ? 1 : 0);
            for (int i = 0; i < pooled; i++) {
                java.sql.Connection c = dataSource.getConnection();
                held.add(c);
                try (java.sql.Statement statement = c.createStatement()) {
                    statement.execute(sql);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on every connection", e);
        } finally {
            for (java.sql.Connection c : held) {
                try {
                    c.close();
                } catch (java.sql.SQLException e) {
                    LOG.debug("returning a connection: {}", e.toString());
                }
            }
            if (readers != null) {
                readers.resume();
            }
            writeLock.unlock();
        }
    }

    private void discardWriter() {
        Tx broken = writerTx;
        writerTx = null;
        if (broken != null) {
            try {
                StatementCache.close(broken.handle());
            } catch (RuntimeException e) {
                LOG.debug("closing a failed write connection: {}", e.toString());
            }
        }
    }

    /**
     * Like {@link #write}, for small units of work that arrive in bursts (payment notifications): on
     * SQLite, units that queue up while another commit is in flight share the next transaction and
     * its fsync. Returns only after the commit that contains {@code work}; a unit that throws fails
     * alone (see {@link GroupCommit}). Inside an open write transaction it joins that one instead.
     */
    public <R> R writeGrouped(Tx.Work<R> work) {
        if (groupCommit == null || openWrite.get() != null) {
            return write(work);
        }
        return groupCommit.write(work);
    }

    @Nullable
    GroupCommit groupCommit() {
        return groupCommit;
    }

    /**
     * Runs {@code action} once the current write transaction has committed (never if it rolls back),
     * outside the transaction and the write lock. Outside a write transaction it runs at once.
     * For side effects that must only follow durable facts: mails, webhooks, cache invalidation.
     */
    public void afterCommit(Runnable action) {
        PendingWork owed = pending.get();
        if (owed == null) {
            action.run();
        } else {
            owed.afterCommit(action);
        }
    }

    /**
     * Has {@code writer} write {@code row} just before the current write transaction commits, together
     * with the other rows deferred to it in the same (perhaps grouped) transaction; see
     * {@link DeferredRows}. Rolled back with the work that deferred it. In a transaction that is not
     * one of this database's writes the row is written at once.
     */
    public <T> void defer(Tx tx, DeferredRows<T> writer, T row) {
        PendingWork owed = pending.get();
        if (owed == null || openWrite.get() != tx) {
            writer.write(tx, List.of(row));
        } else {
            owed.defer(writer, row);
        }
    }

    /** What the current write transaction owes so far: a grouped unit starts here. */
    PendingWork.Mark markUnit() {
        return pending.get().mark();
    }

    /** Drops what was owed since {@code mark}: the unit that asked for it was rolled back to its savepoint. */
    void dropUnitSince(PendingWork.Mark mark) {
        pending.get().dropSince(mark);
    }

    /** Runs reads on a pooled connection without a write transaction (WAL readers see the last commit). */
    public <R> R read(Tx.Work<R> work) {
        Tx joined = openWrite.get();
        if (joined != null) {
            return work.apply(joined);
        }
        if (readers != null) {
            return readers.read(work);
        }
        return jdbi.withHandle(handle -> work.apply(new Tx(handle)));
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit (each statement commits alone), outside {@link #write}: not
     * counted in {@link #commits()} (the page cache's version stamp), not queued behind the writers' lock.
     * For bookkeeping no cache depends on, such as a node's heartbeat row or a change-bus probe.
     */
    public void writeUncounted(java.util.function.Consumer<Tx> work) {
        jdbi.useHandle(handle -> work.accept(new Tx(handle)));
    }

    /** Whether {@code e} is a statement the database refused (a constraint, a lock), as a DAO throws it. */
    public static boolean isStatementFailure(RuntimeException e) {
        return e instanceof org.jdbi.v3.core.statement.UnableToExecuteStatementException;
    }

    /**
     * A statement run through plain JDBC that failed, as the exception a DAO would have thrown: callers,
     * {@link #write}'s connection handling and the error mapping then see no difference.
     */
    public static RuntimeException statementFailed(String what, java.sql.SQLException e) {
        return new org.jdbi.v3.core.statement.UnableToExecuteStatementException(what + ": " + e.getMessage(), e, null);
    }

    /** How many write transactions the database aborted to break a deadlock (or a serialization conflict) and were run again. */
    public long retriedTransactions() {
        return retried.get();
    }

    /**
     * How many write transactions this node has committed since it started. Anything cached from the
     * database on this node is current while this number stays the same: a version stamp for caches.
     */
    public long commits() {
        return commits.get();
    }

    /**
     * Has {@code observer} run right after every write transaction this node commits, on the
     * committing thread (so it must be quick and must not fail). One observer: the cluster's.
     */
    public void observeCommits(Runnable observer) {
        this.commitObserver = observer;
    }

    /** Whether the database answers now. */
    public boolean isReachable() {
        try {
            return read(tx ->
                    tx.handle().createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the database refused the last write for lack of storage. While it is degraded, each
     * call tries a write that is rolled back (it needs a fresh page, so a full disk refuses it too),
     * so the store notices by itself when the operator has made room, even with no traffic.
     */
    public boolean storageDegraded() {
        if (!outage.degraded()) {
            return false;
        }
        try {
            probeWrite();
            outage.wrote();
        } catch (RuntimeException e) {
            if (!StorageOutage.isStorageRefusal(e)) {
                throw e;
            }
        }
        return outage.degraded();
    }

    private void probeWrite() {
        boolean locked = dialect.singleWriter();
        if (locked) {
            writeLock.lock();
        }
        try {
            jdbi.useTransaction(h -> {
                h.createUpdate("INSERT INTO storage_probe (filler) VALUES (:filler)")
                        .bind("filler", new byte[PROBE_BYTES])
                        .execute();
                throw new ProbeSucceeded(); // rolls the probe back: it only asks whether a write would fit
            });
        } catch (ProbeSucceeded expected) {
            // the database took the row
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private static final class ProbeSucceeded extends RuntimeException {
        ProbeSucceeded() {
            super(null, null, false, false);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many of this node's pooled connections are busy, open, and allowed at most (for operators). */
    public record PoolUse(int active, int open, int max) {}

    public PoolUse poolUse() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null
                ? new PoolUse(0, 0, dataSource.getMaximumPoolSize())
                : new PoolUse(pool.getActiveConnections(), pool.getTotalConnections(), dataSource.getMaximumPoolSize());
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        if (readers != null) {
            readers.close();
        }
        writeLock.lock();
        try {
            discardWriter();
        } finally {
            writeLock.unlock();
        }
        dataSource.close();
    }
}

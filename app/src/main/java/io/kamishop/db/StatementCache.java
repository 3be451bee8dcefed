package io.kamishop.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the prepared statements of one long-lived handle for reuse. The SQLite driver parses and
 * plans every statement anew on each {@code prepareStatement}, and the store runs the same few dozen
 * statements over and over: on the payment path that was a fifth of the committer's CPU (profile of
 * the notification flood). PostgreSQL's driver caches server-side statements by itself.
 *
 * <p>Only for a handle used by one thread at a time (the SQLite write handle, under the write lock):
 * it does no locking. Statements are keyed by their SQL and how they were asked for (generated keys,
 * updatable); a statement still in use is never handed out twice, so a nested use of the same SQL gets
 * a second one. At most {@link #MAX_IDLE} idle statements are kept, the least recently used closed first.
 */
final class StatementCache extends DefaultStatementBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);
    static final int MAX_IDLE = 128;

    private record Key(String sql, boolean generatedKeys, String[] keyColumns, boolean updatable) {
        static Key of(String sql, StatementContext ctx) {
            String[] columns = ctx.isReturningGeneratedKeys() ? ctx.getGeneratedKeysColumnNames() : null;
            return new Key(
                    sql,
                    ctx.isReturningGeneratedKeys(),
                    columns == null ? new String[0] : columns,
                    ctx.isConcurrentUpdatable());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && sql.equals(k.sql)
                    && generatedKeys == k.generatedKeys
                    && updatable == k.updatable
                    && Arrays.equals(keyColumns, k.keyColumns);
        }

        @Override
        public int hashCode() {
            return sql.hashCode() * 31 + Arrays.hashCode(keyColumns) + (generatedKeys ? 1 : 0) + (updatable ? 2 : 0);
        }
    }

    private final Map<Key, ArrayDeque<PreparedStatement>> idle = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Statement, Key> lent = new IdentityHashMap<>();
    private int idleCount;
    private long prepared;
    private long reused;

    /** Opens a handle that keeps its prepared statements; close it with {@link #close(Handle)}. */
    static Handle openKeeping(Jdbi jdbi) {
        Handle handle = jdbi.open();
        handle.setStatementBuilder(new StatementCache());
        return handle;
    }

    /**
     * Closes a handle from {@link #openKeeping} with its kept statements. The handle's own clean-up
     * only closes the statement builder it was opened with, not one set on it later.
     */
    static void close(Handle handle) {
        handle.getStatementBuilder().close(handle.getConnection());
        handle.close();
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        return lend(Key.of(sql, ctx), () -> super.create(conn, sql, ctx));
    }

    /** A statement for plain JDBC use ({@link FastSql}); give it back with {@link #close(Connection, String, Statement)}. */
    PreparedStatement borrow(Connection conn, String sql) throws SQLException {
        return lend(new Key(sql, false, new String[0], false), () -> conn.prepareStatement(sql));
    }

    private interface Preparation {
        PreparedStatement prepare() throws SQLException;
    }

    /** An idle statement of this key, or a fresh one; lent until it is closed through this builder. */
    private PreparedStatement lend(Key key, Preparation fresh) throws SQLException {
        PreparedStatement statement = takeIdle(key);
        if (statement == null) {
            statement = fresh.prepare();
            prepared++;
        } else {
            reused++;
        }
        lent.put(statement, key);
        return statement;
    }

    private @Nullable PreparedStatement takeIdle(Key key) throws SQLException {
        ArrayDeque<PreparedStatement> free = idle.get(key);
        while (free != null && !free.isEmpty()) {
            PreparedStatement statement = free.pop();
            idleCount--;
            if (!statement.isClosed()) {
                return statement;
            }
        }
        return null;
    }

    @Override
    public void close(Connection conn, String sql, Statement statement) throws SQLException {
        Key key = statement == null ? null : lent.remove(statement);
        if (key == null || !(statement instanceof PreparedStatement reusable) || statement.isClosed()) {
            super.close(conn, sql, statement);
            return;
        }
        try {
            reusable.clearParameters();
            reusable.clearBatch();
        } catch (SQLException e) {
            super.close(conn, sql, statement); // not in a state to be reused: start afresh next time
            return;
        }
        idle.computeIfAbsent(key, k -> new ArrayDeque<>(2)).push(reusable);
        idleCount++;
        evictBeyondLimit();
    }

    private void evictBeyondLimit() {
        Iterator<Map.Entry<Key, ArrayDeque<PreparedStatement>>> eldest =
                idle.entrySet().iterator();
        while (idleCount > MAX_IDLE && eldest.hasNext()) {
            ArrayDeque<PreparedStatement> free = eldest.next().getValue();
            while (!free.isEmpty() && idleCount > MAX_IDLE) {
                closeQuietly(free.pollLast());
                idleCount--;
            }
            if (free.isEmpty()) {
                eldest.remove();
            }
        }
    }

    /** The handle closes: its connection goes back to the pool without our statements. */
    @Override
    public void close(Connection conn) {
        idle.values().forEach(free -> free.forEach(StatementCache::closeQuietly));
        idle.clear();
        idleCount = 0;
        lent.clear();
    }

    /** Statements prepared and statements reused, for tests. */
    long[] counts() {
        return new long[] {prepared, reused};
    }

    int idle() {
        return idleCount;
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            LOG.debug("closing a cached statement: {}", e.toString());
        }
    }
}

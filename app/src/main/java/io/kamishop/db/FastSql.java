package io.kamishop.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/**
 * One statement of a SQL object's {@code .sql} file, run on a JDBI handle through plain JDBC. For the
 * few statements every payment runs on the serial write path: JDBI's per-statement work (a copy of
 * the configuration, an argument-factory lookup per parameter, the SQL-object dispatch) was 41% of
 * the payment committer's CPU in a profile of the notification flood, SQLite itself 32%.
 *
 * <p>The file stays where the SQL object finds it ({@code Dao/name.sql}, prepared on PostgreSQL by
 * {@code PostgresSqlTest}), with the same {@code :named} parameters; the arguments are given in the
 * order of the names passed to {@link #of}. On the SQLite write handle the prepared statement comes
 * from, and goes back to, its {@link StatementCache}; elsewhere it is prepared and closed each time.
 */
public final class FastSql {

    private final String name;
    private final String sql;
    private final int[][] places;

    private FastSql(String name, PositionalSql positional, String[] parameters) {
        this.name = name;
        this.sql = positional.text();
        this.places = new int[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            places[i] = positional.at(parameters[i]);
        }
        if (java.util.Arrays.stream(places).mapToInt(p -> p.length).sum()
                != positional.names().size()) {
            throw new IllegalArgumentException(name + " has parameters " + positional.names() + ", given "
                    + java.util.Arrays.toString(parameters));
        }
    }

    /** {@code dao}'s statement {@code name} ({@code Dao/name.sql} beside it), taking {@code parameters} in this order. */
    public static FastSql of(Class<?> dao, String name, String... parameters) {
        return of(dao, name, Map.of(), parameters);
    }

    /**
     * The same, with JDBI's defined attributes ({@code <skipLocked>}) put in as {@code defines} gives
     * them, once: make one per database dialect.
     */
    public static FastSql of(Class<?> dao, String name, Map<String, String> defines, String... parameters) {
        String text = SqlFiles.read(dao, dao.getSimpleName() + "/" + name + ".sql");
        for (Map.Entry<String, String> define : defines.entrySet()) {
            text = text.replace("<" + define.getKey() + ">", define.getValue());
        }
        if (text.matches("(?s).*<[A-Za-z]+>.*")) {
            throw new IllegalArgumentException(
                    dao.getSimpleName() + "." + name + " has an attribute no define was given for");
        }
        return new FastSql(dao.getSimpleName() + "." + name, PositionalSql.of(text), parameters);
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    public int update(Tx tx, @Nullable Object... arguments) {
        return run(tx.handle(), arguments, PreparedStatement::executeUpdate);
    }

    /**
     * Runs a query, or a write with {@code RETURNING}; the first row mapped, if any. The mapper is
     * given no statement context.
     */
    public <T> Optional<T> first(Tx tx, RowMapper<T> mapper, @Nullable Object... arguments) {
        return run(tx.handle(), arguments, statement -> {
            if (!statement.execute()) {
                return Optional.empty();
            }
            try (ResultSet rs = statement.getResultSet()) {
                return rs.next() ? Optional.of(mapper.map(rs, null)) : Optional.empty();
            }
        });
    }

    /**
     * Runs an INSERT, UPDATE or DELETE once per row, as one JDBC batch: the rows a transaction deferred (its order
     * events, audit entries, outbox messages). {@code arguments} gives each row's arguments in the order of the
     * names. JDBI's batch builds its binders and a configuration copy per call, which on PostgreSQL (a batch of
     * one or two rows per delivery) cost more of the store's CPU than the driver's work.
     */
    public <T> void batch(Tx tx, List<T> rows, Function<T, @Nullable Object[]> arguments) {
        if (rows.isEmpty()) {
            return;
        }
        run(tx.handle(), null, statement -> {
            for (T row : rows) {
                bind(statement, arguments.apply(row));
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    private interface Work<R> {
        R on(PreparedStatement statement) throws SQLException;
    }

    /** {@code arguments} null: {@code work} binds them itself. */
    private <R> R run(org.jdbi.v3.core.Handle h, @Nullable Object @Nullable [] arguments, Work<R> work) {
        Connection connection = h.getConnection();
        StatementCache cache = h.getStatementBuilder() instanceof StatementCache c ? c : null;
        try {
            PreparedStatement statement =
                    cache != null ? cache.borrow(connection, sql) : connection.prepareStatement(sql);
            try {
                if (arguments != null) {
                    bind(statement, arguments);
                }
                return work.on(statement);
            } finally {
                if (cache != null) {
                    cache.close(connection, sql, statement);
                } else {
                    statement.close();
                }
            }
        } catch (SQLException e) {
            throw Database.statementFailed(name, e);
        }
    }

    private void bind(PreparedStatement statement, @Nullable Object[] arguments) throws SQLException {
        if (arguments.length != places.length) {
            throw new IllegalArgumentException(
                    name + " takes " + places.length + " arguments, given " + arguments.length);
        }
        for (int i = 0; i < arguments.length; i++) {
            Object value = arguments[i];
            for (int place : places[i]) {
                if (value == null) {
                    statement.setNull(place, Types.NULL);
                } else if (value instanceof Long l) {
                    statement.setLong(place, l);
                } else if (value instanceof Integer n) {
                    statement.setInt(place, n);
                } else if (value instanceof String s) {
                    statement.setString(place, s);
                } else {
                    throw new IllegalArgumentException(
                            name + ": no binding for " + value.getClass().getName());
                }
            }
        }
    }
}

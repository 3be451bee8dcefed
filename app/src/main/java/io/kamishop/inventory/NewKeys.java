package io.kamishop.inventory;

import io.kamishop.db.Database;
import io.kamishop.db.Dialect;
import io.kamishop.db.PositionalSql;
import io.kamishop.db.SqlFiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Inserts one import batch through plain JDBC: one prepared statement, one {@code executeBatch}.
 * Through a JDBI {@code @SqlBatch} every row paid for JDBI's per-argument binding (qualified types,
 * customizers, argument factories): an eighth of the import writer's time (wall profile, 200k keys),
 * and the writer thread is what limits an import.
 *
 * <p>The batch comes sorted by fingerprint (see {@link KeyBatch#sortByFingerprint}), but keys are sold
 * oldest id first and a merchant's upload order is kept: each key gets, explicitly, the id it would have
 * had inserted in upload order, from a range of ids taken for the batch.
 */
final class NewKeys {

    private static final PositionalSql INSERT = PositionalSql.of(SqlFiles.read(NewKeys.class, "NewKeys/insert.sql"));
    private static final String LAST_ID_SQLITE = SqlFiles.read(NewKeys.class, "NewKeys/lastId-sqlite.sql");
    private static final PositionalSql LOCK_PRODUCT_POSTGRESQL =
            PositionalSql.of(SqlFiles.read(NewKeys.class, "NewKeys/lockProduct-postgresql.sql"));
    private static final PositionalSql NEXT_IDS_POSTGRESQL =
            PositionalSql.of(SqlFiles.read(NewKeys.class, "NewKeys/nextIds-postgresql.sql"));
    private static final int[] ID = INSERT.at("id");
    private static final int[] PRODUCT_ID = INSERT.at("productId");
    private static final int[] FINGERPRINT = INSERT.at("fingerprint");
    private static final int[] SEALED = INSERT.at("sealed");
    private static final int[] NOW = INSERT.at("now");

    private NewKeys() {}

    /** Inserts the batch's keys; returns how many were new (the rest are duplicates). */
    static long insert(Connection connection, Dialect dialect, long productId, KeyBatch batch, long now) {
        try {
            if (!dialect.singleWriter()) {
                try (PreparedStatement lock = connection.prepareStatement(LOCK_PRODUCT_POSTGRESQL.text())) {
                    setLong(lock, LOCK_PRODUCT_POSTGRESQL.at("productId"), productId);
                    lock.executeQuery().close();
                }
            }
            long[] ids = reserveIds(connection, dialect, batch.size());
            try (PreparedStatement insert = connection.prepareStatement(INSERT.text())) {
                for (int i = 0; i < batch.size(); i++) {
                    setLong(insert, ID, ids[batch.position(i)]);
                    setLong(insert, PRODUCT_ID, productId);
                    for (int place : FINGERPRINT) {
                        insert.setBytes(place, batch.fingerprint(i));
                    }
                    for (int place : SEALED) {
                        insert.setBytes(place, batch.sealed(i));
                    }
                    setLong(insert, NOW, now);
                    insert.addBatch();
                }
                long stored = 0;
                for (int count : insert.executeBatch()) {
                    stored += count > 0 ? 1 : 0;
                }
                return stored;
            }
        } catch (SQLException e) {
            // A JDBI exception, as the DAO threw: Database.write then discards a write connection the database broke.
            throw Database.statementFailed("storing imported keys failed", e);
        }
    }

    /** {@code count} fresh card-key ids, ascending, for this transaction alone. */
    static long[] reserveIds(Connection connection, Dialect dialect, int count) throws SQLException {
        long[] ids = new long[count];
        if (dialect.singleWriter()) {
            // SQLite: this transaction holds the one write lock, so the ids after the last one are free.
            long last;
            try (PreparedStatement query = connection.prepareStatement(LAST_ID_SQLITE);
                    ResultSet rs = query.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
            }
            for (int i = 0; i < count; i++) {
                ids[i] = last + 1 + i;
            }
            return ids;
        }
        try (PreparedStatement query = connection.prepareStatement(NEXT_IDS_POSTGRESQL.text())) {
            setLong(query, NEXT_IDS_POSTGRESQL.at("count"), count);
            try (ResultSet rs = query.executeQuery()) {
                for (int i = 0; i < count; i++) {
                    rs.next();
                    ids[i] = rs.getLong(1);
                }
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    private static void setLong(PreparedStatement statement, int[] places, long value) throws SQLException {
        for (int place : places) {
            statement.setLong(place, value);
        }
    }
}

package io.kamishop.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.IntStream;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The failure the store guards against, reproduced on purpose: key delivery the way the popular PHP
 * shops do it (see docs FEATURES.md, "select, then update"): read an available key, then mark it
 * sold, with no reservation and no conditional update. Many payments at once, and two of them read
 * the same key before either marks it. Counts the keys handed to more than one order.
 */
final class NaiveRace {

    private NaiveRace() {}

    /** Result: deliveries made, distinct keys among them, and keys delivered more than once. */
    record Outcome(int deliveries, int distinctKeys, int duplicatedKeys) {}

    static Outcome run(Path dir, int keys, int threads) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("naive.db"));
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE card_keys (id INTEGER PRIMARY KEY, code TEXT NOT NULL, status TEXT NOT NULL, order_id INTEGER)");
            s.executeUpdate("CREATE TABLE deliveries (order_id INTEGER NOT NULL, key_id INTEGER NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO card_keys (code, status) VALUES (?, 'available')")) {
                for (int i = 0; i < keys; i++) {
                    insert.setString(1, "KEY-" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        java.util.concurrent.atomic.AtomicLong orderNo = new java.util.concurrent.atomic.AtomicLong();
        // Each thread pays orders until the shop believes it is sold out.
        Load.closedLoop(threads, IntStream.range(0, threads).boxed().toList(), t -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement pick = c.prepareStatement(
                            "SELECT id FROM card_keys WHERE status = 'available' ORDER BY id LIMIT 1");
                    PreparedStatement mark =
                            c.prepareStatement("UPDATE card_keys SET status = 'sold', order_id = ? WHERE id = ?");
                    PreparedStatement deliver =
                            c.prepareStatement("INSERT INTO deliveries (order_id, key_id) VALUES (?, ?)")) {
                while (true) {
                    long keyId;
                    try (ResultSet rs = pick.executeQuery()) {
                        if (!rs.next()) {
                            return true;
                        }
                        keyId = rs.getLong(1);
                    }
                    long order = orderNo.incrementAndGet();
                    c.setAutoCommit(false);
                    mark.setLong(1, order);
                    mark.setLong(2, keyId);
                    mark.executeUpdate();
                    deliver.setLong(1, order);
                    deliver.setLong(2, keyId);
                    deliver.executeUpdate();
                    c.commit();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                     SELECT COUNT(*), COUNT(DISTINCT key_id),
                            (SELECT COUNT(*) FROM (SELECT key_id FROM deliveries GROUP BY key_id HAVING COUNT(*) > 1))
                     FROM deliveries""")) {
            rs.next();
            return new Outcome(rs.getInt(1), rs.getInt(2), rs.getInt(3));
        }
    }
}

package io.kamishop.bench;

import io.kamishop.db.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The ceiling for delivery throughput: the store's delivery transaction (read the order, record the
 * notification, pending to paid to delivered with an event each, keys reserved to sold) written
 * directly in JDBC against a SQLite file with the store's schema (its own Flyway migrations) and the
 * store's pragmas (WAL, synchronous FULL, IMMEDIATE transactions), one transaction per delivery,
 * many threads.
 *
 * <p>The threads queue on a JVM lock before BEGIN, as the store does. Without it they would meet
 * SQLite's busy handler, which sleeps 1 to 100 ms between retries: the ceiling would be lower and the
 * ratio flattering.
 */
final class RawCeiling {

    private RawCeiling() {}

    static Load.Result run(Path dir, int deliveries, int threads) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("raw.db");
        Database.open(url).close(); // the store's own migrations make the schema
        SQLiteDataSource dataSource = dataSource(url);
        List<Long> orderIds = seed(dataSource::getConnection, deliveries);
        ReentrantLock writeLock = new ReentrantLock(true);
        ThreadLocal<Delivery> perThread =
                ThreadLocal.withInitial(() -> new Delivery(open(dataSource::getConnection), false));
        return Load.closedLoop(threads, orderIds, orderId -> {
            Delivery delivery = perThread.get();
            writeLock.lock();
            try {
                return delivery.deliver(orderId);
            } finally {
                writeLock.unlock();
            }
        });
    }

    /**
     * The same transaction on PostgreSQL, in a fresh schema made by the store's migrations. No JVM
     * lock: PostgreSQL commits concurrent transactions in parallel, as the store lets it. The
     * {@code threads} callers share {@code connections} connections (the store's pool is 16 per node),
     * so the ceiling has the concurrency the store has at the database.
     */
    static Load.Result runPostgres(String url, int deliveries, int threads, int connections) throws Exception {
        return runPostgres(url, deliveries, threads, connections, false);
    }

    /**
     * As above; with {@code auditChain}, each delivery also appends its two entries to the audit hash
     * chain as the store does (the head row moved by two, two rows, the head's hash) just before
     * COMMIT. Not the ceiling: the diagnosis of the gap between the ceiling and the store.
     */
    static Load.Result runPostgres(String url, int deliveries, int threads, int connections, boolean auditChain)
            throws Exception {
        Database.open(url).close();
        List<Long> orderIds = seed(() -> java.sql.DriverManager.getConnection(url), deliveries);
        java.util.concurrent.BlockingQueue<Delivery> pool = new java.util.concurrent.ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            pool.add(new Delivery(open(() -> java.sql.DriverManager.getConnection(url)), auditChain));
        }
        try {
            return Load.closedLoop(threads, orderIds, orderId -> {
                Delivery delivery;
                try {
                    delivery = pool.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                try {
                    return delivery.deliver(orderId);
                } finally {
                    pool.add(delivery);
                }
            });
        } finally {
            for (Delivery d : pool) {
                d.c.close();
            }
        }
    }

    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static Connection open(ConnectionSource source) {
        try {
            return source.get();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static SQLiteDataSource dataSource(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    /** One product, one reserved key per pending order: the state the store is in when payments arrive. */
    private static List<Long> seed(ConnectionSource dataSource, int orders) throws SQLException {
        SecureRandom random = new SecureRandom();
        long now = System.currentTimeMillis();
        List<Long> ids = new ArrayList<>(orders);
        try (Connection c = dataSource.get()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(
                        "INSERT INTO products (name, price, currency, created_at, updated_at) VALUES ('raw', 100, 'CNY', "
                                + now + ", " + now + ")");
            }
            try (PreparedStatement order = c.prepareStatement("""
                    INSERT INTO orders (order_no, product_id, product_name, quantity, unit_price, amount, currency, email, channel,
                                        status, lookup_token_hash, buyer_ip, created_at, expires_at, updated_at)
                    VALUES (?, (SELECT MAX(id) FROM products), 'raw', 1, 100, 100, 'CNY', 'buyer@example.com', 'sandbox', 'pending', ?, '127.0.0.1', ?, ?, ?)
                    RETURNING id""");
                    PreparedStatement key = c.prepareStatement("""
                    INSERT INTO card_keys (product_id, fingerprint, sealed, status, order_id, created_at, updated_at)
                    VALUES ((SELECT MAX(id) FROM products), ?, ?, 'reserved', ?, ?, ?)""")) {
                byte[] sealed = new byte[1 + 12 + 20 + 16];
                for (int i = 0; i < orders; i++) {
                    order.setString(1, "RAW" + i);
                    order.setString(2, HexFormat.of().formatHex(randomBytes(random, 32)));
                    order.setLong(3, now);
                    order.setLong(4, now + 3_600_000);
                    order.setLong(5, now);
                    long id;
                    try (ResultSet keys = order.executeQuery()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    random.nextBytes(sealed);
                    key.setBytes(1, randomBytes(random, 32));
                    key.setBytes(2, sealed);
                    key.setLong(3, id);
                    key.setLong(4, now);
                    key.setLong(5, now);
                    key.executeUpdate();
                    ids.add(id);
                }
            }
            c.commit();
        }
        return ids;
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One connection with its prepared statements, used by one thread. */
    private static final class Delivery {
        private final Connection c;
        private final PreparedStatement readOrder;
        private final PreparedStatement recordNotification;
        private final PreparedStatement move;
        private final PreparedStatement event;
        private final PreparedStatement sell;
        private final PreparedStatement outcome;
        private final PreparedStatement auditReserve;
        private final PreparedStatement auditInsert;
        private final PreparedStatement auditHead;

        Delivery(Connection connection, boolean auditChain) {
            try {
                c = connection;
                auditReserve = auditChain
                        ? c.prepareStatement("UPDATE audit_head SET seq = seq + 2 WHERE id = 1 RETURNING seq, hash")
                        : null;
                auditInsert = auditChain ? c.prepareStatement("""
                        INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, 'system', ?, ?, '', ?, ?)""") : null;
                auditHead = auditChain ? c.prepareStatement("UPDATE audit_head SET hash = ? WHERE id = 1") : null;
                readOrder = c.prepareStatement("SELECT * FROM orders WHERE id = ?");
                recordNotification = c.prepareStatement("""
                        INSERT INTO payment_notifications (channel, trade_no, order_id, kind, amount, currency, outcome, received_at)
                        VALUES ('sandbox', ?, ?, 'paid', 100, 'CNY', 'received', ?) ON CONFLICT (channel, trade_no) DO NOTHING""");
                move = c.prepareStatement("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?");
                event = c.prepareStatement(
                        "INSERT INTO order_events (order_id, kind, from_status, to_status, detail, at) VALUES (?, ?, ?, ?, ?, ?)");
                sell = c.prepareStatement(
                        "UPDATE card_keys SET status = 'sold', updated_at = ? WHERE order_id = ? AND status = 'reserved'");
                outcome = c.prepareStatement(
                        "UPDATE payment_notifications SET outcome = 'delivered' WHERE channel = 'sandbox' AND trade_no = ?");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean deliver(long orderId) {
            long now = System.currentTimeMillis();
            String tradeNo = "T" + orderId;
            try {
                // As JDBI does it: BEGIN (IMMEDIATE) here, back to autocommit after. Left in manual mode,
                // sqlite-jdbc would BEGIN the next transaction right after COMMIT and hold the write lock.
                c.setAutoCommit(false);
                readOrder.setLong(1, orderId);
                try (ResultSet rs = readOrder.executeQuery()) {
                    if (!rs.next() || !rs.getString("status").equals("pending")) {
                        c.rollback();
                        c.setAutoCommit(true);
                        return false;
                    }
                }
                recordNotification.setString(1, tradeNo);
                recordNotification.setLong(2, orderId);
                recordNotification.setLong(3, now);
                boolean ok = recordNotification.executeUpdate() == 1
                        && move(orderId, "pending", "paid", now)
                        && event(orderId, "paid", "pending", "paid", now)
                        && sell(orderId, now)
                        && move(orderId, "paid", "delivered", now)
                        && event(orderId, "delivered", "paid", "delivered", now);
                if (!ok) {
                    c.rollback();
                    c.setAutoCommit(true);
                    return false;
                }
                outcome.setString(1, tradeNo);
                outcome.executeUpdate();
                if (auditReserve != null) {
                    appendAudit(orderId, now);
                }
                c.commit();
                c.setAutoCommit(true);
                return true;
            } catch (SQLException e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is broken; the failure is counted
                }
                throw new IllegalStateException(e);
            }
        }

        private void appendAudit(long orderId, long now) throws SQLException {
            long seq;
            String prev;
            try (ResultSet head = auditReserve.executeQuery()) {
                head.next();
                seq = head.getLong(1) - 2;
                prev = head.getString(2);
            }
            for (String action : new String[] {"order.paid", "order.delivered"}) {
                String hash = sha256Hex(prev + seq + action + orderId);
                auditInsert.setLong(1, ++seq);
                auditInsert.setLong(2, now);
                auditInsert.setString(3, action);
                auditInsert.setString(4, "RAW" + orderId);
                auditInsert.setString(5, prev);
                auditInsert.setString(6, hash);
                auditInsert.executeUpdate();
                prev = hash;
            }
            auditHead.setString(1, prev);
            auditHead.executeUpdate();
        }

        /** The chain's link (the store uses an HMAC; the cost is alike and not what this measures). */
        private static String sha256Hex(String text) {
            try {
                return HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private boolean move(long orderId, String from, String to, long now) throws SQLException {
            move.setString(1, to);
            move.setLong(2, now);
            move.setLong(3, orderId);
            move.setString(4, from);
            return move.executeUpdate() == 1;
        }

        private boolean event(long orderId, String kind, String from, String to, long now) throws SQLException {
            event.setLong(1, orderId);
            event.setString(2, kind);
            event.setString(3, from);
            event.setString(4, to);
            event.setString(5, "sandbox trade T" + orderId);
            event.setLong(6, now);
            return event.executeUpdate() == 1;
        }

        private boolean sell(long orderId, long now) throws SQLException {
            sell.setLong(1, now);
            sell.setLong(2, orderId);
            return sell.executeUpdate() == 1;
        }
    }
}

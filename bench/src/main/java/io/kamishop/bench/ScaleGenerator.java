package io.kamishop.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a SQLite store big, fast: writes orders, keys, order events, payment notifications and an
 * audit trail straight into the store's own schema (made by its migrations when it first ran) while
 * the store is stopped. Batched prepared statements, one transaction per 50,000 orders,
 * {@code synchronous=OFF} (a crash here only loses a scratch store).
 *
 * <p>The shape: orders spread evenly over the last 365 days, ids rising with time as the store gives
 * them; 72% delivered, 18% expired, 5% cancelled, 3% refunded, 2% pending (not yet due, so the
 * sweeper leaves them); 20,000 distinct buyer e-mails. Ten keys per order on one product: one sold
 * per delivered or refunded order, one reserved per pending order, the rest available. Key
 * fingerprints rise with the id (a counter in the first 8 bytes): the UNIQUE (product, fingerprint)
 * index is then filled in order, and a lookup in it costs the same as with keyed hashes. The sealed
 * bytes are random (never opened: no order of the bulk product is looked up). Audit entries carry
 * placeholder hashes, so {@code /api/admin/audit/verify} reports the generated part as broken.
 */
final class ScaleGenerator {

    /** What the measurements look for in the big store. */
    record Samples(String orderNo, String email, long middleOrderId, long middleCreatedAt) {}

    private static final int BATCH = 50_000;
    private static final long YEAR_MS = 365L * 24 * 3600 * 1000;

    /** The store's database: an SQLite file or a PostgreSQL schema ({@code currentSchema} in the URL). */
    private final String url;

    private final boolean sqlite;
    private final long product;
    private final int orders;
    private final int keysPerOrder;
    private final SplittableRandom random = new SplittableRandom(29);

    ScaleGenerator(Path db, long product, int orders, int keysPerOrder) {
        this("jdbc:sqlite:" + db, product, orders, keysPerOrder);
    }

    /**
     * On PostgreSQL the store must be stopped too; its triggers (key counts, sales slices) run on the batches as
     * on any insert, the audit trail is left out (PostgreSQL chains it after each commit, from rows this does not
     * write) and the identity sequences are moved past the ids written here.
     */
    ScaleGenerator(String url, long product, int orders, int keysPerOrder) {
        this.url = url;
        this.sqlite = url.startsWith("jdbc:sqlite:");
        this.product = product;
        this.orders = orders;
        this.keysPerOrder = keysPerOrder;
    }

    Samples generate() throws SQLException {
        long now = System.currentTimeMillis();
        long start = now - YEAR_MS;
        String middleNo = null;
        long middleId = 0;
        long middleAt = 0;
        try (Connection c = DriverManager.getConnection(url)) {
            if (sqlite) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA synchronous=OFF");
                    s.execute("PRAGMA cache_size=-500000");
                    s.execute("PRAGMA foreign_keys=OFF");
                }
            }
            c.setAutoCommit(false);
            long firstId = nextId(c, "orders");
            long keyId = nextId(c, "card_keys");
            long auditSeq;
            String prevHash;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
                rs.next();
                auditSeq = rs.getLong(1);
                prevHash = rs.getString(2);
            }
            try (PreparedStatement order = c.prepareStatement("""
                    INSERT INTO orders (id, order_no, product_id, product_name, quantity, unit_price, amount, currency, email, channel,
                                        status, lookup_token_hash, buyer_ip, gateway_ref, created_at, expires_at, updated_at)
                    VALUES (?, ?, ?, 'Bulk key', 1, 100, 100, 'CNY', ?, 'sandbox', ?, ?, '203.0.113.7', ?, ?, ?, ?)""");
                    PreparedStatement key = c.prepareStatement("""
                    INSERT INTO card_keys (id, product_id, fingerprint, sealed, status, order_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
                    PreparedStatement event = c.prepareStatement("""
                    INSERT INTO order_events (order_id, kind, from_status, to_status, detail, at) VALUES (?, ?, ?, ?, '', ?)""");
                    PreparedStatement notification = c.prepareStatement("""
                    INSERT INTO payment_notifications (channel, trade_no, order_id, kind, amount, currency, outcome, received_at)
                    VALUES ('sandbox', ?, ?, 'paid', 100, 'CNY', 'delivered', ?)""");
                    PreparedStatement audit = c.prepareStatement("""
                    INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < orders; i++) {
                    long id = firstId + i;
                    long at = start + (long) ((double) i / orders * (YEAR_MS - 3_600_000L));
                    int roll = random.nextInt(100);
                    String status = roll < 72
                            ? "delivered"
                            : roll < 90 ? "expired" : roll < 95 ? "cancelled" : roll < 98 ? "refunded" : "pending";
                    boolean pending = status.equals("pending");
                    boolean sold = status.equals("delivered") || status.equals("refunded");
                    String orderNo = "G" + (100_000_000L + i);
                    String email = "buyer" + random.nextInt(20_000) + "@example.com";
                    long expires = pending ? now + 3_600_000L + random.nextInt(3_600_000) : at + 900_000L;
                    order.setLong(1, id);
                    order.setString(2, orderNo);
                    order.setLong(3, product);
                    order.setString(4, email);
                    order.setString(5, status);
                    order.setString(6, hex(32));
                    order.setString(7, sold ? "T-" + orderNo : null);
                    order.setLong(8, pending ? now - random.nextInt(600_000) : at);
                    order.setLong(9, expires);
                    order.setLong(10, at);
                    order.addBatch();
                    if (i == orders / 2) {
                        middleNo = orderNo;
                        middleId = id;
                        middleAt = at;
                    }
                    event.setLong(1, id);
                    event.setString(2, "created");
                    event.setString(3, null);
                    event.setString(4, "pending");
                    event.setLong(5, at);
                    event.addBatch();
                    if (!pending) {
                        event.setLong(1, id);
                        event.setString(2, status);
                        event.setString(3, "pending");
                        event.setString(4, status);
                        event.setLong(5, at + 60_000);
                        event.addBatch();
                    }
                    if (sold) {
                        notification.setString(1, "T-" + orderNo);
                        notification.setLong(2, id);
                        notification.setLong(3, at + 30_000);
                        notification.addBatch();
                    }
                    for (int k = 0; k < keysPerOrder; k++) {
                        long kid = keyId++;
                        // New arrays per row: the driver keeps a reference to a bound array until the batch runs.
                        byte[] fingerprint = new byte[32];
                        byte[] sealed = new byte[60];
                        ByteBuffer.wrap(fingerprint).putLong(kid);
                        for (int b = 8; b < 32; b += 8) {
                            ByteBuffer.wrap(fingerprint, b, 8).putLong(random.nextLong());
                        }
                        fill(sealed);
                        String keyStatus = k == 0 && sold ? "sold" : k == 0 && pending ? "reserved" : "available";
                        key.setLong(1, kid);
                        key.setLong(2, product);
                        key.setBytes(3, fingerprint);
                        key.setBytes(4, sealed);
                        key.setString(5, keyStatus);
                        if (keyStatus.equals("available")) {
                            key.setNull(6, java.sql.Types.BIGINT);
                        } else {
                            key.setLong(6, id);
                        }
                        key.setLong(7, at);
                        key.setLong(8, at);
                        key.addBatch();
                    }
                    // The audit trail that goes with it: a key import per 10,000 keys, each refund, some sign-ins.
                    if (sqlite && (i % (10_000 / keysPerOrder) == 0 || status.equals("refunded") || i % 500 == 0)) {
                        String action =
                                status.equals("refunded") ? "order.refund" : i % 500 == 0 ? "login" : "keys.import";
                        String hash = hex(32);
                        audit.setLong(1, ++auditSeq);
                        audit.setLong(2, at);
                        audit.setString(3, "user:bench-admin");
                        audit.setString(4, action);
                        audit.setString(5, action.equals("order.refund") ? "order " + orderNo : "product " + product);
                        audit.setString(6, action.equals("keys.import") ? "10000 keys" : "");
                        audit.setString(7, prevHash);
                        audit.setString(8, hash);
                        audit.addBatch();
                        prevHash = hash;
                    }
                    if ((i + 1) % BATCH == 0 || i == orders - 1) {
                        order.executeBatch();
                        event.executeBatch();
                        notification.executeBatch();
                        key.executeBatch();
                        audit.executeBatch();
                        c.commit();
                    }
                }
                if (sqlite) {
                    try (PreparedStatement head =
                            c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                        head.setLong(1, auditSeq);
                        head.setString(2, prevHash);
                        head.executeUpdate();
                    }
                } else {
                    try (Statement s = c.createStatement()) {
                        for (String table : List.of("orders", "card_keys", "order_events", "payment_notifications")) {
                            s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                                    + "(SELECT MAX(id) FROM " + table + "))");
                        }
                    }
                }
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
                if (sqlite) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        }
        return new Samples(middleNo, "buyer4242@example.com", middleId, middleAt);
    }

    /**
     * {@code count} pending orders of one key each, written straight into a running PostgreSQL store's schema as a
     * placement writes them (the order, its {@code created} event, one of the product's available keys reserved to
     * it), in one transaction of a few set-based statements: seconds for 40,000 orders, where buying them over HTTP
     * took minutes. For benchmarks that measure paying orders, not placing them ({@code bench --pg}); nothing else may
     * place orders of the product meanwhile. Ids come from the store's own sequences; the orders expire in six hours,
     * so no sweeper touches them during a run. Returns the order numbers, in id order.
     */
    static List<String> pendingOrders(String url, long product, int count) throws SQLException {
        long now = System.currentTimeMillis();
        String prefix = "P" + Long.toString(now, 36) + "-";
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement orders = c.prepareStatement("""
                    INSERT INTO orders (order_no, product_id, product_name, quantity, unit_price, amount, currency, email,
                                        channel, status, lookup_token_hash, buyer_ip, created_at, expires_at, updated_at)
                    SELECT ? || i, p.id, p.name, 1, p.price, p.price, p.currency, 'buyer' || (i % 20000) || '@example.com',
                           'sandbox', 'pending', md5(i::text) || md5(p.id::text), '203.0.113.7', ?, ?, ?
                    FROM products p, generate_series(1, ?) AS i WHERE p.id = ?""");
                    PreparedStatement events = c.prepareStatement("""
                    INSERT INTO order_events (order_id, kind, from_status, to_status, detail, at)
                    SELECT id, 'created', NULL, 'pending', '', created_at FROM orders WHERE order_no LIKE ? || '%'""");
                    PreparedStatement keys = c.prepareStatement("""
                    WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM orders WHERE order_no LIKE ? || '%'),
                         k AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM card_keys
                               WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT ?)
                    UPDATE card_keys c SET status = 'reserved', order_id = o.id, updated_at = ?
                    FROM o JOIN k ON o.n = k.n WHERE c.id = k.id""");
                    PreparedStatement numbers = c.prepareStatement(
                            "SELECT order_no FROM orders WHERE order_no LIKE ? || '%' ORDER BY id")) {
                orders.setString(1, prefix);
                orders.setLong(2, now);
                orders.setLong(3, now + 6 * 3_600_000L);
                orders.setLong(4, now);
                orders.setInt(5, count);
                orders.setLong(6, product);
                if (orders.executeUpdate() != count) {
                    throw new IllegalStateException("product " + product + " not found");
                }
                events.setString(1, prefix);
                events.executeUpdate();
                keys.setString(1, prefix);
                keys.setLong(2, product);
                keys.setInt(3, count);
                keys.setLong(4, now);
                int held = keys.executeUpdate();
                if (held != count) {
                    throw new IllegalStateException("only " + held + " available keys for " + count + " orders");
                }
                numbers.setString(1, prefix);
                List<String> placed = new java.util.ArrayList<>(count);
                try (ResultSet rs = numbers.executeQuery()) {
                    while (rs.next()) {
                        placed.add(rs.getString(1));
                    }
                }
                c.commit();
                try (Statement s = c.createStatement()) {
                    c.setAutoCommit(true);
                    s.execute("ANALYZE orders");
                    s.execute("ANALYZE card_keys");
                }
                return placed;
            }
        }
    }

    private static long nextId(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void fill(byte[] bytes) {
        for (int i = 0; i + 8 <= bytes.length; i += 8) {
            ByteBuffer.wrap(bytes, i, 8).putLong(random.nextLong());
        }
    }

    private String hex(int n) {
        byte[] bytes = new byte[n];
        fill8(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void fill8(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
    }
}

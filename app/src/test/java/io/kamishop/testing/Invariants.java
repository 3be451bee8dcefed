package io.kamishop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import java.util.List;
import java.util.Map;

/**
 * The promises the store makes, checked straight against the database, so any suite (race, crash,
 * multi-node) can assert them after whatever it did.
 */
public final class Invariants {

    private Invariants() {
    }

    /** available + reserved + sold equals every key imported, for each product. */
    public static void stockAddsUp(Database db, long productId, long imported) {
        Map<String, Long> counts = db.read(h -> h.createQuery(
                        "SELECT status, COUNT(*) AS n FROM card_keys WHERE product_id = :p GROUP BY status")
                .bind("p", productId)
                .reduceRows(new java.util.HashMap<String, Long>(), (m, row) -> {
                    m.put(row.getColumn("status", String.class), row.getColumn("n", Long.class));
                    return m;
                }));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).as("available + reserved + sold of product %d (%s)", productId, counts).isEqualTo(imported);
    }

    /** No key is held by or sold to two orders, and every held key belongs to a live order of the right size. */
    public static void noKeyInTwoOrders(Database db) {
        // A key row has one order_id column, so the real risk is an order holding the wrong count.
        List<Map<String, Object>> wrong = db.read(h -> h.createQuery("""
                SELECT o.order_no, o.status, o.quantity, COUNT(k.id) AS held
                FROM orders o LEFT JOIN card_keys k ON k.order_id = o.id
                GROUP BY o.id, o.order_no, o.status, o.quantity
                HAVING (o.status IN ('pending', 'paid', 'delivered') AND COUNT(k.id) <> o.quantity)
                    OR (o.status IN ('expired', 'cancelled') AND COUNT(k.id) <> 0)
                """).mapToMap().list());
        assertThat(wrong).as("orders whose held or sold keys do not match their status and quantity").isEmpty();
        long duplicatedFingerprints = db.read(h -> h.createQuery(
                "SELECT COUNT(*) FROM (SELECT product_id, fingerprint FROM card_keys GROUP BY product_id, fingerprint HAVING COUNT(*) > 1) d")
                .mapTo(Long.class).one());
        assertThat(duplicatedFingerprints).as("keys stored twice").isZero();
    }

    /** Every delivered order has exactly its quantity of sold keys. */
    public static void deliveredOrdersHaveTheirKeys(Database db) {
        long bad = db.read(h -> h.createQuery("""
                SELECT COUNT(*) FROM orders o
                WHERE o.status = 'delivered'
                  AND o.quantity <> (SELECT COUNT(*) FROM card_keys k WHERE k.order_id = o.id AND k.status = 'sold')
                """).mapTo(Long.class).one());
        assertThat(bad).as("delivered orders without exactly their keys").isZero();
    }

    public static void all(Database db, long productId, long imported) {
        stockAddsUp(db, productId, imported);
        noKeyInTwoOrders(db);
        deliveredOrdersHaveTheirKeys(db);
    }
}

package io.kamishop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import java.util.List;
import java.util.Map;

/**
 * The promises the store makes, checked straight against the database, so any suite (race, crash,
 * multi-node) can assert them after whatever it did.
 */
public final class Invariants {

    private Invariants() {}

    /** available + reserved + sold equals every key imported, for each product. */
    public static void stockAddsUp(Database db, long productId, long imported) {
        Map<String, Long> counts = db.read(tx -> Handles.of(tx)
                .createQuery("SELECT status, COUNT(*) AS n FROM card_keys WHERE product_id = :p GROUP BY status")
                .bind("p", productId)
                .reduceRows(new java.util.HashMap<String, Long>(), (m, row) -> {
                    m.put(row.getColumn("status", String.class), row.getColumn("n", Long.class));
                    return m;
                }));
        // Keys sold to orders that were archived left card_keys for archived_keys (issue 28's order archive).
        long archived = db.read(tx -> Handles.of(tx)
                .createQuery("SELECT COUNT(*) FROM archived_keys WHERE product_id = :p")
                .bind("p", productId)
                .mapTo(Long.class)
                .one());
        long total = counts.values().stream().mapToLong(Long::longValue).sum() + archived;
        assertThat(total)
                .as(
                        "available + reserved + sold + archived of product %d (%s, archived %d)",
                        productId, counts, archived)
                .isEqualTo(imported);
    }

    /**
     * No key is held by or sold to two orders, and every held key belongs to a live order of the right
     * size. Checked for card-key products; the other kinds hold units instead ({@link #unitsAddUp}).
     */
    public static void noKeyInTwoOrders(Database db) {
        // A key row has one order_id column, so the real risk is an order holding the wrong count.
        List<Map<String, Object>> wrong =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT o.order_no, o.status, o.quantity, COUNT(k.id) AS held
                FROM orders o LEFT JOIN card_keys k ON k.order_id = o.id
                WHERE NOT EXISTS (SELECT 1 FROM product_kinds pk WHERE pk.product_id = o.product_id AND pk.kind <> 'keys')
                GROUP BY o.id, o.order_no, o.status, o.quantity
                HAVING (o.status IN ('pending', 'paid', 'delivered') AND COUNT(k.id) <> o.quantity)
                    OR (o.status IN ('expired', 'cancelled') AND COUNT(k.id) <> 0)
                """).mapToMap().list());
        assertThat(wrong)
                .as("orders whose held or sold keys do not match their status and quantity")
                .isEmpty();
        long duplicatedFingerprints = db.read(tx -> Handles.of(tx)
                .createQuery(
                        "SELECT COUNT(*) FROM (SELECT product_id, fingerprint FROM card_keys GROUP BY product_id, fingerprint HAVING COUNT(*) > 1) d")
                .mapTo(Long.class)
                .one());
        assertThat(duplicatedFingerprints).as("keys stored twice").isZero();
    }

    /** Every delivered order of card keys or generated keys has exactly its quantity of sold keys. */
    public static void deliveredOrdersHaveTheirKeys(Database db) {
        long bad =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT COUNT(*) FROM orders o
                WHERE o.status = 'delivered'
                  AND NOT EXISTS (SELECT 1 FROM product_kinds pk WHERE pk.product_id = o.product_id
                                  AND pk.kind NOT IN ('keys', 'generated'))
                  AND o.quantity <> (SELECT COUNT(*) FROM card_keys k WHERE k.order_id = o.id AND k.status = 'sold')
                """).mapTo(Long.class).one());
        assertThat(bad).as("delivered orders without exactly their keys").isZero();
    }

    /**
     * For the unit kinds (shared, file, manual, generated): each product's units taken equal what its
     * orders hold or bought, never more than its cap, and each order's hold matches its status.
     */
    public static void unitsAddUp(Database db) {
        List<Map<String, Object>> wrongTotals =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT pk.product_id, pk.units_taken, pk.max_units,
                       (SELECT COALESCE(SUM(u.quantity), 0) FROM unit_holds u
                        WHERE u.product_id = pk.product_id AND u.status IN ('held', 'sold')) AS counted
                FROM product_kinds pk WHERE pk.kind <> 'keys'
                """).mapToMap().list()).stream()
                        .filter(row -> ((Number) row.get("units_taken")).longValue()
                                        != ((Number) row.get("counted")).longValue()
                                || row.get("max_units") != null
                                        && ((Number) row.get("units_taken")).longValue()
                                                > ((Number) row.get("max_units")).longValue())
                        .toList();
        assertThat(wrongTotals)
                .as("unit products whose units taken differ from their orders' holds or pass the cap")
                .isEmpty();
        List<Map<String, Object>> wrongHolds =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT o.order_no, o.status, o.quantity, u.status AS hold, u.quantity AS held
                FROM orders o JOIN product_kinds pk ON pk.product_id = o.product_id AND pk.kind <> 'keys'
                LEFT JOIN unit_holds u ON u.order_id = o.id
                WHERE u.order_id IS NULL OR u.quantity <> o.quantity
                   OR (o.status IN ('pending', 'paid') AND u.status <> 'held')
                   OR (o.status = 'delivered' AND u.status <> 'sold')
                   OR (o.status IN ('expired', 'cancelled') AND u.status <> 'released')
                """).mapToMap().list());
        assertThat(wrongHolds)
                .as("unit orders whose hold does not match their status")
                .isEmpty();
    }

    /**
     * The kept stock counters (key_counts, V540) equal a count of the keys themselves, for every
     * product and status: what the stock API and the pages show is what is on the shelf.
     */
    public static void keyCountsMatchKeys(Database db) {
        List<Map<String, Object>> kept =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT product_id, status, CAST(SUM(n) AS BIGINT) AS n FROM key_counts
                GROUP BY product_id, status HAVING SUM(n) <> 0 ORDER BY product_id, status""").mapToMap().list());
        List<Map<String, Object>> counted =
                db.read(tx -> Handles.of(tx).createQuery("""
                SELECT product_id, status, COUNT(*) AS n FROM card_keys
                GROUP BY product_id, status ORDER BY product_id, status""").mapToMap().list());
        assertThat(normalised(kept))
                .as("key_counts against COUNT(*) of card_keys")
                .isEqualTo(normalised(counted));
    }

    /**
     * The kept sales sums (sales_slices and sales_slice_groups, V600) equal a GROUP BY over the orders
     * themselves, for every status, quarter hour, product, channel and currency: what the dashboard and
     * the reports show is what the orders say.
     */
    public static void salesSlicesMatchOrders(Database db) {
        String counted = """
                SELECT status, created_at / 900000 AS slice, %s currency, COUNT(*) AS n, SUM(amount) AS amount
                FROM orders GROUP BY status, created_at / 900000, %s currency ORDER BY status, slice, %s currency""";
        String kept = """
                SELECT status, slice, %s currency, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS amount
                FROM %s GROUP BY status, slice, %s currency HAVING SUM(n) <> 0 OR SUM(amount) <> 0
                ORDER BY status, slice, %s currency""";
        String groups = "product_id, product_name, channel,";
        assertThat(sums(db, kept.formatted("", "sales_slices", "", "")))
                .as("sales_slices against a GROUP BY over orders")
                .isEqualTo(sums(db, counted.formatted("", "", "")));
        assertThat(sums(db, kept.formatted(groups, "sales_slice_groups", groups, groups)))
                .as("sales_slice_groups against a GROUP BY over orders")
                .isEqualTo(sums(db, counted.formatted(groups, groups, groups)));
    }

    private static List<String> sums(Database db, String sql) {
        return db.read(tx -> Handles.of(tx).createQuery(sql).mapToMap().list()).stream()
                .map(r -> r.values().stream()
                        .map(v -> v instanceof Number n
                                ? Long.toString(n.longValue())
                                : String.valueOf(v).strip())
                        .toList()
                        .toString())
                .toList();
    }

    private static List<String> normalised(List<Map<String, Object>> rows) {
        return rows.stream()
                .map(r -> ((Number) r.get("product_id")).longValue() + "/" + r.get("status") + "="
                        + ((Number) r.get("n")).longValue())
                .toList();
    }

    public static void all(Database db, long productId, long imported) {
        stockAddsUp(db, productId, imported);
        keyCountsMatchKeys(db);
        salesSlicesMatchOrders(db);
        noKeyInTwoOrders(db);
        deliveredOrdersHaveTheirKeys(db);
        unitsAddUp(db);
        LedgerInvariants.hold(db);
    }
}

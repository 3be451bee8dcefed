package io.kamishop.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.db.SqlFiles;
import io.kamishop.db.Tx;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.ScratchDirs;
import io.kamishop.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merchant's order search finds by order number, gateway reference, a buyer's whole e-mail,
 * part of an e-mail and status, newest first and paged by id; and each query walks an index instead
 * of reading every order (the plans are pinned on SQLite, where the store runs by default), so the
 * admin order list stays fast on a store with millions of orders (bench/run --scale).
 */
class OrderSearchTest {

    @Test
    void findsByNumberReferenceWholeEmailPartOfEmailAndStatusNewestFirstOnSqlite() throws Exception {
        try (Database db = Database.open(
                "jdbc:sqlite:" + ScratchDirs.create("order-search").resolve("s.db"))) {
            findsEverySearch(db);
        }
    }

    @PostgresTest
    @Test
    void findsTheSameOnPostgresql() {
        try (TestPostgres pg = TestPostgres.freshSchema();
                Database db = Database.open(pg.url())) {
            findsEverySearch(db);
        }
    }

    private static void findsEverySearch(Database db) {
        long product = db.write(tx -> Handles.of(tx)
                .createQuery("INSERT INTO products (name, price, currency, created_at, updated_at) "
                        + "VALUES ('P', 100, 'CNY', 1, 1) RETURNING id")
                .mapTo(Long.class)
                .one());
        // 30 orders: every third of Bob (mixed case), the others of jimbob (whose address contains Bob's).
        db.write(tx -> {
            for (int i = 1; i <= 30; i++) {
                insert(
                        tx,
                        product,
                        "N" + i,
                        i % 3 == 0 ? "Bob@Example.com" : "jimbob@example.com",
                        i % 2 == 0 ? "delivered" : "expired",
                        i == 7 ? "GW-777" : null);
            }
            return null;
        });
        OrderSearch search = new OrderSearch(db);

        assertThat(numbers(search.find(null, "N7", 50, Long.MAX_VALUE))).containsExactly("N7");
        assertThat(numbers(search.find(null, "GW-777", 50, Long.MAX_VALUE))).containsExactly("N7");
        assertThat(numbers(search.find(OrderStatus.DELIVERED, "N7", 50, Long.MAX_VALUE)))
                .isEmpty();
        // A whole address: that buyer's orders only, case-insensitively, newest first, paged by id.
        assertThat(numbers(search.find(null, "bob@example.COM", 50, Long.MAX_VALUE)))
                .containsExactly("N30", "N27", "N24", "N21", "N18", "N15", "N12", "N9", "N6", "N3");
        List<Order> firstPage = search.find(null, "bob@example.com", 4, Long.MAX_VALUE);
        assertThat(numbers(firstPage)).containsExactly("N30", "N27", "N24", "N21");
        assertThat(numbers(
                        search.find(null, "bob@example.com", 4, firstPage.get(3).id())))
                .containsExactly("N18", "N15", "N12", "N9");
        assertThat(numbers(search.find(OrderStatus.DELIVERED, "bob@example.com", 50, Long.MAX_VALUE)))
                .containsExactly("N30", "N24", "N18", "N12", "N6");
        // Part of an address: every order whose address contains it.
        assertThat(search.find(null, "bob@", 50, Long.MAX_VALUE)).hasSize(30);
        assertThat(numbers(search.find(null, "jimbob", 3, Long.MAX_VALUE))).containsExactly("N29", "N28", "N26");
        // A whole address with no order falls back to the substring match (and finds none here).
        assertThat(search.find(null, "nobody@example.com", 50, Long.MAX_VALUE)).isEmpty();
        // A % in the text is a literal, not a wildcard.
        assertThat(search.find(null, "%", 50, Long.MAX_VALUE)).isEmpty();
        // By status alone, and no filter at all: newest first, keyset pages.
        List<Order> delivered = search.find(OrderStatus.DELIVERED, null, 5, Long.MAX_VALUE);
        assertThat(numbers(delivered)).containsExactly("N30", "N28", "N26", "N24", "N22");
        assertThat(numbers(search.find(
                        OrderStatus.DELIVERED, " ", 5, delivered.get(4).id())))
                .containsExactly("N20", "N18", "N16", "N14", "N12");
        assertThat(numbers(search.find(null, "", 2, Long.MAX_VALUE))).containsExactly("N30", "N29");
    }

    @Test
    void everyIndexedSearchWalksAnIndexInsteadOfReadingEveryOrder() throws Exception {
        try (Database db = Database.open(
                "jdbc:sqlite:" + ScratchDirs.create("order-search-plan").resolve("s.db"))) {
            assertThat(plan(db, "OrderSearchDao/byStatusOnly.sql"))
                    .contains("USING INDEX orders_status_id")
                    .doesNotContain("SCAN orders");
            assertThat(plan(db, "OrderSearchDao/byEmail.sql"))
                    .contains("USING INDEX orders_email_lower_id")
                    .doesNotContain("SCAN orders");
            assertThat(plan(db, "OrderSearchDao/byIdentifier.sql"))
                    .contains("sqlite_autoindex_orders_1")
                    .contains("orders_gateway_ref")
                    .doesNotContain("SCAN orders");
            // No filter: the rowid walked backwards from :before, stopping after :limit rows.
            assertThat(plan(db, "OrderSearchDao/byStatus.sql"))
                    .contains("USING INTEGER PRIMARY KEY")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    /** SQLite's plan of a search query, its lines joined. */
    private static String plan(Database db, String file) {
        String sql = SqlFiles.read(OrderSearch.class, file).replaceAll("(?m)^--.*$", "");
        List<String> lines = db.read(tx -> Handles.of(tx)
                .createQuery("EXPLAIN QUERY PLAN " + sql)
                .bind("before", Long.MAX_VALUE)
                .bind("limit", 50)
                .bind("status", "paid")
                .bind("q", "N1")
                .bind("email", "a@b.c")
                .bind("like", "%a%")
                .configure(org.jdbi.v3.core.statement.SqlStatements.class, c -> c.setUnusedBindingAllowed(true))
                .map((rs, ctx) -> rs.getString("detail"))
                .list());
        return String.join("\n", lines);
    }

    private static void insert(Tx tx, long product, String no, String email, String status, String gatewayRef) {
        Handles.of(tx)
                .createUpdate(
                        "INSERT INTO orders (order_no, product_id, product_name, quantity, unit_price, amount, currency, email, channel, "
                                + "status, lookup_token_hash, gateway_ref, created_at, expires_at, updated_at) "
                                + "VALUES (:no, :product, 'P', 1, 100, 100, 'CNY', :email, 'sandbox', :status, 'tx', :ref, 1, 1, 1)")
                .bind("no", no)
                .bind("product", product)
                .bind("email", email)
                .bind("status", status)
                .bind("ref", gatewayRef)
                .execute();
    }

    private static List<String> numbers(List<Order> orders) {
        return orders.stream().map(Order::orderNo).toList();
    }
}

package io.kamishop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.OlderSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V200 carries the one-refund-per-order refunds of V74 over, and counts what was refunded before it. */
class RefundsMigrationTest {

    @Test
    void refundsOfTheFirstKindAndOrdersMarkedRefundedByHandKeepTheirMoneyAccounted(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kamishop.db");
        OlderSchema.migrateTo(url, Dialect.SQLITE, "140");
        try (var c = java.sql.DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute(
                    "INSERT INTO products (id, name, price, currency, created_at, updated_at) VALUES (1, 'Game', 500, 'CNY', 1, 1)");
            int id = 1;
            for (String[] order : List.of(
                    new String[] {"A", "refunded"},
                    new String[] {"B", "refunded"},
                    new String[] {"C", "refund_pending"},
                    new String[] {"D", "delivered"})) {
                s.execute(
                        "INSERT INTO orders (id, order_no, product_id, product_name, quantity, unit_price, amount, currency, email, "
                                + "channel, status, lookup_token_hash, created_at, expires_at, updated_at) VALUES ("
                                + id + ", '" + order[0]
                                + "', 1, 'Game', 1, 500, 500, 'CNY', 'a@example.com', 'sandbox', '" + order[1]
                                + "', 'tx', 1, 1, 1)");
                s.execute(
                        "INSERT INTO payment_notifications (channel, trade_no, order_id, kind, amount, currency, outcome, received_at) "
                                + "VALUES ('sandbox', 't-" + order[0] + "', " + id
                                + ", 'paid', 500, 'CNY', 'delivered', 1)");
                id++;
            }
            // A: refunded through the gateway; B: marked refunded by hand (no refund row); C: asked, the store stopped.
            s.execute(
                    "INSERT INTO refunds (order_id, refund_id, channel, trade_no, amount, currency, reason, status, created_at, updated_at) "
                            + "VALUES (1, 'RFA', 'sandbox', 't-A', 500, 'CNY', 'asked', 'succeeded', 1, 1)");
            s.execute(
                    "INSERT INTO refunds (order_id, refund_id, channel, trade_no, amount, currency, reason, status, created_at, updated_at) "
                            + "VALUES (3, 'RFC', 'sandbox', 't-C', 500, 'CNY', 'asked', 'requested', 1, 1)");
        }

        try (Database db = Database.open(url)) {
            Map<String, String> statuses = new java.util.HashMap<>();
            db.read(tx -> Handles.of(tx)
                            .createQuery("SELECT refund_id, status FROM refunds")
                            .map((rs, ctx) -> rs.getString(1) + "=" + rs.getString(2))
                            .list())
                    .forEach(row -> statuses.put(row.split("=")[0], row.split("=")[1]));
            Map<String, Long> refunded = new java.util.HashMap<>();
            db.read(tx -> Handles.of(tx)
                            .createQuery("SELECT trade_no, refunded FROM payment_notifications")
                            .map((rs, ctx) -> rs.getString(1) + "=" + rs.getLong(2))
                            .list())
                    .forEach(row -> refunded.put(row.split("=")[0], Long.parseLong(row.split("=")[1])));

            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of("RFA", "succeeded", "RFC", "pending"));
            assertThat(refunded)
                    .containsEntry("t-A", 500L)
                    .containsEntry("t-B", 500L)
                    .containsEntry("t-C", 500L)
                    .containsEntry("t-D", 0L);
        }
    }
}

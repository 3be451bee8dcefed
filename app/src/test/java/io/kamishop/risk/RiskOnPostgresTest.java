package io.kamishop.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The risk migrations and queries on PostgreSQL: a fresh database of its own, dropped afterwards. */
@PostgresTest
class RiskOnPostgresTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String database = "kamishop_risk_" + Long.toHexString(System.nanoTime());
    private TestStore store;

    @BeforeEach
    void createDatabase() throws SQLException {
        admin("CREATE DATABASE " + database);
        store = TestStore.builder()
                .env("KAMISHOP_DB_URL", SERVER + database + "?user=postgres")
                .start();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (store != null) {
            store.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private long oneKeyProduct(String key) {
        long id = store.createProduct("Key " + key, 500, "USD");
        store.importKeys(id, List.of(key));
        return id;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void blockingReviewingAndCountingWorkOnPostgres() {
        Http http = store.http();
        // One key per product: the core's PostgreSQL key claim is being reworked on another branch,
        // and this test is about the risk tables, not about claiming several keys at once.
        long product = oneKeyProduct("A");
        long second = oneKeyProduct("B");
        long third = oneKeyProduct("C");
        assertThat(http.adminPutJson(
                                "/api/admin/plugins/risk-basic/config",
                                Map.of(
                                        "mode",
                                        "enforce",
                                        "maxPendingOrdersPerIp",
                                        2,
                                        "maxOrdersPerEmailPerHour",
                                        5,
                                        "disposableEmails",
                                        "review"))
                        .status())
                .isEqualTo(200);

        JsonNode held = http.postJson(
                        "/api/orders",
                        Map.of("productId", product, "quantity", 1, "email", "a@mailinator.com", "channel", "sandbox"))
                .json();
        assertThat(http.postJson(
                                "/api/orders",
                                Map.of(
                                        "productId",
                                        second,
                                        "quantity",
                                        1,
                                        "email",
                                        "b@example.com",
                                        "channel",
                                        "sandbox"))
                        .status())
                .isEqualTo(201);
        Http.Answer refused = http.postJson(
                "/api/orders",
                Map.of("productId", third, "quantity", 1, "email", "c@example.com", "channel", "sandbox"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(store.stock(third).get("available").asLong()).isEqualTo(1);

        String orderNo = held.get("orderNo").asText();
        store.notifySandbox(orderNo, 500, "T1");
        assertThat(http.adminGet("/api/admin/orders/" + orderNo)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("paid");
        assertThat(http.adminPost("/api/admin/orders/" + orderNo + "/approve")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("delivered");

        JsonNode decisions = http.adminGet("/api/admin/risk/decisions?limit=50").json();
        assertThat(decisions.size()).isGreaterThanOrEqualTo(7);
        boolean blocked = false;
        for (JsonNode d : decisions) {
            blocked |= d.get("rule").asText().equals("pending-per-ip")
                    && d.get("decision").asText().equals("block");
        }
        assertThat(blocked).isTrue();
        JsonNode stats = http.adminGet("/api/admin/risk/rules").json();
        long blockedOrders = 0;
        for (JsonNode rule : stats) {
            blockedOrders += rule.get("blocked").asLong();
        }
        assertThat(blockedOrders).isEqualTo(1);
    }
}

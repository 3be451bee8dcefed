package io.kamishop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Handles;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The admin's tables and queries on PostgreSQL, in a schema of its own on the machine's server. */
@PostgresTest
class AdminOnPostgresTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** Nodes starting together each issue a setup code: on PostgreSQL none of them may fail for it. */
    @Test
    void setupCodesIssuedAtOnceOnPostgresAllSucceedAndOneIsStored() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            List<java.util.Optional<String>> codes =
                    Concurrently.race(16, () -> store.app().admin().issueSetupCode());
            assertThat(codes).allSatisfy(code -> assertThat(code).isPresent());
            long rows = store.app()
                    .database()
                    .read(tx -> Handles.of(tx)
                            .createQuery("SELECT COUNT(*) FROM admin_setup")
                            .mapTo(Long.class)
                            .one());
            assertThat(rows).isEqualTo(1);
        }
    }

    @Test
    void signInThrottlingPagesAndAuditWorkOnPostgres() throws Exception {
        String schema = "admin_test_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(SERVER);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(reason);
            }
            Assumptions.abort(reason);
        }
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_DB_URL", SERVER + "&currentSchema=" + schema)
                .start()) {
            assertThat(store.http()
                            .adminPostJson("/api/admin/users", Map.of("username", "pg", "password", "postgres admin"))
                            .status())
                    .isEqualTo(201);
            AdminClient browser = new AdminClient(store.baseUrl());
            assertThat(browser.signIn("pg", "postgres admin").status()).isEqualTo(303);

            long productId = store.createProduct("PG goods", 250, "CNY");
            store.importKeys(productId, List.of("PG-1", "PG-2"));
            String orderNo = store.order(productId, 1).json().get("orderNo").asText();
            assertThat(store.notifySandbox(orderNo, 250, "pg-trade").status()).isEqualTo(200);

            assertThat(browser.get("/admin").body()).contains("2.50 CNY");
            assertThat(browser.get("/admin/orders?q=buyer%40example&status=delivered")
                            .body())
                    .contains(orderNo);
            assertThat(browser.get("/admin/orders/" + orderNo).body()).contains("pg-trade");
            assertThat(browser.submit(
                                    "/admin/products/" + productId,
                                    "/admin/products/" + productId + "/keys/remove-unsold",
                                    Map.of("confirm", "REMOVE"))
                            .status())
                    .isEqualTo(303);
            assertThat(store.stock(productId).get("available").asLong()).isZero();
            assertThat(browser.get("/admin/audit").body()).contains("keys.remove");

            AdminClient attacker = new AdminClient(store.baseUrl());
            int status = 0;
            for (int i = 0; i < LoginThrottle.DEFAULT_LIMIT.accountFailures() && status != 429; i++) {
                status = attacker.signIn("pg", "wrong " + i).status();
            }
            assertThat(status).isEqualTo(429);
        } finally {
            try (Connection c = DriverManager.getConnection(SERVER);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}

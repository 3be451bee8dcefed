package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Channel fees and limits on PostgreSQL, the scale-out database: the fee column, the payment check, the refusal. */
@PostgresTest
class ChannelFeesOnPostgresTest {

    @Test
    void theFeeIsRecordedChargedAndLimitsRefuseOnPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            Http http = store.http();
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, List.of("PG-FEE-1", "PG-FEE-2", "PG-FEE-3"));
            assertThat(http.adminPutJson(
                                    "/api/admin/settings",
                                    Map.of(
                                            "channelFees", Map.of("sandbox", Map.of("percent", 2.5, "fixed", 30)),
                                            "channelLimits", Map.of("sandbox", Map.of("max", 2500))))
                            .status())
                    .isEqualTo(200);

            Http.Answer placed = store.order(product, 2);
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(placed.json().get("amount").asLong()).isEqualTo(2080);
            try (Connection c = pg.connect();
                    Statement s = c.createStatement();
                    ResultSet row =
                            s.executeQuery("SELECT amount, fee FROM orders WHERE order_no = '" + orderNo + "'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getLong("amount")).isEqualTo(2080);
                assertThat(row.getLong("fee")).isEqualTo(80);
            }
            assertThat(store.order(product, 3).errorCode())
                    .as("3080 is over 2500")
                    .isEqualTo("channel_amount_out_of_range");
            assertThat(store.notifySandbox(orderNo, 2000, "pg-short").status()).isEqualTo(422);
            assertThat(store.notifySandbox(orderNo, 2080, "pg-full").status()).isEqualTo(200);
            assertThat(http.adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("delivered");
            assertThat(http.adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("fee")
                            .asLong())
                    .isEqualTo(80);
        }
    }
}

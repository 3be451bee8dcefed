package io.kamishop.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commerce features' SQL on PostgreSQL, the scale-out database: one flow through all of them. */
@PostgresTest
class PostgresCommerceTest {

    @Test
    void pricingCouponsLookupMailAndRefundWorkOnPostgres() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try (PostgresSchema schema = PostgresSchema.create();
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_DB_URL", schema.jdbcUrl())
                        .env("KAMISHOP_SMTP_HOST", "127.0.0.1")
                        .env("KAMISHOP_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))
                        .env("KAMISHOP_SMTP_FROM", "shop@example.com")
                        .env("KAMISHOP_SMTP_SECURITY", "none")
                        .start()) {
            Http http = store.http();
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, List.of("PG-1", "PG-2", "PG-3", "PG-4"));
            http.adminPutJson(
                    "/api/admin/products/" + product + "/pricing",
                    Map.of("perBuyerLimit", 3, "tiers", List.of(Map.of("minQuantity", 2, "unitPrice", 800))));
            http.adminPostJson("/api/admin/coupons", Map.of("code", "PG", "percentOff", 50, "maxUses", 1));

            Http.Answer placed = http.postJson(
                    "/api/orders",
                    Map.of(
                            "productId",
                            product,
                            "quantity",
                            2,
                            "email",
                            "pg@example.com",
                            "channel",
                            "sandbox",
                            "coupon",
                            "pg",
                            "queryPassword",
                            "postgres!"));
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            assertThat(placed.json().get("amount").asLong()).isEqualTo(800);
            String orderNo = placed.json().get("orderNo").asText();
            assertThat(http.postJson(
                                    "/api/orders",
                                    Map.of(
                                            "productId",
                                            product,
                                            "quantity",
                                            2,
                                            "email",
                                            "PG@example.com",
                                            "channel",
                                            "sandbox"))
                            .errorCode())
                    .isEqualTo("purchase_limit");
            assertThat(store.notifySandbox(orderNo, 800, "pg-trade").status()).isEqualTo(200);

            store.app().mailOutbox().sendDue();
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            Http.Answer found = http.postJson(
                    "/api/orders/lookup", Map.of("email", "pg@example.com", "queryPassword", "postgres!"));
            assertThat(found.json().get("orders").get(0).get("keys")).hasSize(2);

            assertThat(http.adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of())
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("succeeded");
            assertThat(http.adminGet("/api/admin/coupons/PG").json().get("uses").asInt())
                    .isZero();
            assertThat(http.adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("refunded");
        } finally {
            smtp.stop();
        }
    }
}

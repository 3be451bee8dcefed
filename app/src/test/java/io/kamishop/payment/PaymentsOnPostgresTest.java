package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler's SQL (V20, the upsert, the IN list) and the Stripe path on PostgreSQL, in a schema of its own. */
@PostgresTest
class PaymentsOnPostgresTest {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    final String schema =
            "payments_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    MutableClock clock = MutableClock.now();
    StripeFake stripe = new StripeFake();
    TestStore store;

    @BeforeEach
    void start() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        // The fake Stripe listens on loopback, which the outbound guard refuses unless allowed.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_DB_URL", SERVER + "&currentSchema=" + schema)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close(); // no background passes: each test runs its passes when it says so
    }

    @AfterEach
    void stop() throws SQLException {
        if (store != null) {
            store.close();
        }
        stripe.close();
        try (Connection c = DriverManager.getConnection(SERVER)) {
            c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aLostWebhookIsReconciledOnceAndTheLateWebhookIsAReplay() {
        assertThat(store.http()
                        .adminPutJson("/api/admin/plugins/payment-stripe/config", stripe.pluginConfig())
                        .status())
                .isEqualTo(200);
        long productId = store.createProduct("PG game", 500, "EUR");
        // One key only: with more, placing an order on PostgreSQL currently fails in the core's reserve
        // (KeyDao/reserve.sql claims more rows than its LIMIT; reported to the lead, not this branch's code).
        store.importKeys(productId, List.of("PG-1"));
        Http.Answer placed = store.http()
                .postJson(
                        "/api/orders",
                        Map.of(
                                "productId",
                                productId,
                                "quantity",
                                1,
                                "email",
                                "buyer@example.com",
                                "channel",
                                "stripe"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonNode order = placed.json();
        String orderNo = order.get("orderNo").asText();
        String session = store.http()
                .adminGet("/api/admin/orders/" + orderNo)
                .json()
                .get("gatewayRef")
                .asText();
        stripe.pay(session);

        stripe.behaviour = GatewayFake.Behaviour.FAIL_500;
        clock.advance(Duration.ofMinutes(2));
        store.app().reconciler().reconcileDue();
        stripe.behaviour = GatewayFake.Behaviour.ANSWER;
        clock.advance(Duration.ofMinutes(3));
        store.app().reconciler().reconcileDue();

        String payload = StripeFake.event("evt_pg", "checkout.session.completed", orderNo, session, 500, "eur", "paid");
        Http.Answer late = store.http()
                .postRaw(
                        "/api/payments/stripe/notify",
                        payload.getBytes(StandardCharsets.UTF_8),
                        "Stripe-Signature",
                        StripeFake.signature(payload, clock.instant(), StripeFake.WEBHOOK_SECRET));
        assertThat(late.status()).isEqualTo(200);

        JsonNode after = store.http()
                .get("/api/orders/" + orderNo + "?token="
                        + order.get("lookupToken").asText())
                .json();
        assertThat(after.get("status").asText()).isEqualTo("delivered");
        assertThat(after.get("keys")).hasSize(1);
        assertThat(store.app()
                        .reconciler()
                        .check(store.app().orders().require(orderNo).id()))
                .hasValueSatisfying(c -> assertThat(c.checks()).isEqualTo(2));
    }
}

package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.plugins.usdt.FakeUsdtGateway;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled USDT plugin inside a real store, configured through the admin API, against a local
 * BEpusdt that checks the store's signatures and signs its callbacks as the gateway does.
 */
class UsdtEndToEndTest {

    MutableClock clock = MutableClock.now();
    FakeUsdtGateway gateway = new FakeUsdtGateway(clock);
    TestStore store;
    long productId;

    @BeforeEach
    void start() {
        // The fake listens on 127.0.0.1, which the store's outbound guard refuses unless told otherwise.
        store = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                .start();
        store.app().reconciler().close();
        productId = store.createProduct("USDT game", 990, "CNY");
        store.importKeys(productId, List.of("KEY-U1", "KEY-U2", "KEY-U3"));
        Http.Answer configured =
                store.http().adminPutJson("/api/admin/plugins/payment-usdt/config", gateway.pluginConfig());
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        store.close();
        gateway.close();
    }

    JsonNode order() {
        Http.Answer answer = store.http()
                .postJson(
                        "/api/orders",
                        Map.of("productId", productId, "quantity", 1, "email", "buyer@example.com", "channel", "usdt"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    Http.Answer callback(String body) {
        return store.http()
                .postRaw(
                        "/api/payments/usdt/notify",
                        body.getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json");
    }

    JsonNode lookup(JsonNode order) {
        return store.http()
                .get("/api/orders/" + order.get("orderNo").asText() + "?token="
                        + order.get("lookupToken").asText())
                .json();
    }

    JsonNode admin(String orderNo) {
        return store.http().adminGet("/api/admin/orders/" + orderNo).json();
    }

    @Test
    void theCashierShowsTheExactAmountAndAddressAndTheCallbackDeliversExactlyOnce() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        assertThat(order.at("/payment/status").asText()).isEqualTo("ready");
        assertThat(order.at("/payment/address").asText()).isEqualTo(FakeUsdtGateway.ADDRESS);
        assertThat(order.at("/payment/cryptoAmount").asText()).isEqualTo("1.38");
        URI cashier = URI.create(order.at("/payment/redirectUrl").asText());
        assertThat(cashier.getPath()).isEqualTo("/pay/usdt/cashier");

        Http.Answer page = store.http().get(cashier.getRawPath() + "?" + cashier.getRawQuery());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<svg")
                .contains("1.38</span> USDT")
                .contains("9.90 CNY")
                .contains(FakeUsdtGateway.ADDRESS)
                .contains(orderNo);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(store.http().get("/pay/usdt/countdown.js").status()).isEqualTo(200);
        assertThat(store.http().get("/pay/usdt/cashier.css").status()).isEqualTo(200);
        assertThat(gateway.calls).singleElement().matches(FakeUsdtGateway.Call::signed);

        String paid = gateway.paidCallback(orderNo);
        Http.Answer first = callback(paid);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("ok");
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");

        // The gateway retries (the same body) and then a status change arrives late: one payment.
        assertThat(callback(paid).body()).isEqualTo("ok");
        FakeUsdtGateway.Transaction tx = gateway.transactions.get(orderNo);
        assertThat(callback(gateway.callback(tx.tradeId(), orderNo, tx.amount(), tx.actualAmount(), 3))
                        .body())
                .isEqualTo("ok");

        assertThat(lookup(order).get("keys")).hasSize(1);
        assertThat(lookup(order).get("status").asText()).isEqualTo("delivered");
        assertThat(store.stock(productId).get("sold").asInt()).isEqualTo(1);
        assertThat(admin(orderNo).get("notifications")).hasSize(1);
        assertThat(admin(orderNo).at("/notifications/0/tradeNo").asText()).isEqualTo(tx.tradeId());
    }

    @Test
    void forgedTamperedUnderpaidUnpaidAndForeignCallbacksChangeNothing() throws Exception {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        FakeUsdtGateway.Transaction tx = gateway.transactions.get(orderNo);
        String genuine = gateway.paidCallback(orderNo);

        Map<String, Object> fields =
                new LinkedHashMap<>(new com.fasterxml.jackson.databind.ObjectMapper().readValue(genuine, Map.class));
        fields.put("signature", gateway.sign(fields, "guessed-token"));
        Http.Answer forged = callback(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields));
        Http.Answer tampered = callback(genuine.replace("\"amount\":9.9", "\"amount\":99.0"));
        Http.Answer underpaid =
                callback(gateway.callback(tx.tradeId(), orderNo, new BigDecimal("9.89"), tx.actualAmount(), 2));
        Http.Answer waiting = callback(gateway.callback(tx.tradeId(), orderNo, tx.amount(), tx.actualAmount(), 1));
        Http.Answer expired = callback(gateway.callback(tx.tradeId(), orderNo, tx.amount(), tx.actualAmount(), 3));
        // A sandbox order, and a signed usdt callback naming it: not this channel's order.
        String sandboxOrder = store.order(productId, 1).json().get("orderNo").asText();
        Http.Answer foreign =
                callback(gateway.callback("foreign1", sandboxOrder, new BigDecimal("9.9"), new BigDecimal("1.38"), 2));

        assertThat(List.of(forged.status(), tampered.status(), foreign.status()))
                .containsOnly(400);
        assertThat(underpaid.status()).isEqualTo(422);
        assertThat(List.of(waiting.body(), expired.body())).containsOnly("ok");
        assertThat(lookup(order).get("status").asText()).isEqualTo("pending");
        assertThat(store.app().orders().require(sandboxOrder).status()).isEqualTo("pending");
        assertThat(store.stock(productId).get("sold").asInt()).isZero();
        assertThat(admin(orderNo).get("notifications")).isEmpty();

        // The genuine callback still pays after all that.
        assertThat(callback(genuine).status()).isEqualTo(200);
        assertThat(lookup(order).get("keys")).hasSize(1);
    }

    @Test
    void aCallbackAfterTheOrderExpiredKeepsTheMoneyForRefundAndGivesNoKeys() {
        JsonNode order = order();
        String orderNo = order.get("orderNo").asText();
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        assertThat(lookup(order).get("status").asText()).isEqualTo("expired");

        assertThat(callback(gateway.paidCallback(orderNo)).status()).isEqualTo(200);

        assertThat(lookup(order).get("status").asText()).isEqualTo("refund_pending");
        assertThat(lookup(order).has("keys")).isFalse();
        assertThat(store.stock(productId).get("available").asInt()).isEqualTo(3);
        // A crypto payment goes back by hand: the store records a manual refund instead of pretending it sent one.
        Http.Answer refund =
                store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "late"));
        assertThat(refund.status()).as(refund.body()).isEqualTo(200);
        assertThat(refund.json().get("status").asText()).isEqualTo("manual");
    }

    @Test
    void aGatewayThatFailsOrHangsLeavesTheOrderPendingWithAClearAnswerUntilItIsBack() {
        gateway.behaviour = FakeUsdtGateway.Behaviour.FAIL_500;
        JsonNode order = order();
        assertThat(order.get("status").asText()).isEqualTo("pending");
        assertThat(order.at("/payment/status").asText()).isEqualTo("unavailable");
        assertThat(order.at("/payment/message").asText()).contains("try paying again");

        gateway.behaviour = FakeUsdtGateway.Behaviour.HANG;
        String retry = "/api/orders/" + order.get("orderNo").asText() + "/payment?token="
                + order.get("lookupToken").asText();
        Http.Answer hung = store.http().postJson(retry, Map.of()); // waits out the plugin's 10-second time-out
        assertThat(hung.status()).isEqualTo(200);
        assertThat(hung.json().get("status").asText()).isEqualTo("unavailable");

        gateway.behaviour = FakeUsdtGateway.Behaviour.ANSWER;
        Http.Answer back = store.http().postJson(retry, Map.of());
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("status").asText()).isEqualTo("ready");
        assertThat(back.json().get("address").asText()).isEqualTo(FakeUsdtGateway.ADDRESS);
        assertThat(callback(gateway.paidCallback(order.get("orderNo").asText())).body())
                .isEqualTo("ok");
        assertThat(lookup(order).get("keys")).hasSize(1);
    }

    @Test
    void theTokenIsSealedAndABadRateIsRefusedForItsField() {
        JsonNode config =
                store.http().adminGet("/api/admin/plugins/payment-usdt/config").json();
        assertThat(config.at("/values/token").asText()).isEqualTo("********");

        Map<String, Object> bad = new LinkedHashMap<>(gateway.pluginConfig());
        bad.put("rate", "cheap");
        Http.Answer refused = store.http().adminPutJson("/api/admin/plugins/payment-usdt/config", bad);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("rate");
        assertThat(store.http().get("/api/channels").body()).contains("\"usdt\"");
    }
}

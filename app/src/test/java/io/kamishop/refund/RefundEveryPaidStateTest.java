package io.kamishop.refund;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every order that received money can be given it back through the sandbox channel (which refunds at
 * once): delivered, paid and waiting for manual fulfilment, fulfilled by hand, held for review, rejected
 * after review, paid late, whose key generation failed, and the second payment of an order paid twice.
 */
class RefundEveryPaidStateTest {

    final MutableClock clock = MutableClock.now();
    TestStore store;
    Http http;

    @BeforeEach
    void start() {
        store = TestStore.builder().clock(clock).start();
        http = store.http();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    JsonNode place(long product) {
        Http.Answer placed = store.order(product, 1);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json();
    }

    JsonNode buyer(JsonNode placed) {
        return http.get("/api/orders/" + placed.get("orderNo").asText() + "?token="
                        + placed.get("lookupToken").asText())
                .json();
    }

    JsonNode admin(String orderNo) {
        return http.adminGet("/api/admin/orders/" + orderNo).json();
    }

    Http.Answer refund(String orderNo, Map<String, Object> body) {
        return http.adminPostJson("/api/admin/orders/" + orderNo + "/refund", body);
    }

    /** Refunds in full and checks the outcome every paid state must reach: succeeded, order refunded, once. */
    void refundsInFull(String orderNo, long paid) {
        Http.Answer refunded = refund(orderNo, Map.of("reason", "buyer asked"));
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        assertThat(refunded.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(refunded.json().get("amount").asLong()).isEqualTo(paid);
        JsonNode order = admin(orderNo);
        assertThat(order.get("status").asText()).isEqualTo("refunded");
        assertThat(order.get("refunds")).hasSize(1);
        assertThat(order.get("payments").get(0).get("refunded").asLong()).isEqualTo(paid);
        assertThat(order.get("history"))
                .filteredOn(e -> e.get("kind").asText().equals("refunded"))
                .hasSize(1);
        Http.Answer again = refund(orderNo, Map.of("reason", "buyer asked"));
        assertThat(again.json().get("refundId").asText())
                .isEqualTo(refunded.json().get("refundId").asText());
        Invariants.unitsAddUp(store.app().database());
    }

    @Test
    void aDeliveredOrderIsRefundedAndItsKeysStaySold() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1", "K2"));
        JsonNode placed = place(product);
        String orderNo = placed.get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-delivered");

        refundsInFull(orderNo, 1000);

        assertThat(store.stock(product).get("sold").asInt()).isEqualTo(1);
        assertThat(buyer(placed).has("keys"))
                .as("a refunded order shows no keys")
                .isFalse();
    }

    @Test
    void aPaidManualOrderWaitingForFulfilmentIsRefundedAndCanNoLongerBeFulfilled() {
        long product = store.createProduct("Top-up", "manual", Map.of());
        String orderNo = place(product).get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-manual");
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("paid");

        refundsInFull(orderNo, 1000);

        assertThat(http.adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "late"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aManualOrderFulfilledByHandIsRefunded() {
        long product = store.createProduct("Top-up", "manual", Map.of());
        String orderNo = place(product).get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-fulfilled");
        assertThat(http.adminPostJson("/api/admin/orders/" + orderNo + "/deliver", Map.of("text", "done"))
                        .status())
                .isEqualTo(200);

        refundsInFull(orderNo, 1000);
    }

    @Test
    void anOrderHeldForReviewIsRefundedItsKeysGoBackAndItCanNoLongerBeApprovedIntoDelivery() {
        holdEveryDisposableMail();
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1", "K2"));
        String orderNo = orderFrom(product, "who@throwaway.example");
        store.notifySandbox(orderNo, 1000, "t-held");
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("paid");
        assertThat(store.stock(product).get("reserved").asInt()).isEqualTo(1);

        refundsInFull(orderNo, 1000);

        assertThat(store.stock(product).get("available").asInt()).isEqualTo(2);
        assertThat(http.adminPost("/api/admin/orders/" + orderNo + "/approve").errorCode())
                .isEqualTo("not_under_review");
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("refunded");
        assertThat(store.stock(product).get("sold").asInt()).isZero();
    }

    @Test
    void anOrderRejectedAfterReviewIsRefunded() {
        holdEveryDisposableMail();
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1"));
        String orderNo = orderFrom(product, "who@throwaway.example");
        store.notifySandbox(orderNo, 1000, "t-rejected");
        assertThat(http.adminPost("/api/admin/orders/" + orderNo + "/reject").status())
                .isEqualTo(200);
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("refund_pending");

        refundsInFull(orderNo, 1000);
    }

    @Test
    void aLatePaymentIsRefunded() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1"));
        String orderNo = place(product).get("orderNo").asText();
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        store.notifySandbox(orderNo, 1000, "t-late");
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("refund_pending");

        refundsInFull(orderNo, 1000);

        assertThat(store.stock(product).get("available").asInt()).isEqualTo(1);
    }

    @Test
    void anOrderWhoseKeyGenerationFailedIsRefunded() {
        long product = store.createProduct("Licence", "generated", Map.of("keyFormat", "no-such-format"));
        String orderNo = place(product).get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-generation");
        assertThat(admin(orderNo).get("history"))
                .filteredOn(e -> e.get("kind").asText().equals("generation_failed"))
                .hasSize(1);

        refundsInFull(orderNo, 1000);
    }

    @Test
    void aSecondPaymentIsRefundedAsItsOwnTradeAndTheBuyerKeepsTheKeys() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1", "K2"));
        JsonNode placed = place(product);
        String orderNo = placed.get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-first");
        store.notifySandbox(orderNo, 1000, "t-second");
        JsonNode before = admin(orderNo);
        assertThat(before.get("payments"))
                .extracting(p -> p.get("tradeNo").asText())
                .containsExactly("t-first", "t-second");

        Http.Answer refunded = refund(orderNo, Map.of("tradeNo", "t-second", "reason", "paid twice"));

        assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
        assertThat(refunded.json().get("tradeNo").asText()).isEqualTo("t-second");
        assertThat(refunded.json().get("status").asText()).isEqualTo("succeeded");
        JsonNode after = admin(orderNo);
        assertThat(after.get("status").asText()).isEqualTo("delivered");
        assertThat(buyer(placed).get("keys")).extracting(JsonNode::asText).containsExactly("K1");
        assertThat(after.get("payments").get(0).get("refunded").asLong()).isZero();
        assertThat(after.get("payments").get(1).get("refunded").asLong()).isEqualTo(1000);
        assertThat(refund(orderNo, Map.of("tradeNo", "t-second", "amount", 1, "reason", "more"))
                        .errorCode())
                .isEqualTo("over_refund");
        assertThat(refund(orderNo, Map.of("tradeNo", "nope")).status()).isEqualTo(404);
    }

    @Test
    void aPartialRefundKeepsTheOrderThenTheRestRefundsItAndNothingMoreCanBeRefunded() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1"));
        JsonNode placed = place(product);
        String orderNo = placed.get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-partial");

        Http.Answer part = refund(orderNo, Map.of("amount", 300, "reason", "late delivery discount"));
        Http.Answer tooMuch = refund(orderNo, Map.of("amount", 701, "reason", "too much"));

        assertThat(part.status()).as(part.body()).isEqualTo(200);
        assertThat(part.json().get("amount").asLong()).isEqualTo(300);
        assertThat(part.json().get("reason").asText()).isEqualTo("late delivery discount");
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("delivered");
        assertThat(buyer(placed).get("keys")).hasSize(1);
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("over_refund");
        assertThat(admin(orderNo).get("refunds")).hasSize(1);

        Http.Answer rest = refund(orderNo, Map.of("reason", "buyer asked"));

        assertThat(rest.json().get("amount").asLong()).isEqualTo(700);
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("refunded");
        assertThat(refund(orderNo, Map.of("amount", 1, "reason", "one more")).errorCode())
                .isEqualTo("over_refund");
        assertThat(refund(orderNo, Map.of("amount", 0)).status()).isEqualTo(422);
    }

    @Test
    void theSamePartialRefundAskedTwiceIsOneRefund() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1"));
        String orderNo = place(product).get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-twice");

        Http.Answer first = refund(orderNo, Map.of("amount", 400, "reason", "scratched"));
        Http.Answer again = refund(orderNo, Map.of("amount", 400, "reason", "scratched"));

        assertThat(again.json().get("refundId").asText())
                .isEqualTo(first.json().get("refundId").asText());
        assertThat(admin(orderNo).get("refunds")).hasSize(1);
        assertThat(admin(orderNo).get("payments").get(0).get("refunded").asLong())
                .isEqualTo(400);
    }

    @Test
    void markingRefundedByHandIsRecordedAsAManualRefundOfTheRest() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1"));
        String orderNo = place(product).get("orderNo").asText();
        store.notifySandbox(orderNo, 1000, "t-hand");
        refund(orderNo, Map.of("amount", 250, "reason", "part"));

        Http.Answer byHand = refund(orderNo, Map.of("byHand", true, "reason", "cash at the counter"));

        assertThat(byHand.json().get("status").asText()).isEqualTo("manual");
        assertThat(byHand.json().get("amount").asLong()).isEqualTo(750);
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("refunded");
    }

    @Test
    void anOrderThatReceivedNoMoneyCannotBeRefunded() {
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1"));
        String orderNo = place(product).get("orderNo").asText();

        assertThat(refund(orderNo, Map.of()).errorCode()).isEqualTo("not_refundable");
        assertThat(admin(orderNo).get("status").asText()).isEqualTo("pending");
    }

    private void holdEveryDisposableMail() {
        Http.Answer answer = http.adminPutJson(
                "/api/admin/plugins/risk-basic/config",
                Map.of("mode", "enforce", "disposableEmails", "review", "disposableEmailDomains", "throwaway.example"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private String orderFrom(long product, String email) {
        Http.Answer placed = http.postJson(
                "/api/orders", Map.of("productId", product, "quantity", 1, "email", email, "channel", "sandbox"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().get("orderNo").asText();
    }
}

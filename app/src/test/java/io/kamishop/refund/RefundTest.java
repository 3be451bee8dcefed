package io.kamishop.refund;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RefundTest {

    /**
     * The merchant's own request sends the refund it recorded; the sweeper (the leader's, on any node) sends only
     * refunds nobody is sending. A refund recorded due at once could be claimed by a sweep between its commit and the
     * request's own claim: the merchant then got "pending" for a refund the gateway would take at once, and everything
     * the refund settles (keys revoked, commissions and markups taken back) happened later, on the sweeper's thread.
     */
    @Test
    void aMerchantsRefundIsSentByItsOwnRequestEvenWhileTheSweeperRuns() throws Exception {
        try (TestStore store = TestStore.start()) {
            int orders = 30;
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(
                    product, IntStream.range(0, orders).mapToObj(i -> "K" + i).toList());
            List<String> paid = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                String orderNo = store.order(product, 1).json().get("orderNo").asText();
                assertThat(store.notifySandbox(orderNo, 1000, "sweep-" + i).status())
                        .isEqualTo(200);
                paid.add(orderNo);
            }
            AtomicBoolean refunding = new AtomicBoolean(true);
            AtomicInteger sweptByTheSweeper = new AtomicInteger();
            Thread sweeper = new Thread(() -> {
                while (refunding.get()) {
                    sweptByTheSweeper.addAndGet(store.app().refundSweeper().sweep());
                }
            });
            sweeper.start();
            List<String> answered = new ArrayList<>();
            try {
                for (String orderNo : paid) {
                    Http.Answer refund = store.http()
                            .adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));
                    assertThat(refund.status()).as(refund.body()).isEqualTo(200);
                    answered.add(refund.json().get("status").asText());
                }
            } finally {
                refunding.set(false);
                sweeper.join();
            }

            assertThat(answered).hasSize(orders).containsOnly("succeeded");
            assertThat(sweptByTheSweeper.get()).isZero();
        }
    }

    @Test
    void refundThroughTheChannelIsIdempotentKeepsKeysSoldAndGivesTheCouponUseBack() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, List.of("K1", "K2"));
            store.http().adminPostJson("/api/admin/coupons", Map.of("code", "ONCE", "amountOff", 100, "maxUses", 1));
            String orderNo = store.http()
                    .postJson(
                            "/api/orders",
                            Map.of(
                                    "productId",
                                    product,
                                    "quantity",
                                    1,
                                    "email",
                                    "a@example.com",
                                    "channel",
                                    "sandbox",
                                    "coupon",
                                    "ONCE"))
                    .json()
                    .get("orderNo")
                    .asText();
            store.notifySandbox(orderNo, 900, "trade-1");

            Http.Answer first =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));
            Http.Answer again =
                    store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of("reason", "asked"));

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().get("status").asText()).isEqualTo("succeeded");
            assertThat(first.json().get("tradeNo").asText()).isEqualTo("trade-1");
            assertThat(first.json().get("amount").asLong()).isEqualTo(900);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("refundId").asText())
                    .isEqualTo(first.json().get("refundId").asText());
            JsonNode order =
                    store.http().adminGet("/api/admin/orders/" + orderNo).json();
            assertThat(order.get("status").asText()).isEqualTo("refunded");
            assertThat(order.get("history"))
                    .filteredOn(e -> e.get("kind").asText().equals("refunded"))
                    .hasSize(1);
            JsonNode stock = store.stock(product);
            assertThat(stock.get("sold").asInt()).isEqualTo(1);
            assertThat(stock.get("available").asInt()).isEqualTo(1);
            assertThat(store.http()
                            .adminGet("/api/admin/coupons/ONCE")
                            .json()
                            .get("uses")
                            .asInt())
                    .isZero();
        }
    }

    @Test
    void aPendingOrderCannotBeRefundedAndNothingChanges() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, List.of("K1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();

            Http.Answer refused = store.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", Map.of());

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("not_refundable");
            assertThat(store.http()
                            .adminGet("/api/admin/orders/" + orderNo)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("pending");
            assertThat(store.http()
                            .adminPostJson("/api/admin/orders/nope/refund", Map.of())
                            .status())
                    .isEqualTo(404);
        }
    }
}

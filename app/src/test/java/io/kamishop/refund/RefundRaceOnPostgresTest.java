package io.kamishop.refund;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two nodes refunding the same payment at the same moment: once, and never more than was paid. */
@PostgresTest
class RefundRaceOnPostgresTest {

    @Test
    void twoNodesRefundingAtOnceRefundOnceAndNeverMoreThanWasPaid() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            long product = a.createProduct("Game", 1000, "CNY");
            a.importKeys(
                    product, IntStream.rangeClosed(1, 10).mapToObj(i -> "K" + i).toList());
            for (int round = 0; round < 5; round++) {
                String same = paidOrder(a, product, "same-" + round);
                List<Http.Answer> twice = atOnce(a, b, same, Map.of("reason", "asked"), Map.of("reason", "asked"));
                assertThat(twice)
                        .allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
                assertThat(twice.get(0).json().get("refundId").asText())
                        .isEqualTo(twice.get(1).json().get("refundId").asText());
                JsonNode order = a.http().adminGet("/api/admin/orders/" + same).json();
                assertThat(order.get("refunds")).hasSize(1);
                assertThat(order.get("payments").get(0).get("refunded").asLong())
                        .isEqualTo(1000);
                assertThat(order.get("status").asText()).isEqualTo("refunded");

                String split = paidOrder(b, product, "split-" + round);
                List<Http.Answer> parts = atOnce(
                        a, b, split, Map.of("amount", 600, "reason", "one"), Map.of("amount", 600, "reason", "two"));
                assertThat(parts).extracting(Http.Answer::status).containsExactlyInAnyOrder(200, 409);
                assertThat(parts)
                        .filteredOn(r -> r.status() == 409)
                        .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("over_refund"));
                JsonNode after = b.http().adminGet("/api/admin/orders/" + split).json();
                assertThat(after.get("payments").get(0).get("refunded").asLong())
                        .isEqualTo(600);
                assertThat(after.get("refunds")).hasSize(1);
            }
        }
    }

    private static String paidOrder(TestStore node, long product, String tradeNo) {
        String orderNo = node.order(product, 1).json().get("orderNo").asText();
        assertThat(node.notifySandbox(orderNo, 1000, tradeNo).status()).isEqualTo(200);
        return orderNo;
    }

    private static List<Http.Answer> atOnce(
            TestStore a, TestStore b, String orderNo, Map<String, Object> first, Map<String, Object> second) {
        CompletableFuture<Http.Answer> one = CompletableFuture.supplyAsync(
                () -> a.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", first));
        CompletableFuture<Http.Answer> two = CompletableFuture.supplyAsync(
                () -> b.http().adminPostJson("/api/admin/orders/" + orderNo + "/refund", second));
        return List.of(one.join(), two.join());
    }
}

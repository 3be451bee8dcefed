package io.kamishop.refund;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's automatic-refund policy: a late payment and a second payment are refunded once the delay
 * has passed, exactly once, though the store restarts in between (SQLite) or two nodes sweep at the
 * same moment (PostgreSQL).
 */
class AutomaticRefundTest {

    static final Map<String, Object> POLICY =
            Map.of("autoRefundLatePayments", true, "autoRefundDuplicatePayments", true, "autoRefundDelayMinutes", 30);

    /** The orders a test pays: one paid after it expired, one paid twice. */
    record Paid(String lateOrder, JsonNode twice) {}

    static Paid payLateAndTwice(TestStore store, MutableClock clock) {
        Http.Answer policy = store.http().adminPutJson("/api/admin/settings", POLICY);
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        assertThat(policy.json().get("autoRefundLatePayments").asBoolean()).isTrue();
        long product = store.createProduct("Game", 1000, "CNY");
        store.importKeys(product, List.of("K1", "K2", "K3"));
        String late = store.order(product, 1).json().get("orderNo").asText();
        clock.advance(Duration.ofMinutes(16));
        store.app().orders().expireDue();
        assertThat(store.notifySandbox(late, 1000, "late-1").status()).isEqualTo(200);
        JsonNode twice = store.order(product, 1).json();
        String twiceNo = twice.get("orderNo").asText();
        assertThat(store.notifySandbox(twiceNo, 1000, "twice-1").status()).isEqualTo(200);
        assertThat(store.notifySandbox(twiceNo, 1000, "twice-2").status()).isEqualTo(200);
        return new Paid(late, twice);
    }

    static void refundedOnce(TestStore store, Paid paid) {
        JsonNode late =
                store.http().adminGet("/api/admin/orders/" + paid.lateOrder()).json();
        assertThat(late.get("status").asText()).isEqualTo("refunded");
        assertThat(late.get("refunds")).hasSize(1);
        assertThat(late.get("refunds").get(0).get("origin").asText()).isEqualTo("automatic");
        assertThat(late.get("refunds").get(0).get("attempts").asInt())
                .as("sent to the gateway once")
                .isEqualTo(1);
        assertThat(late.get("payments").get(0).get("refunded").asLong()).isEqualTo(1000);

        String twiceNo = paid.twice().get("orderNo").asText();
        JsonNode twice = store.http().adminGet("/api/admin/orders/" + twiceNo).json();
        assertThat(twice.get("status").asText()).isEqualTo("delivered");
        assertThat(twice.get("refunds")).hasSize(1);
        assertThat(twice.get("refunds").get(0).get("tradeNo").asText()).isEqualTo("twice-2");
        assertThat(twice.get("refunds").get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(twice.get("refunds").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(twice.get("payments").get(0).get("refunded").asLong()).isZero();
        JsonNode buyer = store.http()
                .get("/api/orders/" + twiceNo + "?token="
                        + paid.twice().get("lookupToken").asText())
                .json();
        assertThat(buyer.get("keys")).as("the first payment keeps its keys").hasSize(1);
        JsonNode all = store.http().adminGet("/api/admin/refunds").json();
        assertThat(all).hasSize(2);
        assertThat(all).allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("succeeded"));
    }

    @Test
    void lateAndSecondPaymentsAreRefundedOnceAfterTheDelayAcrossARestart(@TempDir Path dir) {
        MutableClock clock = MutableClock.now();
        Paid paid;
        try (TestStore store = TestStore.builder().dataDir(dir).clock(clock).start()) {
            paid = payLateAndTwice(store, clock);
            store.app().refundSweeper().sweep();
            assertThat(store.http().adminGet("/api/admin/refunds").json())
                    .as("not before the delay")
                    .isEmpty();
            clock.advance(Duration.ofMinutes(20));
            store.app().refundSweeper().sweep();
            assertThat(store.http().adminGet("/api/admin/refunds").json())
                    .as("still not before the delay")
                    .isEmpty();
        }
        clock.advance(Duration.ofMinutes(11));
        try (TestStore store = TestStore.builder().dataDir(dir).clock(clock).start()) {
            store.app().refundSweeper().sweep();
            store.app().refundSweeper().sweep();

            refundedOnce(store, paid);
        }
        clock.advance(Duration.ofHours(2));
        try (TestStore store = TestStore.builder().dataDir(dir).clock(clock).start()) {
            store.app().refundSweeper().sweep();
            refundedOnce(store, paid);
        }
    }

    @Test
    void withThePolicyOffNothingIsRefundedByItself() {
        MutableClock clock = MutableClock.now();
        try (TestStore store = TestStore.builder().clock(clock).start()) {
            long product = store.createProduct("Game", 1000, "CNY");
            store.importKeys(product, List.of("K1"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            store.notifySandbox(orderNo, 1000, "a");
            store.notifySandbox(orderNo, 1000, "b");
            clock.advance(Duration.ofDays(2));

            store.app().refundSweeper().sweep();

            assertThat(store.http().adminGet("/api/admin/refunds").json()).isEmpty();
            assertThat(store.http()
                            .adminGet("/api/admin/settings")
                            .json()
                            .get("autoRefundDuplicatePayments")
                            .asBoolean())
                    .isFalse();
        }
    }

    @PostgresTest
    @Test
    void onPostgresTwoNodesSweepingAtOnceRefundEachPaymentOnceAfterTheDelayAcrossARestart() {
        MutableClock clock = MutableClock.now();
        try (TestNodes nodes = TestNodes.onFreshSchema(clock)) {
            TestStore first = nodes.startNode();
            Paid paid = payLateAndTwice(first, clock);
            TestStore second = nodes.startNode();
            sweepTogether(first, second);
            assertThat(second.http().adminGet("/api/admin/refunds").json())
                    .as("not before the delay")
                    .isEmpty();

            nodes.stop(first);
            clock.advance(Duration.ofMinutes(31));
            TestStore third = nodes.startNode();
            sweepTogether(second, third);
            sweepTogether(second, third);

            refundedOnce(second, paid);
            refundedOnce(third, paid);
        }
    }

    /** Both nodes run a pass at the same moment, past leadership: only the database keeps it once. */
    private static void sweepTogether(TestStore a, TestStore b) {
        CompletableFuture<Integer> one =
                CompletableFuture.supplyAsync(() -> a.app().refundSweeper().sweep());
        CompletableFuture<Integer> two =
                CompletableFuture.supplyAsync(() -> b.app().refundSweeper().sweep());
        one.join();
        two.join();
    }
}

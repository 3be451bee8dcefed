package io.kamishop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Database;
import io.kamishop.db.Handles;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refused gateway notifications are written down for the admin, and the refusal still changes nothing else. */
class RefusedNotificationsTest {

    /** Every table a notification could touch, as row counts (and order statuses): the state a refusal must leave alone. */
    private static Map<String, Object> state(Database db) {
        return db.read(tx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String table :
                    List.of("orders", "order_events", "payment_notifications", "outbox", "audit_log", "refunds")) {
                out.put(
                        table,
                        Handles.of(tx)
                                .createQuery("SELECT COUNT(*) FROM " + table)
                                .mapTo(Long.class)
                                .one());
            }
            out.put(
                    "statuses",
                    Handles.of(tx)
                            .createQuery("SELECT order_no || ':' || status FROM orders ORDER BY id")
                            .mapTo(String.class)
                            .list());
            out.put(
                    "keys",
                    Handles.of(tx)
                            .createQuery(
                                    "SELECT status || ':' || COUNT(*) FROM card_keys GROUP BY status ORDER BY status")
                            .mapTo(String.class)
                            .list());
            return out;
        });
    }

    private static List<RefusedNotification> refused(TestStore store) {
        return new RefusedNotifications(store.app().database(), java.time.Clock.systemUTC(), (channel, reason) -> {})
                .recent(null, null, Long.MAX_VALUE, 100);
    }

    @Test
    void forgedMismatchedAndUnknownNotificationsAreRecordedAndChangeNothingElse() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Refusals", 700, "CNY");
            store.importKeys(product, List.of("R-1", "R-2"));
            String orderNo = store.order(product, 1).json().get("orderNo").asText();
            Map<String, Object> before = state(store.app().database());

            byte[] forged = ("{\"orderNo\":\"" + orderNo + "\",\"amount\":700,\"tradeNo\":\"forged-1\"}")
                    .getBytes(StandardCharsets.UTF_8);
            Http.Answer badSignature = store.http()
                    .postRaw(
                            "/api/payments/sandbox/notify",
                            forged,
                            "X-Sandbox-Signature",
                            "00".repeat(32),
                            "Content-Type",
                            "application/json");
            Http.Answer wrongAmount = store.notifySandbox(orderNo, 1, "cheap-1");
            Http.Answer unknownOrder = store.notifySandbox("NO-SUCH-ORDER", 700, "lost-1");

            // The answers are the refusals they always were.
            assertThat(badSignature.status()).isEqualTo(400);
            assertThat(badSignature.body()).contains("notification_rejected");
            assertThat(wrongAmount.status()).isEqualTo(422);
            assertThat(wrongAmount.body()).contains("amount_mismatch");
            assertThat(unknownOrder.status()).isEqualTo(404);
            assertThat(unknownOrder.body()).contains("order_not_found");
            // Nothing but the refusal log moved.
            assertThat(state(store.app().database())).isEqualTo(before);

            List<RefusedNotification> rows = refused(store);
            assertThat(rows)
                    .extracting(RefusedNotification::reason)
                    .containsExactly("order_not_found", "amount_mismatch", "notification_rejected");
            RefusedNotification mismatch = rows.get(1);
            assertThat(mismatch.channel()).isEqualTo("sandbox");
            assertThat(mismatch.tradeNo()).isEqualTo("cheap-1");
            assertThat(mismatch.orderNo()).isEqualTo(orderNo);
            assertThat(mismatch.remoteIp()).isNotBlank();
            assertThat(rows.get(2).tradeNo())
                    .as("an unverified body is not trusted, not even its trade number")
                    .isNull();
            assertThat(rows.get(0).orderNo()).isEqualTo("NO-SUCH-ORDER");

            // The order still pays normally afterwards, and the metrics count the refusals by reason.
            assertThat(store.notifySandbox(orderNo, 700, "real-1").status()).isEqualTo(200);
            String metrics = store.http().adminGet("/metrics").body();
            assertThat(metrics)
                    .containsPattern("kamishop_notifications_total\\{[^}]*outcome=\"amount_mismatch\"[^}]*\\} 1\\.0");
        }
    }

    @Test
    void theLogIsBoundedByAgeAndByRows() {
        try (TestStore store = TestStore.start()) {
            MutableClock clock = MutableClock.now();
            RefusedNotifications log =
                    new RefusedNotifications(store.app().database(), clock, 3, (channel, reason) -> {});
            log.record("sandbox", "old", null, "amount_mismatch", "10.0.0.1");
            clock.advance(Duration.ofDays(31));
            log.record("sandbox", "t-1", null, "notification_rejected", "10.0.0.2");
            assertThat(log.recent(null, null, Long.MAX_VALUE, 10))
                    .extracting(RefusedNotification::tradeNo)
                    .as("older than 30 days is gone")
                    .containsExactly("t-1");
            for (int i = 2; i <= 5; i++) {
                log.record("sandbox", "t-" + i, null, "notification_rejected", "10.0.0.2");
            }
            assertThat(log.recent(null, null, Long.MAX_VALUE, 10))
                    .extracting(RefusedNotification::tradeNo)
                    .containsExactly("t-5", "t-4", "t-3");
            assertThat(log.recent("sandbox", "amount_mismatch", Long.MAX_VALUE, 10))
                    .isEmpty();
            assertThat(log.recent("other", null, Long.MAX_VALUE, 10)).isEmpty();
        }
    }

    @Test
    void aChannelNameFromTheUrlIsClippedAndRecorded() {
        try (TestStore store = TestStore.start()) {
            String longName = "x".repeat(200);
            assertThat(store.http()
                            .postRaw("/api/payments/" + longName + "/notify", new byte[0])
                            .status())
                    .isEqualTo(404);
            assertThat(refused(store)).singleElement().satisfies(r -> {
                assertThat(r.channel()).hasSize(64);
                assertThat(r.reason()).isEqualTo("channel_not_found");
            });
        }
    }
}

package io.kamishop.notice;

import static io.kamishop.plugins.webhook.WebhookReceiver.merchantVerifies;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.plugins.webhook.WebhookReceiver;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled notify-webhook plugin inside a real store: enabled and configured over the admin API, events over HTTP. */
class WebhookPluginTest {

    static final String SECRET = "whsec_merchant_chosen_0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    static void enableWebhooks(TestStore store, String url, String events) {
        assertThat(store.http()
                        .adminPost("/api/admin/plugins/notify-webhook/enable")
                        .status())
                .isEqualTo(200);
        Http.Answer configured = store.http()
                .adminPutJson(
                        "/api/admin/plugins/notify-webhook/config",
                        Map.of("urls", url, "signingSecret", SECRET, "events", events));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
    }

    static String payOneOrder(TestStore store) {
        long product = store.createProduct("Game", 700, "CNY");
        store.importKeys(product, List.of("SECRET-KEY-1"));
        Http.Answer placed = store.order(product, 1);
        String orderNo = placed.json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, 700, "t-" + orderNo).status()).isEqualTo(200);
        return orderNo;
    }

    static JsonNode notices(TestStore store) {
        return store.http().adminGet("/api/admin/notices").json();
    }

    @Test
    void orderEventsArriveSignedSoTheMerchantCanVerifyThemAndCarryNoKeys() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                        .start()) {
            enableWebhooks(store, receiver.url(), "order.paid\norder.delivered");
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/notify-webhook/config")
                            .body())
                    .doesNotContain(SECRET);

            String orderNo = payOneOrder(store);
            store.app().notices().sendDue();

            assertThat(receiver.hits).hasSize(2);
            assertThat(receiver.hits)
                    .extracting(h -> JSON.readTree(h.body()).get("type").asText())
                    .containsExactlyInAnyOrder("order.paid", "order.delivered");
            for (WebhookReceiver.Hit hit : receiver.hits) {
                JsonNode event = JSON.readTree(hit.body());
                assertThat(event.get("data").get("orderNo").asText()).isEqualTo(orderNo);
                assertThat(event.get("data").get("amount").asText()).isEqualTo("700");
                assertThat(event.get("id").asText()).isEqualTo(hit.eventId()).startsWith("ntc_");
                assertThat(hit.body()).doesNotContain("SECRET-KEY-1").doesNotContain("lookupToken");
                assertThat(merchantVerifies(SECRET, hit.signature(), hit.body()))
                        .isTrue();
                assertThat(merchantVerifies(SECRET, hit.signature(), hit.body().replace("700", "1")))
                        .isFalse();
                assertThat(merchantVerifies("whsec_someone_else_000000", hit.signature(), hit.body()))
                        .isFalse();
            }
            assertThat(notices(store)).extracting(n -> n.get("status").asText()).containsOnly("delivered");
        }
    }

    @Test
    void aUrlOfAnotherSchemeIsRefusedWhenSavedAndNothingIsStored() {
        try (TestStore store = TestStore.start()) {
            assertThat(store.http()
                            .adminPost("/api/admin/plugins/notify-webhook/enable")
                            .status())
                    .isEqualTo(200);
            for (String urls : List.of(
                    "ftp://hooks.example/in",
                    "https://hooks.example/in\nfile:///etc/passwd",
                    "gopher://x",
                    "hooks.example")) {
                Http.Answer refused = store.http()
                        .adminPutJson(
                                "/api/admin/plugins/notify-webhook/config",
                                Map.of("urls", urls, "signingSecret", SECRET));
                assertThat(refused.status()).as(urls).isEqualTo(422);
            }
            assertThat(store.http()
                            .adminGet("/api/admin/plugins/notify-webhook/config")
                            .body())
                    .doesNotContain("hooks.example");
            assertThat(store.http()
                            .adminPutJson(
                                    "/api/admin/plugins/notify-webhook/config",
                                    Map.of(
                                            "urls",
                                            "https://hooks.example/in\nHTTP://other.example:8080/x?y=1",
                                            "signingSecret",
                                            SECRET))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndARestartMidRetryLosesNothing() throws Exception {
        MutableClock clock = MutableClock.now();
        Path dir = io.kamishop.testing.ScratchDirs.create("feature-notify-restart");
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            try (TestStore store = TestStore.builder()
                    .dataDir(dir)
                    .clock(clock)
                    .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                    .start()) {
                enableWebhooks(store, receiver.url(), "order.delivered");
                payOneOrder(store);

                store.app().notices().sendDue();
                assertThat(receiver.hits).hasSize(1);
                store.app().notices().sendDue();
                assertThat(receiver.hits).as("not retried before its backoff").hasSize(1);
                clock.advance(Duration.ofSeconds(31));
                store.app().notices().sendDue();
                assertThat(receiver.hits).hasSize(2);
                JsonNode owed = notices(store);
                assertThat(owed).hasSize(1);
                assertThat(owed.get(0).get("status").asText()).isEqualTo("pending");
                assertThat(owed.get(0).get("lastError").asText()).contains("HTTP 503");
            }

            clock.advance(Duration.ofHours(2));
            try (TestStore restarted = TestStore.builder()
                    .dataDir(dir)
                    .clock(clock)
                    .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                    .start()) {
                restarted.app().notices().sendDue();

                assertThat(receiver.hits).hasSize(3);
                assertThat(receiver.hits)
                        .extracting(WebhookReceiver.Hit::eventId)
                        .containsOnly(receiver.hits.get(0).eventId());
                JsonNode delivered = notices(restarted);
                assertThat(delivered).hasSize(1);
                assertThat(delivered.get(0).get("status").asText()).isEqualTo("delivered");
                assertThat(delivered.get(0).get("attempts").asInt()).isEqualTo(3);
                assertThat(delivered.get(0).get("notifier").asText()).isEqualTo("notify-webhook/webhook");
            }
        }
    }

    @Test
    void aNoticeThatNeverGetsThroughIsGivenUpAfterTheLastAttemptAndNotSentAgain() throws Exception {
        MutableClock clock = MutableClock.now();
        try (WebhookReceiver receiver = new WebhookReceiver(Integer.MAX_VALUE);
                TestStore store = TestStore.builder()
                        .clock(clock)
                        .env("KAMISHOP_ALLOW_PRIVATE_OUTBOUND", "true")
                        .start()) {
            enableWebhooks(store, receiver.url(), "order.delivered");
            payOneOrder(store);

            for (int attempt = 0; attempt < 70; attempt++) {
                store.app().notices().sendDue();
                clock.advance(Duration.ofMinutes(61));
            }

            assertThat(receiver.hits).hasSize(io.kamishop.api.Notifier.MAX_ATTEMPTS);
            JsonNode dead =
                    store.http().adminGet("/api/admin/notices?status=dead").json();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(io.kamishop.api.Notifier.MAX_ATTEMPTS);
        }
    }

    @Test
    void aReceiverInAPrivateNetworkIsRefusedUnlessTheOperatorAllowsIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
                TestStore store = TestStore.start()) {
            enableWebhooks(store, receiver.url(), "order.paid,order.delivered,stock.low");
            payOneOrder(store);
            // Paid and delivered are owed by the payment's commit; the low-stock notice follows on the
            // plugin-events thread a moment later: send only once all three are owed.
            for (int i = 0; i < 200 && notices(store).size() < 3; i++) {
                Thread.sleep(25);
            }

            store.app().notices().sendDue();

            assertThat(receiver.hits).isEmpty();
            JsonNode owed = notices(store);
            assertThat(owed)
                    .extracting(n -> n.get("kind").asText())
                    .containsExactlyInAnyOrder("ORDER_PAID", "ORDER_DELIVERED", "LOW_STOCK");
            assertThat(owed).allSatisfy(n -> {
                assertThat(n.get("status").asText()).isEqualTo("pending");
                assertThat(n.get("lastError").asText()).contains("internal address");
            });
        }
    }

    @Test
    void aStoreWithoutWebhooksEnabledOwesNobodyAnything() {
        try (TestStore store = TestStore.start()) {
            payOneOrder(store);

            assertThat(store.http().adminGet("/api/admin/plugins").json()).anySatisfy(p -> {
                assertThat(p.get("id").asText()).isEqualTo("notify-webhook");
                assertThat(p.get("state").asText()).isEqualTo("disabled");
            });
            assertThat(notices(store)).isEmpty();
            assertThat(store.http()
                            .adminGet("/api/admin/notices?status=nonsense")
                            .status())
                    .isEqualTo(400);
            assertThat(store.http().get("/api/admin/notices").status()).isEqualTo(401);
        }
    }
}

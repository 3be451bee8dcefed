package io.kamishop.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kamishop.testing.Http;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookTest {

    /** A merchant's receiver: records every request, fails the first {@code failures} with 503. */
    static final class Receiver implements AutoCloseable {
        record Hit(String signature, String eventId, String body) {
        }

        final List<Hit> hits = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver(int failures) throws IOException {
            AtomicInteger toFail = new AtomicInteger(failures);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                hits.add(new Hit(exchange.getRequestHeaders().getFirst("Kamishop-Signature"),
                        exchange.getRequestHeaders().getFirst("Kamishop-Event-Id"), body));
                exchange.sendResponseHeaders(toFail.getAndDecrement() > 0 ? 503 : 200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** What a merchant would write from the docs, independent of the store's own signing code. */
    private static boolean merchantVerifies(String secret, String header, String body) throws Exception {
        String t = header.replaceAll(".*t=(\\d+).*", "$1");
        String v1 = header.replaceAll(".*v1=([0-9a-f]+).*", "$1");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8))).equals(v1);
    }

    private static String payOneOrder(TestStore store) {
        long product = store.createProduct("Game", 700, "CNY");
        store.importKeys(product, List.of("SECRET-KEY-1"));
        String orderNo = store.http().postJson("/api/orders", Map.of("productId", product, "quantity", 1,
                "email", "buyer@example.com", "channel", "sandbox")).json().get("orderNo").asText();
        assertThat(store.notifySandbox(orderNo, 700, "t-" + orderNo).status()).isEqualTo(200);
        return orderNo;
    }

    @Test
    void orderEventsArriveSignedSoTheMerchantCanVerifyThem() throws Exception {
        try (Receiver receiver = new Receiver(0);
             TestStore store = TestStore.builder().env("KAMISHOP_WEBHOOK_ALLOW_PRIVATE", "true").start()) {
            Http.Answer created = store.http().adminPostJson("/api/admin/webhooks",
                    Map.of("url", receiver.url(), "events", List.of("order.paid", "order.delivered")));
            assertThat(created.status()).isEqualTo(201);
            String secret = created.json().get("secret").asText();
            assertThat(store.http().adminGet("/api/admin/webhooks").body()).doesNotContain(secret);

            String orderNo = payOneOrder(store);
            store.app().webhooks().sendDue();

            assertThat(receiver.hits).hasSize(2);
            ObjectMapper json = new ObjectMapper();
            assertThat(receiver.hits).extracting(h -> json.readTree(h.body()).get("type").asText())
                    .containsExactlyInAnyOrder("order.paid", "order.delivered");
            for (Receiver.Hit hit : receiver.hits) {
                JsonNode event = json.readTree(hit.body());
                assertThat(event.get("data").get("orderNo").asText()).isEqualTo(orderNo);
                assertThat(event.get("id").asText()).isEqualTo(hit.eventId());
                assertThat(hit.body()).doesNotContain("SECRET-KEY-1");
                assertThat(merchantVerifies(secret, hit.signature(), hit.body())).isTrue();
                long now = System.currentTimeMillis() / 1000;
                assertThat(WebhookSignature.verify(secret, hit.signature(), hit.body(), now, 300)).isTrue();
                assertThat(WebhookSignature.verify(secret, hit.signature(), hit.body().replace("700", "1"), now, 300)).isFalse();
                assertThat(WebhookSignature.verify("whsec_wrong", hit.signature(), hit.body(), now, 300)).isFalse();
                assertThat(WebhookSignature.verify(secret, hit.signature(), hit.body(), now + 3600, 300)).isFalse();
            }
        }
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUntilItAcceptsTheSameEvent() throws Exception {
        MutableClock clock = MutableClock.now();
        try (Receiver receiver = new Receiver(2);
             TestStore store = TestStore.builder().clock(clock).env("KAMISHOP_WEBHOOK_ALLOW_PRIVATE", "true").start()) {
            store.http().adminPostJson("/api/admin/webhooks", Map.of("url", receiver.url(), "events", List.of("order.delivered")));
            payOneOrder(store);

            store.app().webhooks().sendDue();
            assertThat(receiver.hits).hasSize(1);
            store.app().webhooks().sendDue();
            assertThat(receiver.hits).as("not retried before its backoff").hasSize(1);
            clock.advance(Duration.ofSeconds(31));
            store.app().webhooks().sendDue();
            assertThat(receiver.hits).hasSize(2);
            clock.advance(Duration.ofHours(2));
            store.app().webhooks().sendDue();

            assertThat(receiver.hits).hasSize(3);
            assertThat(receiver.hits).extracting(Receiver.Hit::eventId).containsOnly(receiver.hits.get(0).eventId());
            JsonNode deliveries = store.http().adminGet("/api/admin/webhooks/deliveries").json();
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).get("status").asText()).isEqualTo("delivered");
            assertThat(deliveries.get(0).get("attempts").asInt()).isEqualTo(3);
        }
    }

    @Test
    void urlsIntoPrivateNetworksAreRefusedUnlessAllowed() {
        try (TestStore store = TestStore.start()) {
            for (String url : List.of("http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/",
                    "ftp://example.com/", "http://user:pw@example.com/")) {
                Http.Answer refused = store.http().adminPostJson("/api/admin/webhooks", Map.of("url", url));
                assertThat(refused.status()).as(url).isEqualTo(422);
                assertThat(refused.errorCode()).isEqualTo("invalid_webhook");
            }
            assertThat(store.http().adminPostJson("/api/admin/webhooks",
                    Map.of("url", "https://8.8.8.8/hook", "events", List.of("order.shipped"))).status()).isEqualTo(422);
            assertThat(store.http().adminGet("/api/admin/webhooks").json()).isEmpty();
        }
    }
}

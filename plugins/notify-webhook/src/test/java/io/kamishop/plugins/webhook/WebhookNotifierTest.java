package io.kamishop.plugins.webhook;

import static io.kamishop.plugins.webhook.WebhookReceiver.merchantVerifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.OutboundHttp;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    static final String SECRET = "whsec_test_0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    FakePluginContext context = new FakePluginContext("notify-webhook", Clock.fixed(NOW, ZoneOffset.UTC));
    List<String> called = new CopyOnWriteArrayList<>();
    WebhookNotifier notifier = new WebhookNotifier();
    WebhookReceiver good;
    WebhookReceiver flaky;

    @BeforeEach
    void start() throws IOException {
        good = new WebhookReceiver(0);
        flaky = new WebhookReceiver(1);
        HttpClient client = HttpClient.newHttpClient();
        context.http = new OutboundHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
                    throws IOException, InterruptedException {
                called.add(request.uri().toString());
                return client.send(request, body);
            }
        };
        context.values.put(WebhookNotifier.SECRET, SECRET);
        notifier.start(context);
    }

    @AfterEach
    void stop() {
        good.close();
        flaky.close();
    }

    static StoreNotice paid(String noticeId) {
        return new StoreNotice(
                StoreNotice.Kind.ORDER_PAID,
                "Order K1 paid",
                "1 x Game paid.",
                Map.of(Notifier.NOTICE_ID, noticeId, "orderNo", "K1", "amount", "700", "currency", "CNY"),
                NOW);
    }

    @Test
    void anEventArrivesSignedSoTheMerchantCanVerifyIt() throws Exception {
        context.values.put(WebhookNotifier.URLS, good.url());

        notifier.send(paid("ntc_1"));

        assertThat(good.hits).hasSize(1);
        WebhookReceiver.Hit hit = good.hits.get(0);
        JsonNode event = new ObjectMapper().readTree(hit.body());
        assertThat(event.get("id").asText()).isEqualTo("ntc_1").isEqualTo(hit.eventId());
        assertThat(event.get("type").asText()).isEqualTo("order.paid").isEqualTo(hit.eventType());
        assertThat(event.get("data").get("orderNo").asText()).isEqualTo("K1");
        assertThat(event.get("data").has(Notifier.NOTICE_ID)).isFalse();
        assertThat(merchantVerifies(SECRET, hit.signature(), hit.body())).isTrue();
        assertThat(merchantVerifies("whsec_wrong_secret_000", hit.signature(), hit.body()))
                .isFalse();
        assertThat(merchantVerifies(SECRET, hit.signature(), hit.body().replace("700", "1")))
                .isFalse();
        long now = NOW.getEpochSecond();
        assertThat(WebhookSignature.verify(SECRET, hit.signature(), hit.body(), now, 300))
                .isTrue();
        assertThat(WebhookSignature.verify(SECRET, hit.signature(), hit.body(), now + 3600, 300))
                .as("a replay an hour later")
                .isFalse();
    }

    @Test
    void aFailingUrlMakesSendThrowAndTheRetryGoesOnlyToTheUrlsThatStillOweA2xx() throws Exception {
        context.values.put(WebhookNotifier.URLS, good.url() + "\n" + flaky.url());

        assertThatThrownBy(() -> notifier.send(paid("ntc_2")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 503");
        notifier.send(paid("ntc_2"));

        assertThat(good.hits).hasSize(1);
        assertThat(flaky.hits)
                .hasSize(2)
                .extracting(WebhookReceiver.Hit::eventId)
                .containsOnly("ntc_2");
        assertThat(context.stored)
                .as("nothing left behind once every URL accepted")
                .isEmpty();
    }

    @Test
    void onlyTheSubscribedEventsAreWantedAndNothingIsSentWithoutUrls() throws Exception {
        notifier.send(paid("ntc_3"));
        assertThat(called).isEmpty();

        context.values.put(WebhookNotifier.URLS, good.url());
        context.values.put(WebhookNotifier.EVENTS, "order.delivered\norder.refunded");
        assertThat(notifier.kinds())
                .containsExactlyInAnyOrder(StoreNotice.Kind.ORDER_DELIVERED, StoreNotice.Kind.ORDER_REFUNDED);
        notifier.send(paid("ntc_4"));
        assertThat(good.hits).isEmpty();

        context.values.remove(WebhookNotifier.EVENTS);
        assertThat(notifier.kinds()).containsAll(WebhookNotifier.EVENT_TYPES.keySet());
    }

    @Test
    void withoutASigningSecretNothingIsSentUnsigned() {
        context.values.put(WebhookNotifier.URLS, good.url());
        context.values.remove(WebhookNotifier.SECRET);

        assertThatThrownBy(() -> notifier.send(paid("ntc_5"))).hasMessageContaining("signingSecret");
        assertThat(called).isEmpty();
    }

    @Test
    void theAdminsTestIsASignedTestEventToEveryUrlAndSaysWhichRefusedIt() throws Exception {
        context.values.put(WebhookNotifier.URLS, good.url() + "\n" + flaky.url());
        context.values.put(WebhookNotifier.EVENTS, "order.delivered");
        StoreNotice test = new StoreNotice(
                StoreNotice.Kind.TEST,
                "Test from Kami",
                "A test.",
                Map.of(Notifier.NOTICE_ID, "ntc_test_1", "storeName", "Kami"),
                NOW);

        assertThatThrownBy(() -> notifier.sendTest(test)).hasMessageContaining("127.0.0.1: answered HTTP 503");
        notifier.sendTest(test);

        assertThat(good.hits).hasSize(2).allSatisfy(hit -> {
            assertThat(hit.eventType()).isEqualTo("test");
            assertThat(merchantVerifies(SECRET, hit.signature(), hit.body())).isTrue();
        });
        assertThat(flaky.hits).hasSize(2);
        assertThat(context.stored).as("a test leaves nothing to retry").isEmpty();
        assertThat(notifier.kinds()).doesNotContain(StoreNotice.Kind.TEST);
    }

    @Test
    void heldOrdersAndRefusedNotificationsAreEventsToo() {
        context.values.put(WebhookNotifier.EVENTS, "order.held_for_review\npayment.notification_refused");

        assertThat(notifier.kinds())
                .containsExactlyInAnyOrder(
                        StoreNotice.Kind.ORDER_HELD_FOR_REVIEW, StoreNotice.Kind.NOTIFICATIONS_REFUSED);
    }
}

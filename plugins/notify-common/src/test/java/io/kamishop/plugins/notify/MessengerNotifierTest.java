package io.kamishop.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.Notifier.StoreNotice.Kind;
import io.kamishop.api.SettingDefinition;
import io.kamishop.api.testing.FakePluginContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every messenger notifier inherits, through the smallest messenger: a token in the URL, {"ok": true} back. */
class MessengerNotifierTest {

    static final String TOKEN = "123456:SECRET-TOKEN-abcdef";

    static final class SmallestMessenger extends MessengerNotifier {
        @Override
        public String id() {
            return "smallest";
        }

        @Override
        protected List<SettingDefinition> messengerSettings() {
            return List.of(SettingDefinition.secret("token", "Token").asRequired(), SettingDefinition.string("apiBase", "API"));
        }

        @Override
        protected void deliver(Alert alert) throws IOException, InterruptedException {
            HttpResponse<String> response = postJson(URI.create(baseUrl("apiBase") + "/bot" + context().settings().require("token") + "/send"),
                    Map.of("text", alert.plainText()));
            Map<String, Object> answer = jsonAnswer("Smallest", response);
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                throw new IOException("Smallest refused the message: " + answer.get("description"));
            }
        }
    }

    FakePluginContext context = new FakePluginContext("notify-smallest", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    SmallestMessenger notifier = new SmallestMessenger();
    FakeMessenger service;

    @BeforeEach
    void start() throws IOException {
        service = new FakeMessenger(call -> FakeMessenger.Reply.json(200, "{\"ok\":true}"));
        context.http = FakeMessenger.directHttp();
        context.values.put("token", TOKEN);
        context.values.put("apiBase", service.url() + "/");
        notifier.start(context);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    static StoreNotice paid(String noticeId) {
        return new StoreNotice(Kind.ORDER_PAID, "Order K1 paid", "", Map.of(Notifier.NOTICE_ID, noticeId, "orderNo", "K1",
                "storeName", "Kami", "language", "en"), Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aMessengerWithoutItsRequiredSettingsWantsNothingSoNothingIsQueuedForIt() {
        assertThat(notifier.kinds()).hasSize(AlertEvents.BY_NAME.size());

        context.values.remove("token");

        assertThat(notifier.kinds()).isEmpty();
        assertThatThrownBy(() -> notifier.sendTest(paid("ntc_t"))).hasMessageContaining("fill in token");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void theEventChoiceIsTheLastSettingAndDecidesWhatIsWanted() {
        assertThat(notifier.settings()).extracting(SettingDefinition::key).containsExactly("token", "apiBase", MessengerNotifier.EVENTS);

        context.values.put(MessengerNotifier.EVENTS, "order.delivered\nstock.low");

        assertThat(notifier.kinds()).containsExactlyInAnyOrder(Kind.ORDER_DELIVERED, Kind.LOW_STOCK);
    }

    @Test
    void aNoticeHandedOverAgainAfterTheServiceTookItIsNotSentTwice() throws Exception {
        notifier.send(paid("ntc_1"));
        notifier.send(paid("ntc_1")); // the host crashed before it recorded the first send
        notifier.send(paid("ntc_2"));

        assertThat(service.calls).hasSize(2);
        assertThat(service.calls.get(0).json().get("text").asText()).startsWith("[Kami] Order K1 paid");
    }

    @Test
    void whileTheServiceIsDownEachAttemptFailsAndTheAlertArrivesOnceWhenItIsBack() throws Exception {
        service.answerWith(call -> FakeMessenger.Reply.down());
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> notifier.send(paid("ntc_3"))).isInstanceOf(IOException.class).hasMessageContaining("HTTP 502");
        }
        service.answerWith(call -> FakeMessenger.Reply.json(200, "{\"ok\":true}"));

        notifier.send(paid("ntc_3"));
        notifier.send(paid("ntc_3"));

        assertThat(service.answered(200)).hasSize(1);
        assertThat(service.answered(502)).hasSize(3);
    }

    @Test
    void aFailureSaysWhyButNeverShowsASecret() {
        service.answerWith(call -> FakeMessenger.Reply.json(401, "{\"ok\":false,\"description\":\"Unauthorized\"}"));
        assertThatThrownBy(() -> notifier.send(paid("ntc_4"))).hasMessage("Smallest refused the message: Unauthorized");

        context.values.put("apiBase", "http://127.0.0.1:1/ not a url"); // URI.create prints the whole URL, token and all
        assertThatThrownBy(() -> notifier.send(paid("ntc_4"))).isInstanceOf(IOException.class)
                .hasMessageNotContaining(TOKEN).hasMessageContaining("***").hasNoCause();
    }

    @Test
    void aTestIsSentEveryTimeItIsAskedAndRemembersNothing() throws Exception {
        StoreNotice test = new StoreNotice(Kind.TEST, "Test", "", Map.of(Notifier.NOTICE_ID, "ntc_test", "storeName", "Kami",
                "language", "zh-CN"), Instant.now());

        notifier.sendTest(test);
        notifier.sendTest(test);

        assertThat(service.calls).hasSize(2);
        assertThat(service.calls.get(0).json().get("text").asText()).startsWith("[Kami] 测试消息");
        assertThat(context.stored).isEmpty();
    }

    @Test
    void theRememberedNoticesStayBoundedInNumberAndAge() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        SentNotices sent = new SentNotices(context.store(), Clock.fixed(start, ZoneOffset.UTC));
        for (int i = 0; i < SentNotices.MOST + 20; i++) {
            sent.add("ntc_" + i);
        }
        assertThat(sent.contains("ntc_0")).isFalse();
        assertThat(sent.contains("ntc_" + (SentNotices.MOST + 19))).isTrue();
        assertThat(context.stored.get(SentNotices.KEY).lines()).hasSize(SentNotices.MOST);
        assertThat(context.stored.get(SentNotices.KEY).length()).as("within the store's 64 KiB a value").isLessThan(32 * 1024);

        SentNotices dayLater = new SentNotices(context.store(), Clock.fixed(start.plus(SentNotices.KEEP).plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
        dayLater.add("ntc_new");
        assertThat(context.stored.get(SentNotices.KEY).lines()).hasSize(1);
    }
}

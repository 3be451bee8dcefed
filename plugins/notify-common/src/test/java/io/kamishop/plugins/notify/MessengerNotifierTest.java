package io.kamishop.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.Notifier.StoreNotice.Kind;
import io.kamishop.api.SettingDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
            return List.of(
                    SettingDefinition.secret("token", "Token").asRequired(),
                    SettingDefinition.string("apiBase", "API"));
        }

        @Override
        protected void deliver(Alert alert) throws IOException, InterruptedException {
            HttpResponse<String> response = postJson(
                    URI.create(
                            baseUrl("apiBase") + "/bot" + context().settings().require("token") + "/send"),
                    Map.of("text", alert.plainText()));
            Map<String, Object> answer = jsonAnswer("Smallest", response);
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                throw new IOException("Smallest refused the message: " + answer.get("description"));
            }
        }
    }

    @RegisterExtension
    final MessengerRig<SmallestMessenger> rig = MessengerRig.start(
            new SmallestMessenger(),
            Instant.parse("2026-01-01T00:00:00Z"),
            call -> FakeMessenger.Reply.json(200, "{\"ok\":true}"),
            service -> Map.of("token", TOKEN, "apiBase", service.url() + "/"));

    static StoreNotice paid(String noticeId) {
        return new StoreNotice(
                Kind.ORDER_PAID,
                "Order K1 paid",
                "",
                Map.of(Notifier.NOTICE_ID, noticeId, "orderNo", "K1", "storeName", "Kami", "language", "en"),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aMessengerWithoutItsRequiredSettingsWantsNothingSoNothingIsQueuedForIt() {
        assertThat(rig.notifier.kinds()).hasSize(AlertEvents.BY_NAME.size());

        rig.context.values.remove("token");

        assertThat(rig.notifier.kinds()).isEmpty();
        assertThatThrownBy(() -> rig.notifier.sendTest(paid("ntc_t"))).hasMessageContaining("fill in token");
        assertThat(rig.service.calls).isEmpty();
    }

    @Test
    void theEventChoiceIsTheLastSettingAndDecidesWhatIsWanted() {
        assertThat(rig.notifier.settings())
                .extracting(SettingDefinition::key)
                .containsExactly("token", "apiBase", MessengerNotifier.EVENTS);

        rig.context.values.put(MessengerNotifier.EVENTS, "order.delivered\nstock.low");

        assertThat(rig.notifier.kinds()).containsExactlyInAnyOrder(Kind.ORDER_DELIVERED, Kind.LOW_STOCK);
    }

    @Test
    void theEventChoiceIsACheckboxPerEventEveryOneTickedByDefaultAndStoredAsACommaList() {
        SettingDefinition events = rig.notifier.settings().get(2);
        assertThat(events.type()).isEqualTo(SettingDefinition.Type.MULTI_CHOICE);
        assertThat(events.options()).containsExactlyElementsOf(AlertEvents.BY_NAME.keySet());
        assertThat(AlertEvents.chosen(List.of(events.defaultValue())))
                .containsExactlyInAnyOrderElementsOf(AlertEvents.BY_NAME.values());

        rig.context.values.put(MessengerNotifier.EVENTS, "order.refund_due,order.refunded");

        assertThat(rig.notifier.kinds()).containsExactlyInAnyOrder(Kind.REFUND_DUE, Kind.ORDER_REFUNDED);
    }

    @Test
    void aNoticeHandedOverAgainAfterTheServiceTookItIsNotSentTwice() throws Exception {
        rig.notifier.send(paid("ntc_1"));
        rig.notifier.send(paid("ntc_1")); // the host crashed before it recorded the first send
        rig.notifier.send(paid("ntc_2"));

        assertThat(rig.service.calls).hasSize(2);
        assertThat(rig.service.calls.get(0).json().get("text").asText()).startsWith("[Kami] Order K1 paid");
    }

    @Test
    void whileTheServiceIsDownEachAttemptFailsAndTheAlertArrivesOnceWhenItIsBack() throws Exception {
        rig.service.answerWith(call -> FakeMessenger.Reply.down());
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> rig.notifier.send(paid("ntc_3")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 502");
        }
        rig.service.answerWith(call -> FakeMessenger.Reply.json(200, "{\"ok\":true}"));

        rig.notifier.send(paid("ntc_3"));
        rig.notifier.send(paid("ntc_3"));

        assertThat(rig.service.answered(200)).hasSize(1);
        assertThat(rig.service.answered(502)).hasSize(3);
    }

    @Test
    void aFailureSaysWhyButNeverShowsASecret() {
        rig.service.answerWith(
                call -> FakeMessenger.Reply.json(401, "{\"ok\":false,\"description\":\"Unauthorized\"}"));
        assertThatThrownBy(() -> rig.notifier.send(paid("ntc_4")))
                .hasMessage("Smallest refused the message: Unauthorized");

        rig.context.values.put(
                "apiBase", "http://127.0.0.1:1/ not a url"); // URI.create prints the whole URL, token and all
        assertThatThrownBy(() -> rig.notifier.send(paid("ntc_4")))
                .isInstanceOf(IOException.class)
                .hasMessageNotContaining(TOKEN)
                .hasMessageContaining("***")
                .hasNoCause();
    }

    @Test
    void aTestIsSentEveryTimeItIsAskedAndRemembersNothing() throws Exception {
        StoreNotice test = new StoreNotice(
                Kind.TEST,
                "Test",
                "",
                Map.of(Notifier.NOTICE_ID, "ntc_test", "storeName", "Kami", "language", "zh-CN"),
                Instant.now());

        rig.notifier.sendTest(test);
        rig.notifier.sendTest(test);

        assertThat(rig.service.calls).hasSize(2);
        assertThat(rig.service.calls.get(0).json().get("text").asText()).startsWith("[Kami] 测试消息");
        assertThat(rig.context.stored).isEmpty();
    }

    @Test
    void theRememberedNoticesStayBoundedInNumberAndAge() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        SentNotices sent = new SentNotices(rig.context.store(), Clock.fixed(start, ZoneOffset.UTC));
        for (int i = 0; i < SentNotices.MOST + 20; i++) {
            sent.add("ntc_" + i);
        }
        assertThat(sent.contains("ntc_0")).isFalse();
        assertThat(sent.contains("ntc_" + (SentNotices.MOST + 19))).isTrue();
        assertThat(rig.context.stored.get(SentNotices.KEY).lines()).hasSize(SentNotices.MOST);
        assertThat(rig.context.stored.get(SentNotices.KEY).length())
                .as("within the store's 64 KiB a value")
                .isLessThan(32 * 1024);

        SentNotices dayLater = new SentNotices(
                rig.context.store(),
                Clock.fixed(start.plus(SentNotices.KEEP).plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
        dayLater.add("ntc_new");
        assertThat(rig.context.stored.get(SentNotices.KEY).lines()).hasSize(1);
    }
}

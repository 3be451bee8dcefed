package io.kamishop.plugins.bark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.Notifier.StoreNotice.Kind;
import io.kamishop.plugins.notify.FakeMessenger.Call;
import io.kamishop.plugins.notify.FakeMessenger.Reply;
import io.kamishop.plugins.notify.MessengerNotifier;
import io.kamishop.plugins.notify.MessengerRig;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BarkNotifierTest {

    static final String DEVICE = "ynJ5Ft4atkMkWeo2PAvFhF";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** bark-server's V2 push as its docs and code answer it. */
    static Reply barkServer(Call call) {
        if (!call.path().equals("/push") || !call.method().equals("POST")) {
            return Reply.json(
                    404,
                    "{\"code\":404,\"message\":\"Cannot " + call.method() + " " + call.path()
                            + "\",\"timestamp\":1767225600}");
        }
        if (!DEVICE.equals(call.json().path("device_key").asText())) {
            return Reply.json(
                    400,
                    "{\"code\":400,\"message\":\"failed to get device token: failed to get ["
                            + call.json().path("device_key").asText()
                            + "] device token from database\",\"timestamp\":1767225600}");
        }
        return Reply.json(200, "{\"code\":200,\"message\":\"success\",\"timestamp\":1767225600}");
    }

    @RegisterExtension
    final MessengerRig<BarkNotifier> rig = MessengerRig.start(
            new BarkNotifier(),
            NOW,
            BarkNotifierTest::barkServer,
            service -> Map.of(BarkNotifier.DEVICE_KEY, DEVICE, MessengerNotifier.API_BASE, service.url() + "/"));

    static StoreNotice lowStock(String noticeId) {
        return new StoreNotice(
                Kind.LOW_STOCK,
                "Game is running low",
                "",
                Map.of(
                        Notifier.NOTICE_ID,
                        noticeId,
                        "productId",
                        "7",
                        "productName",
                        "Game",
                        "available",
                        "2",
                        "storeName",
                        "Kami",
                        "language",
                        "zh-CN",
                        "adminUrl",
                        "https://shop.example/admin/products/7"),
                NOW);
    }

    @Test
    void anAlertIsPushedToTheDeviceWithItsGroupAndAnAdminLinkToTap() throws Exception {
        rig.context.values.put(BarkNotifier.LEVEL, "timeSensitive");

        rig.notifier.send(lowStock("ntc_1"));

        assertThat(rig.service.answered(200)).hasSize(1);
        JsonNode push = rig.service.calls.get(0).json();
        assertThat(push.get("title").asText()).isEqualTo("[Kami] 库存不足：Game");
        assertThat(push.get("body").asText()).isEqualTo("剩余库存：2");
        assertThat(push.get("url").asText()).isEqualTo("https://shop.example/admin/products/7");
        assertThat(push.get("group").asText()).isEqualTo("Kamishop");
        assertThat(push.get("level").asText()).isEqualTo("timeSensitive");
    }

    @Test
    void anUnknownDeviceKeyIsReportedAsBarkSaysIt() {
        rig.context.values.put(BarkNotifier.DEVICE_KEY, "wrongKey123");

        assertThatThrownBy(() -> rig.notifier.send(lowStock("ntc_2")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Bark refused the message (HTTP 400, code 400): failed to get device token")
                .hasMessageNotContaining("wrongKey123");
    }

    @Test
    void whileTheServerIsDownTheAlertWaitsAndArrivesOnceWhenItIsBack() throws Exception {
        rig.service.answerWith(call -> Reply.down());
        assertThatThrownBy(() -> rig.notifier.send(lowStock("ntc_3")))
                .hasMessage("Bark answered HTTP 502 without JSON");

        rig.service.answerWith(BarkNotifierTest::barkServer);
        rig.notifier.send(lowStock("ntc_3"));
        rig.notifier.send(lowStock("ntc_3"));

        assertThat(rig.service.answered(200)).hasSize(1);
    }
}

package io.kamishop.plugins.feishu;

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
import io.kamishop.plugins.notify.Signing;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeishuNotifierTest {

    static final String HOOK = "/open-apis/bot/v2/hook/6d8f2f4b-3c2d-4e1f-9a7b-2c1d0e9f8a7b";
    static final String SECRET = "qNnQfNYQcXSjKNgn7kqDxb";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * A custom bot with signature verification, checking as Feishu's reference code computes it
     * (Python: hmac.new(f"{timestamp}\n{secret}", b"", sha256), Base64; which key, which text:
     * {@link #expectedSign}, written from the documentation, not from the plugin), and refusing a
     * timestamp more than an hour off.
     */
    static Reply bot(Call call) {
        if (!call.path().equals(HOOK)) {
            return Reply.json(
                    404,
                    "{\"code\":19001,\"data\":{},\"msg\":\"param invalid: incoming webhook access token invalid\"}");
        }
        JsonNode body = call.json();
        String timestamp = body.path("timestamp").asText();
        if (timestamp.isEmpty()
                || Math.abs(Long.parseLong(timestamp) - NOW.getEpochSecond()) > 3600
                || !expectedSign(timestamp).equals(body.path("sign").asText())) {
            return Reply.json(
                    200,
                    "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}");
        }
        if (!"text".equals(body.path("msg_type").asText())) {
            return Reply.json(200, "{\"code\":9499,\"data\":{},\"msg\":\"Bad Request\"}");
        }
        return Reply.json(
                200, "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}");
    }

    /** Feishu's documented signature: {@code timestamp\nsecret} is the key, the text is empty. */
    static String expectedSign(String timestamp) {
        return Signing.hmacSha256Base64(timestamp + "\n" + SECRET, "");
    }

    @RegisterExtension
    final MessengerRig<FeishuNotifier> rig = MessengerRig.start(
            new FeishuNotifier(),
            NOW,
            FeishuNotifierTest::bot,
            service -> Map.of(
                    MessengerNotifier.WEBHOOK_URL, service.url() + HOOK, MessengerNotifier.SIGNING_SECRET, SECRET));

    static StoreNotice refused(String noticeId) {
        return new StoreNotice(
                Kind.NOTIFICATIONS_REFUSED,
                "Refused",
                "",
                Map.of(
                        Notifier.NOTICE_ID,
                        noticeId,
                        "channel",
                        "alipay",
                        "reason",
                        "amount_mismatch",
                        "count",
                        "4",
                        "storeName",
                        "Kami",
                        "language",
                        "en",
                        "adminUrl",
                        "https://shop.example/admin/notifications"),
                NOW);
    }

    @Test
    void aSignedAlertIsTakenByTheBot() throws Exception {
        rig.notifier.send(refused("ntc_1"));

        assertThat(rig.service.answered(200)).hasSize(1);
        JsonNode body = rig.service.calls.get(0).json();
        assertThat(body.get("timestamp").asText()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(body.at("/content/text").asText())
                .isEqualTo("[Kami] Payment notifications refused\n"
                        + "4 notification(s) to channel alipay refused: amount does not match the order\n"
                        + "If it is your gateway, check its keys and notify URL.\n"
                        + "Open in the admin: https://shop.example/admin/notifications");
    }

    @Test
    void aWrongSecretIsRefusedAsFeishuSaysIt() {
        rig.context.values.put(FeishuNotifier.SIGNING_SECRET, "not-the-secret");

        assertThatThrownBy(() -> rig.notifier.send(refused("ntc_2")))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "Feishu refused the message (HTTP 200, code 19021): sign match fail or timestamp is not within one hour from current time");
    }

    @Test
    void withoutASecretTheBodyIsUnsignedAndABotThatWantsOneRefusesIt() {
        rig.context.values.remove(FeishuNotifier.SIGNING_SECRET);

        assertThatThrownBy(() -> rig.notifier.send(refused("ntc_3"))).hasMessageContaining("code 19021");
        assertThat(rig.service.calls.get(0).json().has("sign")).isFalse();
    }

    @Test
    void anOlderBotAnsweringStatusCodeIsUnderstoodToo() throws Exception {
        rig.service.answerWith(call -> Reply.json(200, "{\"StatusCode\":0,\"StatusMessage\":\"success\"}"));
        rig.notifier.send(refused("ntc_4"));

        rig.service.answerWith(
                call -> Reply.json(200, "{\"StatusCode\":11232,\"StatusMessage\":\"frequency limited\"}"));
        assertThatThrownBy(() -> rig.notifier.send(refused("ntc_5")))
                .hasMessage("Feishu refused the message (HTTP 200, StatusCode 11232): frequency limited");
    }

    @Test
    void theSignatureIsFeishusDocumentedOne() {
        assertThat(FeishuNotifier.sign(1_767_225_600L, SECRET)).isEqualTo(expectedSign("1767225600"));
    }
}

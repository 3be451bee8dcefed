package io.kamishop.plugins.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class DingTalkNotifierTest {

    static final String TOKEN = "98975521a1b23c02cdd1a9a08c69511ddf5fa9d2ae387813d1c5348fb";
    static final String SECRET = "SEC19dd84be8c7f3cf71761974f1ed3ef77c1451906ae8ba18acf56103ee";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * A custom robot with the 加签 setting, checking the signature the way DingTalk's documentation
     * computes it (Python: hmac.new(secret, f"{timestamp}\n{secret}", sha256), Base64, URL-encoded),
     * (which key, which text: {@link #expectedSign}, written from the documentation, not from the plugin),
     * and refusing a timestamp more than an hour off.
     */
    static Reply robot(Call call) {
        if (!call.path().equals("/robot/send") || !TOKEN.equals(call.query().get("access_token"))) {
            return Reply.json(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
        }
        String timestamp = call.query().get("timestamp");
        String sign = call.query().get("sign");
        if (timestamp == null || sign == null) {
            return Reply.json(
                    200,
                    "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");
        }
        if (Math.abs(Long.parseLong(timestamp) - NOW.toEpochMilli()) > 3_600_000
                || !expectedSign(timestamp).equals(sign)) {
            return Reply.json(
                    200,
                    "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");
        }
        if (!"text".equals(call.json().path("msgtype").asText())) {
            return Reply.json(200, "{\"errcode\":40035,\"errmsg\":\"缺少参数 json\"}");
        }
        return Reply.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    /** DingTalk's documented signature: the secret is the key, {@code timestamp\nsecret} the text. */
    static String expectedSign(String timestamp) {
        return Signing.hmacSha256Base64(SECRET, timestamp + "\n" + SECRET);
    }

    @RegisterExtension
    final MessengerRig<DingTalkNotifier> rig = MessengerRig.start(
            new DingTalkNotifier(),
            NOW,
            DingTalkNotifierTest::robot,
            service -> Map.of(
                    MessengerNotifier.WEBHOOK_URL,
                    service.url() + "/robot/send?access_token=" + TOKEN,
                    MessengerNotifier.SIGNING_SECRET,
                    SECRET));

    static StoreNotice refundDue(String noticeId) {
        return new StoreNotice(
                Kind.REFUND_DUE,
                "Refund due",
                "",
                Map.of(
                        Notifier.NOTICE_ID,
                        noticeId,
                        "orderNo",
                        "K1",
                        "event",
                        "late_payment",
                        "productName",
                        "Game",
                        "quantity",
                        "1",
                        "amount",
                        "700",
                        "currency",
                        "CNY",
                        "storeName",
                        "Kami",
                        "language",
                        "zh-CN",
                        "adminUrl",
                        "https://shop.example/admin/orders/K1"),
                NOW);
    }

    @Test
    void aSignedAlertIsTakenByTheRobot() throws Exception {
        rig.notifier.send(refundDue("ntc_1"));

        assertThat(rig.service.answered(200)).hasSize(1);
        assertThat(rig.service.calls.get(0).query()).containsEntry("timestamp", Long.toString(NOW.toEpochMilli()));
        assertThat(rig.service.calls.get(0).json().at("/text/content").asText())
                .startsWith("[Kami] 待退款：订单 K1\n")
                .contains("原因：订单过期或取消后才付款")
                .endsWith("在后台查看: https://shop.example/admin/orders/K1");
    }

    @Test
    void aWrongSecretIsRefusedAsDingTalkSaysIt() {
        rig.context.values.put(DingTalkNotifier.SIGNING_SECRET, "SEC0000000000000000000000000000000000");

        assertThatThrownBy(() -> rig.notifier.send(refundDue("ntc_2")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("DingTalk refused the message (HTTP 200, errcode 310000): sign not match");
    }

    @Test
    void aClockAnHourOffIsRefusedSoTheSignatureReallyCarriesTheTime() {
        DingTalkNotifier lateNotifier = rig.at(NOW.plusSeconds(3_700), new DingTalkNotifier()).notifier;

        assertThatThrownBy(() -> lateNotifier.send(refundDue("ntc_3"))).hasMessageContaining("errcode 310000");
    }

    @Test
    void anUnknownTokenIsReportedWithoutTheWebhookUrl() {
        rig.context.values.put(
                DingTalkNotifier.WEBHOOK_URL, rig.service.url() + "/robot/send?access_token=nope" + TOKEN);

        assertThatThrownBy(() -> rig.notifier.send(refundDue("ntc_4")))
                .hasMessage("DingTalk refused the message (HTTP 200, errcode 300001): token is not exist");
    }

    @Test
    void theSignatureIsDingTalksDocumentedOne() {
        assertThat(DingTalkNotifier.sign(1_767_225_600_000L, SECRET)).isEqualTo(expectedSign("1767225600000"));
    }
}

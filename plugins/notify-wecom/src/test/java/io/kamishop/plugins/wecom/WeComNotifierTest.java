package io.kamishop.plugins.wecom;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WeComNotifierTest {

    static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** The group robot as documented: HTTP 200 always, the outcome in errcode. */
    static Reply robot(Call call) {
        if (!call.path().equals("/cgi-bin/webhook/send")
                || !KEY.equals(call.query().get("key"))) {
            return Reply.json(
                    200,
                    "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1767225600_1], from ip: 127.0.0.1\"}");
        }
        JsonNode message = call.json();
        if (!"text".equals(message.path("msgtype").asText())
                || message.path("text").path("content").asText().getBytes(StandardCharsets.UTF_8).length > 2048) {
            return Reply.json(200, "{\"errcode\":40058,\"errmsg\":\"invalid message, hint: [1767225600_2]\"}");
        }
        return Reply.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @RegisterExtension
    final MessengerRig<WeComNotifier> rig = MessengerRig.start(
            new WeComNotifier(),
            NOW,
            WeComNotifierTest::robot,
            service -> Map.of(MessengerNotifier.WEBHOOK_URL, service.url() + "/cgi-bin/webhook/send?key=" + KEY));

    static StoreNotice delivered(String noticeId, String productName) {
        return new StoreNotice(
                Kind.ORDER_DELIVERED,
                "Order K1 delivered",
                "",
                Map.of(
                        Notifier.NOTICE_ID,
                        noticeId,
                        "orderNo",
                        "K1",
                        "productName",
                        productName,
                        "quantity",
                        "3",
                        "amount",
                        "2100",
                        "currency",
                        "CNY",
                        "email",
                        "carol@example.com",
                        "storeName",
                        "Kami",
                        "language",
                        "zh-CN",
                        "adminUrl",
                        "/admin/orders/K1"),
                NOW);
    }

    @Test
    void anAlertIsATextMessageInTheGroup() throws Exception {
        rig.notifier.send(delivered("ntc_1", "游戏激活码"));

        assertThat(rig.service.answered(200)).hasSize(1);
        assertThat(rig.service.calls.get(0).json().at("/text/content").asText())
                .isEqualTo(
                        "[Kami] 订单 K1 已发货\n商品：游戏激活码 × 3\n金额：21.00 CNY\n买家：c***@example.com\n在后台查看: /admin/orders/K1");
    }

    @Test
    void aRefusalInErrcodeIsAFailureThatNamesItButNotTheKey() {
        rig.context.values.put(
                WeComNotifier.WEBHOOK_URL, rig.service.url() + "/cgi-bin/webhook/send?key=" + KEY.replace('6', '7'));

        assertThatThrownBy(() -> rig.notifier.send(delivered("ntc_2", "Game")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("WeCom refused the message (HTTP 200, errcode 93000): invalid webhook url");
    }

    @Test
    void tooManyMessagesFailsUntilTheRobotTakesThemAgainThenEachArrivesOnce() throws Exception {
        AtomicInteger refusals = new AtomicInteger(2);
        rig.service.answerWith(call -> refusals.getAndDecrement() > 0
                ? Reply.json(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")
                : robot(call));

        assertThatThrownBy(() -> rig.notifier.send(delivered("ntc_3", "Game"))).hasMessageContaining("errcode 45009");
        assertThatThrownBy(() -> rig.notifier.send(delivered("ntc_3", "Game")))
                .hasMessageContaining("api freq out of limit");
        rig.notifier.send(delivered("ntc_3", "Game"));
        rig.notifier.send(delivered("ntc_3", "Game"));

        assertThat(rig.service.calls).hasSize(3);
    }

    @Test
    void aLongAlertIsCutToTheRobotsLimitAtACharacterBoundary() throws Exception {
        String cut = WeComNotifier.fitBytes("卡".repeat(1000), 2048);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(cut).endsWith("…").startsWith("卡卡");
        assertThat(WeComNotifier.fitBytes("short", 2048)).isEqualTo("short");
    }
}

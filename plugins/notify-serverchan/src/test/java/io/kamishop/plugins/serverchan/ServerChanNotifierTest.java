package io.kamishop.plugins.serverchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.api.Notifier;
import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.api.Notifier.StoreNotice.Kind;
import io.kamishop.plugins.notify.Alert;
import io.kamishop.plugins.notify.FakeMessenger.Call;
import io.kamishop.plugins.notify.FakeMessenger.Reply;
import io.kamishop.plugins.notify.MessengerNotifier;
import io.kamishop.plugins.notify.MessengerRig;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerChanNotifierTest {

    static final String TURBO_KEY = "SCT123456TAbCdEfGhIjKlMnOpQrStUv";
    static final String SC3_KEY = "sctp1234tAbCdEfGhIjKlMnOpQr";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** ServerChan Turbo and ServerChan³ as their docs answer: data on success, a code and message otherwise. */
    static Reply serverChan(Call call) {
        if (!call.path().equals("/" + TURBO_KEY + ".send") && !call.path().equals("/send/" + SC3_KEY + ".send")) {
            return Reply.json(200, "{\"code\":40001,\"message\":\"bad pushtoken\",\"data\":null}");
        }
        if (call.json().path("title").asText().length() > 32) {
            return Reply.json(200, "{\"code\":40002,\"message\":\"title too long\",\"data\":null}");
        }
        return Reply.json(
                200,
                "{\"code\":0,\"message\":\"\",\"data\":{\"pushid\":\"1\",\"readkey\":\"x\",\"error\":\"SUCCESS\",\"errno\":0}}");
    }

    @RegisterExtension
    final MessengerRig<ServerChanNotifier> rig = MessengerRig.start(
            new ServerChanNotifier(),
            NOW,
            ServerChanNotifierTest::serverChan,
            service -> Map.of(ServerChanNotifier.SEND_KEY, TURBO_KEY, MessengerNotifier.API_BASE, service.url()));

    static StoreNotice held(String noticeId) {
        return new StoreNotice(
                Kind.ORDER_HELD_FOR_REVIEW,
                "Order K1 held",
                "",
                Map.of(
                        Notifier.NOTICE_ID,
                        noticeId,
                        "orderNo",
                        "K20260101ABCDEF",
                        "productName",
                        "Game_[1]*",
                        "quantity",
                        "1",
                        "amount",
                        "700",
                        "currency",
                        "CNY",
                        "email",
                        "bob@example.com",
                        "storeName",
                        "A store with a rather long name",
                        "language",
                        "en",
                        "adminUrl",
                        "https://shop.example/admin/orders/K20260101ABCDEF"),
                NOW);
    }

    @Test
    void aTurboKeyGetsTheTitleWithinItsLimitAndTheFactsAsEscapedMarkdown() throws Exception {
        rig.notifier.send(held("ntc_1"));

        assertThat(rig.service.answered(200)).hasSize(1);
        assertThat(rig.service.calls.get(0).path()).isEqualTo("/" + TURBO_KEY + ".send");
        JsonNode message = rig.service.calls.get(0).json();
        assertThat(message.get("title").asText()).hasSize(32).endsWith("…");
        assertThat(message.get("desp").asText())
                .startsWith("**\\[A store with a rather long name\\] Order K20260101ABCDEF held for review**")
                .contains("Product: 1 x Game\\_\\[1\\]\\*", "Buyer: b\\*\\*\\*@example\\.com")
                .endsWith("[Open in the admin](https://shop.example/admin/orders/K20260101ABCDEF)");
    }

    @Test
    void aServerChan3KeyGoesToItsOwnAddress() throws Exception {
        rig.context.values.put(ServerChanNotifier.SEND_KEY, SC3_KEY);

        rig.notifier.send(held("ntc_2"));

        assertThat(rig.service.calls.get(0).path()).isEqualTo("/send/" + SC3_KEY + ".send");
        assertThat(rig.service.answered(200)).hasSize(1);
    }

    @Test
    void aBadKeyIsReportedAsServerChanSaysItWithoutTheKey() {
        rig.context.values.put(ServerChanNotifier.SEND_KEY, "SCT999wrongwrongwrong");

        assertThatThrownBy(() -> rig.notifier.send(held("ntc_3")))
                .isInstanceOf(IOException.class)
                .hasMessage("ServerChan refused the message (HTTP 200, code 40001): bad pushtoken");
    }

    @Test
    void theLinkIsTextWhenTheStoreHasNoPublicUrl() {
        Alert alert = new Alert("T", java.util.List.of("a"), "/admin/orders/K1", "Open in the admin");

        assertThat(ServerChanNotifier.markdown(alert))
                .endsWith("\n\nOpen in the admin: /admin/orders/K1")
                .doesNotContain("](");
    }
}

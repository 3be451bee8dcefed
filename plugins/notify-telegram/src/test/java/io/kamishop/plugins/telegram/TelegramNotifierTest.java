package io.kamishop.plugins.telegram;

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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelegramNotifierTest {

    static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    static final String CHAT = "-1001234567890";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** What Telegram's HTML mode accepts of what the plugin writes; anything else is "can't parse entities". */
    static final Pattern TAGS = Pattern.compile("</?b>|<a href=\"[^\"<>]*\">|</a>");

    static final Pattern ENTITY = Pattern.compile("&(?!(amp|lt|gt|quot);)");

    /** The Bot API as documented: sendMessage for our bot and chat, its error shapes otherwise. */
    static Reply botApi(Call call) {
        if (!call.path().equals("/bot" + TOKEN + "/sendMessage")) {
            return Reply.json(401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
        }
        JsonNode message = call.json();
        if (!CHAT.equals(message.get("chat_id").asText())) {
            return Reply.json(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
        }
        String withoutTags = TAGS.matcher(message.get("text").asText()).replaceAll("");
        if (withoutTags.contains("<")
                || withoutTags.contains(">")
                || ENTITY.matcher(withoutTags).find()) {
            return Reply.json(
                    400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities\"}");
        }
        return Reply.json(
                200,
                "{\"ok\":true,\"result\":{\"message_id\":" + MESSAGES.incrementAndGet() + ",\"chat\":{\"id\":" + CHAT
                        + ",\"type\":\"supergroup\"},\"date\":1767225600,\"text\":\"...\"}}");
    }

    static final AtomicInteger MESSAGES = new AtomicInteger();

    @RegisterExtension
    final MessengerRig<TelegramNotifier> rig = MessengerRig.start(
            new TelegramNotifier(),
            NOW,
            TelegramNotifierTest::botApi,
            service -> Map.of(
                    TelegramNotifier.BOT_TOKEN,
                    TOKEN,
                    TelegramNotifier.CHAT_ID,
                    CHAT,
                    MessengerNotifier.API_BASE,
                    service.url()));

    static StoreNotice paid(String noticeId, String productName) {
        Map<String, String> fields = new HashMap<>(Map.of(
                Notifier.NOTICE_ID,
                noticeId,
                "orderNo",
                "K20260101ABC",
                "productName",
                productName,
                "quantity",
                "1",
                "amount",
                "700",
                "currency",
                "CNY",
                "channel",
                "alipay",
                "email",
                "alice@example.com",
                "storeName",
                "Kami & Co",
                "language",
                "en"));
        fields.put("adminUrl", "https://shop.example/admin/orders/K20260101ABC");
        return new StoreNotice(Kind.ORDER_PAID, "Order K20260101ABC paid", "", fields, NOW);
    }

    @Test
    void anAlertArrivesInTheChatAsTelegramHtmlWithTheOrderAndItsAdminLink() throws Exception {
        rig.notifier.send(paid("ntc_1", "<Game> & \"Key\""));

        assertThat(rig.service.answered(200)).hasSize(1);
        JsonNode message = rig.service.calls.get(0).json();
        assertThat(message.get("chat_id").asText()).isEqualTo(CHAT);
        assertThat(message.get("parse_mode").asText()).isEqualTo("HTML");
        assertThat(message.get("text").asText())
                .startsWith(
                        "<b>[Kami &amp; Co] Order K20260101ABC paid</b>\nProduct: 1 x &lt;Game&gt; &amp; &quot;Key&quot;")
                .contains("Amount: 7.00 CNY", "Buyer: a***@example.com")
                .endsWith("<a href=\"https://shop.example/admin/orders/K20260101ABC\">Open in the admin</a>")
                .doesNotContain("alice@");
    }

    @Test
    void tooManyRequestsFailsSayingWhenToRetryAndTheAlertArrivesOnceAfterwards() throws Exception {
        rig.service.answerWith(
                call -> Reply.json(
                        429,
                        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 5\",\"parameters\":{\"retry_after\":5}}"));

        assertThatThrownBy(() -> rig.notifier.send(paid("ntc_2", "Game")))
                .isInstanceOf(IOException.class)
                .hasMessage("Telegram refused the message (429): Too Many Requests: retry after 5; retry after 5 s");

        rig.service.answerWith(TelegramNotifierTest::botApi);
        rig.notifier.send(paid("ntc_2", "Game"));
        rig.notifier.send(paid("ntc_2", "Game"));
        assertThat(rig.service.answered(200)).hasSize(1);
    }

    @Test
    void aGroupThatBecameASupergroupTellsTheMerchantItsNewChatId() {
        rig.service.answerWith(call -> Reply.json(
                400,
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was "
                        + "upgraded to a supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":-1009876543210}}"));

        assertThatThrownBy(() -> rig.notifier.send(paid("ntc_3", "Game")))
                .hasMessageEndingWith("; the group is now a supergroup: set chatId to -1009876543210");
    }

    @Test
    void aWrongChatOrTokenIsReportedAsTelegramSaysItWithoutTheToken() {
        rig.context.values.put(TelegramNotifier.CHAT_ID, "-100999");
        assertThatThrownBy(() -> rig.notifier.send(paid("ntc_4", "Game")))
                .hasMessage("Telegram refused the message (400): Bad Request: chat not found");

        rig.context.values.put(TelegramNotifier.BOT_TOKEN, "987654321:AAHwrongwrongwrongwrongwrongwrong12");
        assertThatThrownBy(() -> rig.notifier.sendTest(paid("ntc_5", "Game")))
                .hasMessage("Telegram refused the message (401): Unauthorized");
        assertThat(rig.service.answered(200)).isEmpty();
    }

    @Test
    void withoutThePublicUrlTheAdminPathIsShownAsText() {
        StoreNotice notice = paid("ntc_6", "Game");
        Map<String, String> fields = new HashMap<>(notice.fields());
        fields.put("adminUrl", "/admin/orders/K20260101ABC");

        String html = TelegramNotifier.html(
                io.kamishop.plugins.notify.Alert.of(new StoreNotice(Kind.ORDER_PAID, "", "", fields, NOW)));

        assertThat(html)
                .endsWith("\nOpen in the admin: /admin/orders/K20260101ABC")
                .doesNotContain("<a ");
    }

    @Test
    void theSettingsFormKnowsTelegramsShapesAndSealsTheToken() {
        var settings = rig.notifier.settings();
        assertThat(settings).extracting(s -> s.key()).containsExactly("botToken", "chatId", "apiBase", "events");
        assertThat(settings.get(0).secret()).isTrue();
        assertThat(settings.get(2).defaultValue()).isEqualTo("https://api.telegram.org");
        assertThat(TOKEN).matches(settings.get(0).pattern());
        assertThat("@kami_alerts").matches(settings.get(1).pattern());
        assertThat("-1001234567890").matches(settings.get(1).pattern());
        assertThat("my chat").doesNotMatch(settings.get(1).pattern());
    }
}

package io.kamishop.plugins.telegram;

import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.notify.Alert;
import io.kamishop.plugins.notify.MessengerNotifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Alerts in a Telegram chat through the Bot API's {@code sendMessage}
 * (https://core.telegram.org/bots/api#sendmessage), laid out in its HTML parse mode. {@code apiBase}
 * points at Telegram, or at a self-hosted Bot API server (https://github.com/tdlib/telegram-bot-api).
 *
 * <p>The Bot API answers {@code {"ok": true, "result": ...}} or {@code {"ok": false, "error_code": n,
 * "description": "..."}}, with {@code parameters.retry_after} on 429 and {@code parameters.migrate_to_chat_id}
 * when a group became a supergroup (its id changed): both are passed on in the failure, so the merchant
 * reads in the notice list what to do. The host retries a failure with backoff, which outlasts a 429's wait.
 */
@Extension
public class TelegramNotifier extends MessengerNotifier {

    static final String BOT_TOKEN = "botToken";
    static final String CHAT_ID = "chatId";
    static final String TELEGRAM = "https://api.telegram.org";

    @Override
    public String id() {
        return "telegram";
    }

    @Override
    protected List<SettingDefinition> messengerSettings() {
        return List.of(
                SettingDefinition.secret(BOT_TOKEN, "Bot token")
                        .asRequired()
                        .withPattern("\\d{5,20}:[A-Za-z0-9_-]{30,}")
                        .withHelp(
                                "From @BotFather (/newbot), like 123456789:AAH...; write to the bot once (or add it to the group) so it may write to you."),
                SettingDefinition.string(CHAT_ID, "Chat id")
                        .asRequired()
                        .withPattern("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31}")
                        .withHelp(
                                "Your chat's number (a group's starts with -100), or @channelname for a channel the bot posts in."),
                apiBaseSetting("Bot API server", TELEGRAM, "Leave as is, unless you run your own Bot API server."));
    }

    @Override
    protected void deliver(Alert alert) throws IOException, InterruptedException {
        URI sendMessage =
                URI.create(baseUrl(API_BASE) + "/bot" + context().settings().require(BOT_TOKEN) + "/sendMessage");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("chat_id", context().settings().require(CHAT_ID));
        message.put("text", html(alert));
        message.put("parse_mode", "HTML");
        message.put("link_preview_options", Map.of("is_disabled", true));
        HttpResponse<String> response = postJson(sendMessage, message);
        Map<String, Object> answer = jsonAnswer("Telegram", response);
        if (Boolean.TRUE.equals(answer.get("ok"))) {
            return;
        }
        StringBuilder reason = new StringBuilder("Telegram refused the message (")
                .append(answer.getOrDefault("error_code", "HTTP " + response.statusCode()))
                .append("): ")
                .append(answer.get("description"));
        if (answer.get("parameters") instanceof Map<?, ?> parameters) {
            if (parameters.get("retry_after") != null) {
                reason.append("; retry after ")
                        .append(parameters.get("retry_after"))
                        .append(" s");
            }
            if (parameters.get("migrate_to_chat_id") != null) {
                reason.append("; the group is now a supergroup: set chatId to ")
                        .append(parameters.get("migrate_to_chat_id"));
            }
        }
        throw new IOException(reason.toString());
    }

    /** The alert in Telegram's HTML: the title bold, the link a link when it can be opened, every fact escaped. */
    static String html(Alert alert) {
        StringBuilder text =
                new StringBuilder("<b>").append(escape(alert.title())).append("</b>");
        alert.lines().forEach(line -> text.append('\n').append(escape(line)));
        if (alert.linkIsAbsolute()) {
            text.append("\n<a href=\"")
                    .append(escape(alert.link()))
                    .append("\">")
                    .append(escape(alert.linkLabel()))
                    .append("</a>");
        } else if (alert.link() != null) {
            text.append('\n').append(escape(alert.linkLabel() + ": " + alert.link()));
        }
        return text.toString();
    }

    /** The four characters Telegram's HTML mode needs escaped (https://core.telegram.org/bots/api#html-style). */
    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

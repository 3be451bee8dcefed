package io.kamishop.plugins.feishu;

import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.notify.Alert;
import io.kamishop.plugins.notify.MessengerNotifier;
import io.kamishop.plugins.notify.Signing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Alerts in a Feishu (飞书) or Lark group through a custom bot (自定义机器人,
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): a text message POSTed to the
 * bot's webhook URL. With signature verification on, the body also carries {@code timestamp} (seconds,
 * as a string) and {@code sign}: Base64 of HMAC-SHA256 keyed with {@code timestamp + "\n" + secret}
 * over an empty text (Feishu's reference code; the key, not the text, carries both). Feishu refuses a
 * timestamp more than an hour off. The bot answers {@code {"code": 0, "msg": "success"}} (older bots
 * {@code {"StatusCode": 0, ...}}), or another {@code code}: 19021 for a bad signature, 19024 for a
 * missing keyword, 11232 when sending too fast.
 */
@Extension
public class FeishuNotifier extends MessengerNotifier {

    @Override
    public String id() {
        return "feishu";
    }

    @Override
    protected List<SettingDefinition> messengerSettings() {
        return List.of(
                webhookUrlSetting(
                        "The bot's address: https://open.feishu.cn/open-apis/bot/v2/hook/... (Lark: open.larksuite.com)"),
                signingSecretSetting(
                        "Signing secret", "The secret of the bot's signature verification (签名校验) security setting."));
    }

    @Override
    protected void deliver(Alert alert) throws IOException, InterruptedException {
        Map<String, Object> message = new LinkedHashMap<>();
        String secret = context().settings().get(SIGNING_SECRET).orElse("");
        if (!secret.isEmpty()) {
            long timestamp = context().clock().millis() / 1000;
            message.put("timestamp", Long.toString(timestamp));
            message.put("sign", sign(timestamp, secret));
        }
        message.put("msg_type", "text");
        message.put("content", Map.of("text", alert.plainText()));
        HttpResponse<String> response = postJson(URI.create(context().settings().require(WEBHOOK_URL)), message);
        Map<String, Object> answer = jsonAnswer("Feishu", response);
        requireCode(
                "Feishu",
                response,
                answer,
                answer.containsKey("code") ? "code" : "StatusCode",
                0,
                answer.containsKey("msg") ? "msg" : "StatusMessage");
    }

    /** Feishu's signature: {@code timestamp\nsecret} is the key, the text is empty. */
    static String sign(long timestampSeconds, String secret) {
        return Signing.hmacSha256Base64(timestampSeconds + "\n" + secret, "");
    }
}

package io.kamishop.plugins.dingtalk;

import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.notify.Alert;
import io.kamishop.plugins.notify.MessengerNotifier;
import io.kamishop.plugins.notify.Signing;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Alerts in a DingTalk (钉钉) group through a custom robot (自定义机器人,
 * https://open.dingtalk.com/document/robots/custom-robot-access): a text message POSTed to the robot's
 * webhook URL. With the "加签" security setting the URL also carries {@code timestamp} (milliseconds)
 * and {@code sign} = Base64 of HMAC-SHA256, keyed with the secret, of {@code timestamp + "\n" + secret},
 * URL-encoded; DingTalk refuses a timestamp more than an hour off. The robot answers
 * {@code {"errcode": 0, "errmsg": "ok"}}, or (with HTTP 200) another {@code errcode}: 310000 for a bad
 * signature, keyword or IP, 130101 when sending too fast (20 a minute), 300001 for an unknown token.
 */
@Extension
public class DingTalkNotifier extends MessengerNotifier {

    @Override
    public String id() {
        return "dingtalk";
    }

    @Override
    protected List<SettingDefinition> messengerSettings() {
        return List.of(
                webhookUrlSetting("The robot's address: https://oapi.dingtalk.com/robot/send?access_token=..."),
                signingSecretSetting(
                                "Signing secret (加签)",
                                "The SEC... secret of the robot's 加签 security setting. "
                                        + "Without one, use a keyword: your store's name.")
                        .withPattern("SEC[A-Za-z0-9]{16,}"));
    }

    @Override
    protected void deliver(Alert alert) throws IOException, InterruptedException {
        String url = context().settings().require(WEBHOOK_URL);
        String secret = context().settings().get(SIGNING_SECRET).orElse("");
        if (!secret.isEmpty()) {
            long timestamp = context().clock().millis();
            url += (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(sign(timestamp, secret), StandardCharsets.UTF_8);
        }
        HttpResponse<String> response =
                postJson(URI.create(url), Map.of("msgtype", "text", "text", Map.of("content", alert.plainText())));
        requireCode("DingTalk", response, jsonAnswer("DingTalk", response), "errcode", 0, "errmsg");
    }

    /** DingTalk's signature: the secret is the key, {@code timestamp\nsecret} the text. */
    static String sign(long timestampMillis, String secret) {
        return Signing.hmacSha256Base64(secret, timestampMillis + "\n" + secret);
    }
}

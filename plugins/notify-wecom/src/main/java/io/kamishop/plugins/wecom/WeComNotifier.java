package io.kamishop.plugins.wecom;

import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.notify.Alert;
import io.kamishop.plugins.notify.MessengerNotifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Alerts in a WeCom (企业微信) group through its group robot (群机器人,
 * https://developer.work.weixin.qq.com/document/path/91770): a text message POSTed to the robot's
 * webhook URL ({@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...}). The robot answers
 * {@code {"errcode": 0, "errmsg": "ok"}}, or another {@code errcode} (93000 invalid webhook URL,
 * 45009 too many messages: 20 a minute) with HTTP 200.
 */
@Extension
public class WeComNotifier extends MessengerNotifier {

    /** A text message's limit, in UTF-8 bytes. */
    static final int LONGEST_TEXT_BYTES = 2048;

    @Override
    public String id() {
        return "wecom";
    }

    @Override
    protected List<SettingDefinition> messengerSettings() {
        return List.of(
                webhookUrlSetting(
                        "The group robot's address (Group settings, Group robots, Add): "
                                + "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=... Anyone with it can post into the group: it is kept sealed."));
    }

    @Override
    protected void deliver(Alert alert) throws IOException, InterruptedException {
        String text = fitBytes(alert.plainText(), LONGEST_TEXT_BYTES);
        HttpResponse<String> response = postJson(
                URI.create(context().settings().require(WEBHOOK_URL)),
                Map.of("msgtype", "text", "text", Map.of("content", text)));
        requireCode("WeCom", response, jsonAnswer("WeCom", response), "errcode", 0, "errmsg");
    }

    /** The text cut to at most {@code bytes} UTF-8 bytes, at a character boundary. */
    static String fitBytes(String text, int bytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= bytes) {
            return text;
        }
        int end = text.length();
        while (text.substring(0, end).getBytes(StandardCharsets.UTF_8).length > bytes - 3) {
            end = text.offsetByCodePoints(end, -1);
        }
        return text.substring(0, end) + "…";
    }
}

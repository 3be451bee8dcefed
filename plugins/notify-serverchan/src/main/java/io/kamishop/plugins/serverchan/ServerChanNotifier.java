package io.kamishop.plugins.serverchan;

import io.kamishop.api.SettingDefinition;
import io.kamishop.plugins.notify.Alert;
import io.kamishop.plugins.notify.MessengerNotifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Alerts through ServerChan (Server酱, https://sct.ftqq.com), which forwards them to WeChat and other
 * channels. As its SDKs do (https://github.com/easychen/serverchan-sdk), the SendKey says the service:
 * a Server酱³ key ({@code sctp<uid>t...}) is sent to {@code https://<uid>.push.ft07.com/send/<key>.send},
 * any other (Turbo) to {@code https://sctapi.ftqq.com/<key>.send}; {@code apiBase}, when set, replaces
 * the scheme and host. The message is {@code title} (at most 32 characters) and {@code desp} in Markdown.
 * Both answer {@code {"code": 0, ...}} on success, another code with a {@code message} otherwise.
 */
@Extension
public class ServerChanNotifier extends MessengerNotifier {

    static final String SEND_KEY = "sendKey";
    private static final Pattern SERVERCHAN3 = Pattern.compile("sctp(\\d+)t.*");
    /** ServerChan's limit on a title. */
    static final int LONGEST_TITLE = 32;

    @Override
    public String id() {
        return "serverchan";
    }

    @Override
    protected List<SettingDefinition> messengerSettings() {
        return List.of(
                SettingDefinition.secret(SEND_KEY, "SendKey")
                        .asRequired()
                        .withPattern("[A-Za-z0-9]{8,128}")
                        .withHelp("From sct.ftqq.com (SCT...) or sc3.ft07.com (sctp...), under SendKey."),
                apiBaseSetting(
                        "Server address", null, "Leave empty: the SendKey says which ServerChan it belongs to."));
    }

    @Override
    protected void deliver(Alert alert) throws IOException, InterruptedException {
        String key = context().settings().require(SEND_KEY);
        Matcher serverChan3 = SERVERCHAN3.matcher(key);
        String base = context().settings().get(API_BASE).isPresent()
                ? baseUrl(API_BASE)
                : serverChan3.matches()
                        ? "https://" + serverChan3.group(1) + ".push.ft07.com"
                        : "https://sctapi.ftqq.com";
        URI send = URI.create(base + (serverChan3.matches() ? "/send/" : "/") + key + ".send");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put(
                "title",
                alert.title().length() <= LONGEST_TITLE
                        ? alert.title()
                        : alert.title().substring(0, LONGEST_TITLE - 1) + "…");
        message.put("desp", markdown(alert));
        message.put(
                "short", alert.lines().isEmpty() ? alert.title() : alert.lines().get(0));
        HttpResponse<String> response = postJson(send, message);
        requireCode("ServerChan", response, jsonAnswer("ServerChan", response), "code", 0, "message");
    }

    /** The whole title (it may have been cut), the lines as paragraphs, the link as a Markdown link; every fact escaped. */
    static String markdown(Alert alert) {
        StringBuilder text =
                new StringBuilder("**").append(escape(alert.title())).append("**");
        alert.lines().forEach(line -> text.append("\n\n").append(escape(line)));
        if (alert.linkIsAbsolute()) {
            text.append("\n\n[")
                    .append(escape(alert.linkLabel()))
                    .append("](")
                    .append(alert.link().replace(")", "%29"))
                    .append(')');
        } else if (alert.link() != null) {
            text.append("\n\n").append(escape(alert.linkLabel() + ": " + alert.link()));
        }
        return text.toString();
    }

    /** Backslash before every character Markdown would read as markup, so a product name stays text. */
    private static String escape(String text) {
        return text.replaceAll("([\\\\`*_{}\\[\\]()#+\\-.!<>|~])", "\\\\$1");
    }
}

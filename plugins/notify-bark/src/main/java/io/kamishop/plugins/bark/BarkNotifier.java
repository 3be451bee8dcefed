package io.kamishop.plugins.bark;

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
 * Alerts pushed to an iPhone through Bark (https://github.com/Finb/Bark): the V2 JSON API of its
 * server, {@code POST /push} with the device key (https://github.com/Finb/bark-server/blob/master/docs/API_V2.md),
 * at {@code api.day.app} or a self-hosted bark-server. The server answers {@code {"code": 200,
 * "message": "success"}}, and an error as {@code {"code": 400, "message": "failed to get device token: ..."}}.
 */
@Extension
public class BarkNotifier extends MessengerNotifier {

    static final String DEVICE_KEY = "deviceKey";
    static final String GROUP = "group";
    static final String LEVEL = "level";

    @Override
    public String id() {
        return "bark";
    }

    @Override
    protected List<SettingDefinition> messengerSettings() {
        return List.of(
                SettingDefinition.secret(DEVICE_KEY, "Device key")
                        .asRequired()
                        .withPattern("[A-Za-z0-9]{8,64}")
                        .withHelp(
                                "In the Bark app, the part after the server address in your test URL: https://api.day.app/<key>/..."),
                apiBaseSetting(
                        "Bark server", "https://api.day.app", "Leave as is, unless you run your own bark-server."),
                SettingDefinition.string(GROUP, "Group")
                        .withDefault("Kamishop")
                        .withHelp("The group the alerts are filed under in the Bark app."),
                SettingDefinition.choice(
                                LEVEL, "Interruption level", "active", List.of("active", "timeSensitive", "passive"))
                        .withHelp(
                                "timeSensitive alerts break through Focus modes; passive ones wait in the list silently."));
    }

    @Override
    protected void deliver(Alert alert) throws IOException, InterruptedException {
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("device_key", context().settings().require(DEVICE_KEY));
        push.put("title", alert.title());
        push.put("body", String.join("\n", alert.lines()));
        push.put("group", context().settings().get(GROUP).orElse("Kamishop"));
        push.put("level", context().settings().get(LEVEL).orElse("active"));
        if (alert.linkIsAbsolute()) {
            push.put("url", alert.link()); // tapping the alert opens the order in the admin
        }
        HttpResponse<String> response = postJson(URI.create(baseUrl(API_BASE) + "/push"), push);
        requireCode("Bark", response, jsonAnswer("Bark", response), "code", 200, "message");
    }
}

package io.kamishop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.web.JsonBody;
import java.util.LinkedHashMap;
import java.util.Map;

/** Store settings for the merchant: read all, change any subset (all valid or nothing stored). */
public final class SettingsRoutes {

    private SettingsRoutes() {
    }

    public static void register(Javalin app, ObjectMapper mapper, StoreSettings settings) {
        app.get("/api/admin/settings", ctx -> ctx.json(settings.all()));
        app.put("/api/admin/settings", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> problems = new LinkedHashMap<>();
            body.fields().forEachRemaining(field -> {
                String name = field.getKey();
                String value = field.getValue().isContainerNode() || field.getValue().isNull() ? null : field.getValue().asText();
                StoreSettings.problem(name, value).ifPresentOrElse(p -> problems.put(name, p), () -> values.put(name, value.strip()));
            });
            if (!problems.isEmpty()) {
                throw Refusal.invalidFields("invalid_settings", "some settings are not valid; nothing was stored", problems);
            }
            settings.store(values);
            ctx.json(settings.all());
        });
    }
}

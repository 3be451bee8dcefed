package io.kamishop.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.config.StoreSettings;
import io.kamishop.web.JsonBody;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Store settings for the merchant: read all, change any subset (all valid or nothing stored). */
public final class SettingsRoutes {

    private SettingsRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, StoreSettings settings) {
        routes.get("/api/admin/settings", ctx -> ctx.json(settings.all()));
        routes.put("/api/admin/settings", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> values = new LinkedHashMap<>();
            body.fields()
                    .forEachRemaining(field -> values.put(field.getKey(), value(field.getKey(), field.getValue())));
            settings.change(values);
            ctx.json(settings.all());
        });
    }

    /**
     * The text to check and store: a JSON setting ({@code channelFees}) comes as an object, or as a string
     * holding one; any other setting as a string or number. Anything else is left for the check to refuse.
     */
    private static @Nullable String value(String name, JsonNode node) {
        StoreSettings.Definition definition = StoreSettings.definitions().get(name);
        if (definition != null && definition.json()) {
            return node.isObject()
                    ? node.toString()
                    : node.isTextual() ? node.textValue() : node.isNull() ? null : node.toString();
        }
        return node.isContainerNode() || node.isNull() ? null : node.asText();
    }
}

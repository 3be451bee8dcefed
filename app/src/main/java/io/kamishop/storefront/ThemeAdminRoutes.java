package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.web.JsonBody;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The merchant's view of the themes as JSON: which exist, which is active, and the settings each declares in its
 * {@code theme.json}, with the values the merchant chose. What is checked and stored is {@link ThemeSettings}'s, as
 * for the admin's theme page; this only reads the request and answers. Which theme is active is the store setting
 * {@code theme}.
 */
final class ThemeAdminRoutes {

    private ThemeAdminRoutes() {}

    static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, ThemeSettings themes) {
        routes.get("/api/admin/themes", ctx -> ctx.json(themes.all()));
        routes.get("/api/admin/themes/{name}", ctx -> ctx.json(themes.view(ctx.pathParam("name"))));
        routes.put("/api/admin/themes/{name}/settings", ctx -> {
            String name = ctx.pathParam("name");
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> values = new HashMap<>();
            Map<String, String> unreadable = new LinkedHashMap<>();
            body.fields().forEachRemaining(field -> {
                var node = field.getValue();
                if (node.isContainerNode()) {
                    unreadable.put(field.getKey(), "must be a string, or null to go back to the default");
                } else {
                    values.put(
                            field.getKey(), node.isNull() ? null : node.asText().strip());
                }
            });
            themes.change(name, values, unreadable);
            ctx.json(themes.view(name));
        });
    }
}

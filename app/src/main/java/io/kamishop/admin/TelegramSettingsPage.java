package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.HttpRefusals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Telegram storefront bot's settings in the browser: the same settings as {@code /api/admin/telegram},
 * handed in as their view and their store (so the admin does not depend on the bot, which calls the
 * admin's sales report). The token is a secret, handled as the SMTP password is: never put
 * back in the page, an empty field keeps the stored one.
 */
final class TelegramSettingsPage {

    private TelegramSettingsPage() {}

    /** @param store stores the values (a {@code Refusal} with field errors when invalid) and applies them */
    static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            Supplier<Map<String, Object>> settings,
            Consumer<Map<String, String>> store) {
        routes.get("/admin/settings/telegram", ctx -> show(ctx, web, settings, null, Map.of()));
        routes.post("/admin/settings/telegram", ctx -> {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("enabled", "on".equals(ctx.formParam("enabled")) ? "true" : "false");
            String token = ctx.formParam("botToken");
            if (token != null && !token.isBlank()) {
                values.put("botToken", token.strip());
            }
            for (String name : List.of("apiBase", "merchantChatId", "mode")) {
                String value = ctx.formParam(name);
                if (value != null) {
                    values.put(name, value.strip());
                }
            }
            try {
                store.accept(values);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                Map<String, String> submitted = new HashMap<>(values);
                submitted.remove("botToken");
                show(ctx, web, settings, submitted, fieldErrors(e));
                return;
            }
            // Names only: the audit log is no place for a token.
            web.audit(ctx, "telegram.settings", String.join(", ", values.keySet()));
            web.redirectDone(ctx, "/admin/settings/telegram", "saved");
        });
    }

    private static void show(
            Context ctx,
            AdminWeb web,
            Supplier<Map<String, Object>> settings,
            Map<String, String> submitted,
            Map<String, String> errors) {
        Map<String, Object> view = settings.get();
        Map<String, Object> model = new HashMap<>();
        model.put(
                "enabled",
                submitted != null ? "true".equals(submitted.get("enabled")) : Boolean.TRUE.equals(view.get("enabled")));
        model.put("tokenSet", view.get("botToken") != null);
        model.put("apiBase", value(submitted, view, "apiBase"));
        model.put("merchantChatId", value(submitted, view, "merchantChatId"));
        model.put("mode", value(submitted, view, "mode"));
        model.put("webhookUrl", view.get("webhookUrl"));
        model.put("errors", errors);
        web.page(ctx, "telegram_settings", model);
    }

    private static String value(Map<String, String> submitted, Map<String, Object> view, String name) {
        Object v = submitted != null && submitted.get(name) != null ? submitted.get(name) : view.get(name);
        return v == null ? "" : v.toString();
    }

    private static Map<String, String> fieldErrors(Refusal e) {
        Map<String, String> out = new HashMap<>();
        if (e.details().get("fields") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}

package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.SettingDefinition;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.SettingsValidator;
import io.kamishop.web.HttpRefusals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Telegram storefront bot's settings in the browser, drawn from their schema as every settings form is: the same
 * settings as {@code /api/admin/telegram}, handed in as their schema, view and store (so the admin does not depend on
 * the bot, which calls the admin's sales report). The token is a secret, handled as the SMTP password is: never put
 * back in the page, only {@code ********} when one is stored; that or an empty field keeps the stored one.
 */
final class TelegramSettingsPage {

    // The element ids the page has always had (bookmarks, tests); the form names are the settings' keys.
    private static final Map<String, String> IDS = Map.of(
            "enabled", "telegram-enabled",
            "botToken", "telegram-token",
            "merchantChatId", "telegram-merchant",
            "mode", "telegram-mode",
            "apiBase", "telegram-api-base");
    private static final Map<String, String> LABELS = Map.of(
            "enabled", "telegram_enabled",
            "botToken", "telegram_token",
            "merchantChatId", "telegram_merchant_chat",
            "mode", "telegram_mode",
            "apiBase", "telegram_api_base");

    private TelegramSettingsPage() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, AdminModule.TelegramDesk telegram) {
        routes.get("/admin/settings/telegram", ctx -> show(ctx, web, telegram, null, Map.of()));
        routes.post("/admin/settings/telegram", ctx -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (SettingDefinition d : telegram.schema()) {
                String value = d.type() == SettingDefinition.Type.BOOLEAN
                        ? SettingFields.checkbox(ctx.formParams(d.key()))
                        : ctx.formParam(d.key());
                if (d.type() == SettingDefinition.Type.BOOLEAN) {
                    // A form without the box (or an older page's "on") is still a yes or a no.
                    values.put(d.key(), "true".equals(value) || "on".equals(value) ? "true" : "false");
                } else if (d.secret()) {
                    if (value != null && !value.isBlank() && !SettingsValidator.MASK.equals(value)) {
                        values.put(d.key(), value.strip());
                    }
                } else if (value != null) {
                    values.put(d.key(), value.strip());
                }
            }
            try {
                telegram.store().accept(values);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                // SettingFields.shown never puts a typed secret (the token) back into the form.
                show(ctx, web, telegram, values, SettingFields.fieldProblems(e));
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
            AdminModule.TelegramDesk telegram,
            @Nullable Map<String, String> submitted,
            Map<String, String> errors) {
        Map<String, Object> view = telegram.view().get();
        Map<String, String> values = SettingFields.shown(telegram.schema(), view, submitted);
        Map<String, String> t = web.messages(ctx);
        List<Map<String, Object>> fields = SettingFields.build(
                telegram.schema(),
                values,
                SettingFields.sentences(errors),
                new SettingFields.Form(
                        key -> IDS.getOrDefault(key, "telegram-" + key),
                        key -> key,
                        key -> "error-telegram-" + key,
                        new SettingFields.Texts(
                                d -> t.getOrDefault(LABELS.getOrDefault(d.key(), ""), d.label()),
                                d -> "",
                                (d, option) -> t.getOrDefault("telegram_" + d.key() + "_" + option, option)),
                        d -> false,
                        false));
        Object webhookUrl = view.get("webhookUrl");
        for (Map<String, Object> field : fields) {
            // Where Telegram is told to call in webhook mode, under the mode it belongs to.
            if ("mode".equals(field.get("key")) && webhookUrl != null) {
                field.put("help", webhookUrl.toString());
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("fields", fields);
        web.page(ctx, "telegram_settings", model);
    }
}

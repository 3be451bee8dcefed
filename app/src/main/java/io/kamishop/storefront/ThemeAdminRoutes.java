package io.kamishop.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.web.JsonBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merchant's view of the themes: which exist, which is active, and the settings each declares
 * in its {@code theme.json}, with the values the merchant chose. Which theme is active is the store
 * setting {@code theme}.
 */
final class ThemeAdminRoutes {

    private ThemeAdminRoutes() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            Themes themes,
            ThemeSettingsStore chosen,
            StoreSettings settings) {
        routes.get("/api/admin/themes", ctx -> {
            String active = settings.get(StoreSettings.THEME);
            List<Map<String, Object>> all = new ArrayList<>();
            for (String name : themes.names()) {
                all.add(view(themes, chosen, name, active));
            }
            ctx.json(all);
        });
        routes.get(
                "/api/admin/themes/{name}",
                ctx -> ctx.json(view(
                        themes,
                        chosen,
                        requireTheme(themes, ctx.pathParam("name")),
                        settings.get(StoreSettings.THEME))));
        routes.put("/api/admin/themes/{name}/settings", ctx -> {
            String name = requireTheme(themes, ctx.pathParam("name"));
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> values = new HashMap<>();
            Map<String, String> problems = new LinkedHashMap<>();
            body.fields().forEachRemaining(field -> {
                var node = field.getValue();
                if (node.isContainerNode()) {
                    problems.put(field.getKey(), "must be a string, or null to go back to the default");
                } else {
                    values.put(
                            field.getKey(), node.isNull() ? null : node.asText().strip());
                }
            });
            problems.putAll(themes.get(name).problems(values));
            if (!problems.isEmpty()) {
                throw Refusal.invalidFields(
                        "invalid_theme_settings", "some theme settings are not valid; nothing was stored", problems);
            }
            chosen.store(name, values);
            ctx.json(view(themes, chosen, name, settings.get(StoreSettings.THEME)));
        });
    }

    private static String requireTheme(Themes themes, String name) {
        if (!themes.exists(name)) {
            throw Refusal.notFound("theme_not_found", "there is no theme '" + name + "'");
        }
        return name;
    }

    private static Map<String, Object> view(Themes themes, ThemeSettingsStore chosen, String name, String active) {
        Theme theme = themes.get(name);
        ThemeManifest manifest = theme.manifest();
        Map<String, String> values = chosen.values(name);
        Map<String, String> defaults = manifest.settings();
        List<Map<String, Object>> schema = new ArrayList<>();
        manifest.schema().stream()
                .sorted(java.util.Comparator.comparing(io.kamishop.api.SettingDefinition::key))
                .forEach(d -> {
                    Map<String, Object> setting = new LinkedHashMap<>();
                    setting.put("key", d.key());
                    setting.put("type", ThemeManifest.typeName(d));
                    setting.put("label", d.label());
                    setting.put("default", defaults.get(d.key()));
                    setting.put("value", values.getOrDefault(d.key(), defaults.get(d.key())));
                    schema.add(setting);
                });
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("title", manifest.name());
        view.put("version", manifest.version());
        view.put("author", manifest.author());
        view.put("description", manifest.description());
        view.put("active", name.equals(active));
        view.put("source", themes.inDataDir(name) ? "data-dir" : "bundled");
        view.put("settings", schema);
        return view;
    }
}

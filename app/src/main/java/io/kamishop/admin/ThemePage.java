package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.SettingDefinition;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.web.HttpRefusals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The storefront's theme in the browser: the installed themes, the one the store shows, and a theme's settings (the
 * active one's, or another's with {@code ?theme=}) drawn from its {@code theme.json} as every settings form is. Every
 * change goes through the door the API uses: the active theme is the store setting {@code theme} ({@link
 * StoreSettings#change}, which refuses a theme the store does not have), a theme's settings are the theme API's
 * use case ({@link AdminModule.ThemeDesk#store}). A refused value comes back on its field and nothing is stored.
 */
final class ThemePage {

    static final String PATH = "/admin/settings/theme";
    /** The theme every other falls back to, always there (bundled). */
    private static final String DEFAULT_THEME = "default";

    private ThemePage() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes, AdminWeb web, StoreSettings settings, AdminModule.ThemeDesk themes) {
        routes.get(PATH, ctx -> show(ctx, web, themes, ctx.queryParam("theme"), null, Map.of(), null));
        routes.post(PATH, ctx -> {
            String chosen = ctx.formParam("theme") == null ? "" : ctx.formParam("theme");
            try {
                settings.change(Map.of(StoreSettings.THEME.name(), chosen));
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                String problem =
                        SettingFields.fieldProblems(e).getOrDefault(StoreSettings.THEME.name(), e.getMessage());
                show(ctx, web, themes, null, null, Map.of(), problem);
                return;
            }
            web.audit(ctx, "settings.update", StoreSettings.THEME.name() + "=" + chosen.strip());
            web.redirectDone(ctx, PATH, "theme_chosen");
        });
        routes.post(PATH + "/{name}", ctx -> {
            String name = ctx.pathParam("name");
            List<SettingDefinition> schema = themes.schema().apply(name); // 404 for a theme the store does not have
            Map<String, String> values = new LinkedHashMap<>();
            for (SettingDefinition d : schema) {
                String value = ctx.formParam(field(d.key()));
                if (value != null) {
                    values.put(d.key(), value.strip()); // as the API reads a value
                }
            }
            try {
                themes.store().accept(name, values);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                show(ctx, web, themes, name, values, SettingFields.fieldProblems(e), null);
                return;
            }
            web.audit(ctx, "theme.settings", name + ": " + String.join(", ", values.keySet()));
            web.redirectDone(ctx, PATH + "?theme=" + name, "saved");
        });
    }

    /** The form parameter a setting is posted as: a theme's keys are its author's, kept apart from {@code _csrf}. */
    private static String field(String key) {
        return "setting." + key;
    }

    /**
     * @param selected  the theme whose settings the form shows; the active one when {@code null}
     * @param submitted what a refused form had in its fields, by setting
     * @param problems  why each field was refused, by setting
     * @param choiceProblem why the chosen theme was refused
     */
    private static void show(
            Context ctx,
            AdminWeb web,
            AdminModule.ThemeDesk themes,
            @Nullable String selected,
            @Nullable Map<String, String> submitted,
            Map<String, String> problems,
            @Nullable String choiceProblem) {
        List<Map<String, Object>> all = themes.themes().get();
        // Without a choice, the active theme's settings; when its folder has gone, the storefront shows the default
        // theme, and so does the page (rather than a 404 that would keep the merchant from choosing another).
        String name = selected != null && !selected.isBlank()
                ? selected
                : all.stream()
                        .filter(th -> Boolean.TRUE.equals(th.get("active")))
                        .map(th -> String.valueOf(th.get("name")))
                        .findFirst()
                        .orElse(DEFAULT_THEME);
        Map<String, Object> theme = themes.view().apply(name); // 404 for a theme the store does not have
        List<SettingDefinition> schema = themes.schema().apply(name);
        Map<String, Object> current = new HashMap<>();
        List<?> settings = java.util.Objects.requireNonNull(
                (List<?>) theme.get("settings"), "a theme's view always lists its settings (ThemeSettings.view)");
        for (Object setting : settings) {
            Map<?, ?> s = (Map<?, ?>) setting;
            current.put(String.valueOf(s.get("key")), s.get("value"));
        }
        Map<String, String> t = web.messages(ctx);
        List<Map<String, Object>> fields = SettingFields.build(
                schema,
                SettingFields.shown(schema, current, submitted),
                SettingFields.sentences(problems),
                SettingFields.Form.plugin(
                        new SettingFields.Texts(
                                // The bundled themes' settings in the merchant's language; another theme's as its
                                // author wrote them.
                                d -> t.getOrDefault("theme_setting_" + d.key(), d.label()),
                                d -> d.type() == SettingDefinition.Type.ASSET
                                        ? t.getOrDefault("theme_asset_help", "")
                                        : "",
                                (d, option) -> option),
                        d -> false));
        Map<String, Object> model = new HashMap<>();
        model.put("themes", all);
        model.put("theme", theme);
        model.put("fields", fields);
        model.put("choiceProblem", choiceProblem);
        web.page(ctx, "theme", model);
    }
}

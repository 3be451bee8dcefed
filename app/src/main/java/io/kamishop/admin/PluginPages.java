package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.SettingDefinition;
import io.kamishop.domain.Refusal;
import io.kamishop.plugin.InstalledPlugin;
import io.kamishop.plugin.PluginConfiguration;
import io.kamishop.plugin.PluginHost;
import io.kamishop.plugin.PluginTexts;
import io.kamishop.settings.SettingsValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plugins: the list with states, enable and disable, and each plugin's settings form drawn from its
 * declared schema. Saving goes through the same validator and encrypted store as
 * {@code PUT /api/admin/plugins/{id}/config}: secrets are shown masked and a masked value sent back
 * keeps the stored secret; problems are shown next to their field and nothing is stored.
 * Upload and uninstall call the plugin API ({@code POST /api/admin/plugins}, {@code DELETE ...}) from
 * the page with the session and CSRF header.
 */
public final class PluginPages {

    private PluginPages() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, PluginHost host) {
        routes.get("/admin/plugins", ctx -> {
            Map<String, String> descriptions = new HashMap<>();
            for (InstalledPlugin p : host.list()) {
                descriptions.put(p.id(), host.texts(p.id(), web.language(ctx)).description(p.description()));
            }
            web.page(ctx, "plugins", Map.of("plugins", host.list(), "descriptions", descriptions));
        });
        routes.get("/admin/plugins/{id}", ctx -> showPlugin(ctx, web, host, require(host, ctx), null, Map.of()));
        routes.post("/admin/plugins/{id}/enable", ctx -> {
            InstalledPlugin p = require(host, ctx);
            host.enable(p.id());
            web.audit(ctx, "plugin.enable", p.id());
            web.redirectDone(ctx, "/admin/plugins/" + p.id(), "enabled");
        });
        routes.post("/admin/plugins/{id}/disable", ctx -> {
            InstalledPlugin p = require(host, ctx);
            host.disable(p.id());
            web.audit(ctx, "plugin.disable", p.id());
            web.redirectDone(ctx, "/admin/plugins/" + p.id(), "disabled");
        });
        routes.post("/admin/plugins/{id}/config", ctx -> {
            InstalledPlugin p = require(host, ctx);
            List<SettingDefinition> schema = host.schema(p.id());
            Map<String, String> submitted = new HashMap<>();
            for (SettingDefinition d : schema) {
                if (host.settingsStore().environmentOverride(p.id(), d).isPresent()) {
                    continue; // set by the environment: the form shows it read-only
                }
                String value = ctx.formParam("setting." + d.key());
                if (d.type() == SettingDefinition.Type.BOOLEAN) {
                    // A ticked box (after the form's hidden "false"), or any value a client posts but "false".
                    String ticked = SettingFields.checkbox(ctx.formParams("setting." + d.key()));
                    value = ticked == null || ticked.equals("false") ? "false" : "true";
                } else if (d.type() == SettingDefinition.Type.MULTI_CHOICE) {
                    value = ticked(d, ctx.formParams("setting." + d.key()));
                }
                if (value != null) {
                    submitted.put(d.key(), value);
                }
            }
            PluginConfiguration.Outcome outcome = new PluginConfiguration(host).save(p.id(), submitted);
            if (!outcome.saved()) {
                ctx.status(422);
                showPlugin(ctx, web, host, p, submitted, outcome.problems());
                return;
            }
            // Names of changed settings only: values (secrets above all) never go into the audit log.
            web.audit(ctx, "plugin.configure", p.id() + ": " + String.join(", ", outcome.stored()));
            web.redirectDone(ctx, "/admin/plugins/" + p.id(), "saved");
        });
    }

    /**
     * The ticked boxes of a multi-choice field as the stored comma list, in the options' order. Nothing
     * ticked is an empty value (a form never sends an unticked box). A value that is no option is kept,
     * so the validator refuses the whole form with 422 rather than the store dropping it quietly.
     */
    static String ticked(SettingDefinition d, List<String> sent) {
        List<String> chosen =
                new ArrayList<>(d.options().stream().filter(sent::contains).toList());
        sent.stream().filter(v -> !d.options().contains(v)).distinct().forEach(chosen::add);
        return String.join(",", chosen);
    }

    private static void showPlugin(
            Context ctx,
            AdminWeb web,
            PluginHost host,
            InstalledPlugin p,
            @Nullable Map<String, String> submitted,
            Map<String, SettingsValidator.Problem> problems) {
        List<SettingDefinition> schema = host.schema(p.id());
        PluginTexts texts = host.texts(p.id(), web.language(ctx));
        Map<String, String> values = new HashMap<>();
        for (SettingDefinition d : schema) {
            values.put(
                    d.key(),
                    submitted != null && submitted.containsKey(d.key())
                            ? submitted.get(d.key())
                            : host.settingsStore()
                                    .value(p.id(), d.key(), schema)
                                    .orElse(""));
        }
        List<Map<String, Object>> fields = SettingFields.build(
                schema,
                values,
                problems,
                SettingFields.Form.plugin(
                        new SettingFields.Texts(texts::label, texts::help, texts::option),
                        d -> host.settingsStore().environmentOverride(p.id(), d).isPresent()));
        Map<String, Object> model = new HashMap<>();
        model.put("plugin", p);
        model.put("name", texts.name(p.id()));
        model.put("description", texts.description(p.description()));
        model.put("fields", fields);
        model.put("failed", !problems.isEmpty());
        web.page(ctx, "plugin", model);
    }

    private static InstalledPlugin require(PluginHost host, Context ctx) {
        return host.find(ctx.pathParam("id"))
                .orElseThrow(() ->
                        Refusal.notFound("plugin_not_found", "no plugin '" + ctx.pathParam("id") + "' is installed"));
    }
}

package io.kamishop.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.SettingDefinition;
import io.kamishop.domain.Refusal;
import io.kamishop.settings.SettingsValidator;
import io.kamishop.web.JsonBody;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The merchant's plugin admin: list, upload (install or upgrade), enable, disable, uninstall, settings, metrics. */
public final class PluginRoutes {

    /** Bigger than the JSON limit: a plugin may carry a gateway SDK. */
    private static final int MAX_PLUGIN_BYTES = 64 * 1024 * 1024;

    private PluginRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, PluginHost host) {
        routes.get(
                "/api/admin/plugins",
                ctx -> ctx.json(host.list().stream().map(PluginRoutes::view).toList()));
        routes.post("/api/admin/plugins", ctx -> ctx.status(201).json(view(host.install(upload(ctx)))));
        routes.delete("/api/admin/plugins/{id}", ctx -> {
            host.uninstall(require(host, ctx).id(), "true".equalsIgnoreCase(ctx.queryParam("purge")));
            ctx.status(204);
        });
        routes.get(
                "/api/admin/plugins/{id}/metrics",
                ctx -> ctx.json(host.metrics(require(host, ctx).id())));
        routes.get("/api/admin/plugins/{id}", ctx -> ctx.json(view(require(host, ctx))));
        routes.post("/api/admin/plugins/{id}/enable", ctx -> {
            host.enable(require(host, ctx).id());
            ctx.json(view(require(host, ctx)));
        });
        routes.post("/api/admin/plugins/{id}/disable", ctx -> {
            host.disable(require(host, ctx).id());
            ctx.json(view(require(host, ctx)));
        });
        routes.get("/api/admin/plugins/{id}/config", ctx -> {
            String id = require(host, ctx).id();
            ctx.json(config(host, id));
        });
        routes.put("/api/admin/plugins/{id}/config", ctx -> {
            String id = require(host, ctx).id();
            List<SettingDefinition> schema = host.schema(id);
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> submitted = new HashMap<>();
            body.fields().forEachRemaining(field -> {
                if (field.getValue().isArray()) {
                    // A list setting may come as a JSON array; it is stored one entry per line.
                    submitted.put(field.getKey(), listText(field.getKey(), field.getValue()));
                    return;
                }
                if (field.getValue().isContainerNode()) {
                    throw Refusal.badRequest(
                            "wrong_type", "'" + field.getKey() + "' must be a string, number or boolean");
                }
                submitted.put(
                        field.getKey(),
                        field.getValue().isNull() ? null : field.getValue().asText());
            });
            PluginConfiguration.Outcome outcome = new PluginConfiguration(host).save(id, submitted);
            if (!outcome.saved()) {
                Map<String, String> problems = new java.util.LinkedHashMap<>();
                outcome.problems().forEach((key, problem) -> problems.put(key, problem.message()));
                throw Refusal.invalidFields(
                        "invalid_config", "some settings are not valid; nothing was stored", problems);
            }
            ctx.json(config(host, id));
        });
    }

    /** The raw body, read past Javalin's JSON-sized limit but not without one. */
    private static byte[] upload(Context ctx) throws IOException {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] file = in.readNBytes(MAX_PLUGIN_BYTES + 1);
            if (file.length > MAX_PLUGIN_BYTES) {
                throw new Refusal(
                        Refusal.Kind.TOO_LARGE,
                        "payload_too_large",
                        "a plugin file may be at most " + MAX_PLUGIN_BYTES / (1024 * 1024) + " MiB");
            }
            if (file.length == 0) {
                throw Refusal.badRequest(
                        "empty_body", "send the plugin file's bytes as the body (application/octet-stream)");
            }
            return file;
        }
    }

    private static String listText(String key, com.fasterxml.jackson.databind.JsonNode array) {
        List<String> entries = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode entry : array) {
            if (entry.isContainerNode() || entry.isNull()) {
                throw Refusal.badRequest("wrong_type", "'" + key + "' must be a list of strings");
            }
            entries.add(entry.asText());
        }
        return String.join("\n", entries);
    }

    private static InstalledPlugin require(PluginHost host, Context ctx) {
        return host.find(ctx.pathParam("id"))
                .orElseThrow(() ->
                        Refusal.notFound("plugin_not_found", "no plugin '" + ctx.pathParam("id") + "' is installed"));
    }

    private static Map<String, Object> config(PluginHost host, String id) {
        List<SettingDefinition> schema = host.schema(id);
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingDefinition definition : schema) {
            String value =
                    host.settingsStore().value(id, definition.key(), schema).orElse(null);
            if (definition.secret()) {
                values.put(definition.key(), value == null || value.isEmpty() ? "" : SettingsValidator.MASK);
            } else {
                values.put(definition.key(), value);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("schema", schema.stream().map(PluginRoutes::definitionView).toList());
        answer.put("values", values);
        answer.put(
                "overridden",
                schema.stream()
                        .filter(d ->
                                host.settingsStore().environmentOverride(id, d).isPresent())
                        .map(SettingDefinition::key)
                        .toList());
        return answer;
    }

    private static Map<String, Object> definitionView(SettingDefinition d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key", d.key());
        view.put("type", d.type().name().toLowerCase(java.util.Locale.ROOT));
        view.put("label", d.label());
        view.put("help", d.help());
        view.put("required", d.required());
        view.put("secret", d.secret());
        view.put("default", d.secret() ? null : d.defaultValue());
        view.put("options", d.options());
        // An INTEGER's range (API 1.7), only where one is declared: the answer is unchanged for every other setting.
        if (d.min() != null) {
            view.put("min", d.min());
        }
        if (d.max() != null) {
            view.put("max", d.max());
        }
        return view;
    }

    static Map<String, Object> view(InstalledPlugin p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("version", p.version());
        view.put("description", p.description());
        view.put("state", p.state());
        view.put("extensions", p.extensions());
        view.put("signed", p.signed());
        if (p.error() != null) {
            view.put("error", p.error());
        }
        return view;
    }
}

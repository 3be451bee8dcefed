package io.kamishop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.flags.FlagRoutes;
import io.kamishop.flags.Flags;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.web.HttpRefusals;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Feature flags in the browser: each flag with its orders placed and paid per arm, and one form that
 * creates or changes a flag through the same {@link Flags#put} as {@code PUT /api/admin/flags/{key}}
 * (so the page cannot store what the API would refuse). Targets are edited as the API's JSON.
 */
final class FlagsPage {

    private FlagsPage() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            ObjectMapper mapper,
            Flags flags,
            ChannelRegistry channels) {
        routes.get(
                "/admin/flags",
                ctx -> show(ctx, web, flags, channels, editing(flags, ctx.queryParam("edit")), Map.of()));
        routes.post("/admin/flags", ctx -> {
            Map<String, Object> submitted = new HashMap<>();
            for (String name : List.of(
                    "key", "description", "rolloutPercent", "channel", "riskRule", "theme", "feature", "targets")) {
                submitted.put(
                        name,
                        ctx.formParam(name) == null ? "" : ctx.formParam(name).strip());
            }
            submitted.put("enabled", "on".equals(ctx.formParam("enabled")));
            String key = field(submitted, "key");
            try {
                Flags.requireKey(key);
                flags.put(actor(ctx), key, body(mapper, submitted));
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                show(ctx, web, flags, channels, submitted, fieldErrors(e));
                return;
            }
            web.audit(ctx, "flag.put", key);
            web.redirectDone(ctx, "/admin/flags", "saved");
        });
        routes.post("/admin/flags/{key}/delete", ctx -> {
            String key = ctx.pathParam("key");
            flags.delete(actor(ctx), key);
            web.audit(ctx, "flag.delete", key);
            web.redirectDone(ctx, "/admin/flags", "saved");
        });
    }

    /** The form's fields as the API's JSON body; a field that does not read is left for {@link Flags#put} to refuse. */
    private static ObjectNode body(ObjectMapper mapper, Map<String, Object> form) {
        ObjectNode body = mapper.createObjectNode();
        body.put("description", (String) form.get("description"));
        String percent = (String) form.get("rolloutPercent");
        try {
            body.put("rolloutPercent", new BigDecimal(percent));
        } catch (NumberFormatException e) {
            body.put("rolloutPercent", percent);
        }
        for (String gate : List.of("channel", "riskRule", "theme", "feature")) {
            String value = field(form, gate);
            if (value.isEmpty()) {
                body.putNull(gate);
            } else {
                body.put(gate, value);
            }
        }
        String targets = field(form, "targets");
        if (!targets.isEmpty()) {
            try {
                body.set("targets", mapper.readTree(targets));
            } catch (java.io.IOException e) {
                body.put("targets", targets); // not an object: refused with the targets' rule
            }
        }
        body.put("enabled", (Boolean) form.get("enabled"));
        return body;
    }

    /** A text field of the posted form, which the route above puts for every field ("" when it was not sent). */
    private static String field(Map<String, Object> form, String name) {
        return (String) form.getOrDefault(name, "");
    }

    private static Map<String, Object> editing(Flags flags, @Nullable String key) {
        Map<String, Object> form = new HashMap<>(Map.of(
                "key", "", "description", "", "rolloutPercent", "0", "channel", "", "targets", "", "enabled", true));
        form.put("riskRule", "");
        form.put("theme", "");
        form.put("feature", "");
        if (key != null) {
            flags.find(key).ifPresent(f -> {
                form.put("key", f.key());
                form.put("description", f.description());
                form.put(
                        "rolloutPercent",
                        BigDecimal.valueOf(f.rolloutBp(), 2)
                                .stripTrailingZeros()
                                .toPlainString());
                form.put("channel", f.channel() == null ? "" : f.channel());
                form.put("riskRule", f.riskRule() == null ? "" : f.riskRule());
                form.put("theme", f.theme() == null ? "" : f.theme());
                form.put("feature", f.feature() == null ? "" : f.feature());
                form.put("targets", f.targets().json().toString());
                form.put("enabled", f.enabled());
            });
        }
        return form;
    }

    private static void show(
            Context ctx,
            AdminWeb web,
            Flags flags,
            ChannelRegistry channels,
            Map<String, Object> form,
            Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("section", "flags");
        model.put(
                "flags",
                flags.all().stream().map(f -> FlagRoutes.view(flags.report(f))).toList());
        model.put(
                "channels",
                channels.choices().stream().map(ChannelRegistry.Choice::id).toList());
        model.put("features", new java.util.TreeSet<>(Flags.FEATURES));
        model.put("form", form);
        model.put("errors", errors);
        web.page(ctx, "flags", model);
    }

    private static Map<String, String> fieldErrors(Refusal e) {
        Map<String, String> out = new HashMap<>();
        if (e.details().get("fields") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k).split("\\.")[0], String.valueOf(v)));
        } else {
            out.put("key", e.getMessage());
        }
        return out;
    }

    private static String actor(Context ctx) {
        AdminWeb.Session s = AdminWeb.session(ctx);
        return s == null ? "admin" : "user:" + s.user().username();
    }
}

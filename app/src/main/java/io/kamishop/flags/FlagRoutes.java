package io.kamishop.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.Caller;
import io.kamishop.web.JsonBody;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET/PUT/DELETE /api/admin/flags[/{key}]}: the flags with their per-arm counts; changes are audited. */
public final class FlagRoutes {

    private FlagRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, Flags flags) {
        routes.get(
                "/api/admin/flags",
                ctx -> ctx.json(
                        flags.all().stream().map(f -> view(flags.report(f))).toList()));
        routes.get("/api/admin/flags/{key}", ctx -> ctx.json(view(flags.report(require(flags, ctx)))));
        routes.put("/api/admin/flags/{key}", ctx -> {
            String key = ctx.pathParam("key");
            Flags.requireKey(key);
            JsonBody body = JsonBody.read(mapper, ctx);
            com.fasterxml.jackson.databind.node.ObjectNode fields = mapper.createObjectNode();
            body.fields().forEachRemaining(e -> fields.set(e.getKey(), e.getValue()));
            Flag flag = flags.put(actor(ctx), key, fields);
            ctx.json(view(flags.report(flag)));
        });
        routes.delete("/api/admin/flags/{key}", ctx -> {
            flags.delete(actor(ctx), ctx.pathParam("key"));
            ctx.status(204);
        });
    }

    private static Flag require(Flags flags, Context ctx) {
        String key = ctx.pathParam("key");
        Flags.requireKey(key);
        return flags.find(key).orElseThrow(() -> Refusal.notFound("flag_not_found", "there is no flag '" + key + "'"));
    }

    private static String actor(Context ctx) {
        return "admin:" + Caller.name(ctx, "unknown");
    }

    /** A flag as the API answers it: its settings and, per arm, the orders placed and paid. */
    public static Map<String, Object> view(Flags.Report report) {
        Flag f = report.flag();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key", f.key());
        view.put("description", f.description());
        view.put(
                "rolloutPercent", java.math.BigDecimal.valueOf(f.rolloutBp(), 2).stripTrailingZeros());
        view.put("targets", f.targets().json());
        view.put("channel", f.channel());
        view.put("riskRule", f.riskRule());
        view.put("theme", f.theme());
        view.put("feature", f.feature());
        view.put("enabled", f.enabled());
        view.put("updatedAt", f.updatedAt());
        Map<String, Map<String, Long>> arms = new LinkedHashMap<>();
        for (Arm arm : Arm.values()) {
            arms.put(arm.code(), new LinkedHashMap<>(Map.of("placed", 0L, "paid", 0L)));
        }
        for (FlagDao.ArmCount c : report.arms()) {
            arms.put(c.arm(), Map.of("placed", c.placed(), "paid", c.paid()));
        }
        view.put("arms", arms);
        return view;
    }
}

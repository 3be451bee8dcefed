package io.kamishop.audit;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.kamishop.admin.AdminAuth;
import io.kamishop.web.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records every successful admin API change, and lets the merchant read and verify the trail. */
public final class AuditRoutes {

    private AuditRoutes() {
    }

    public static void register(Javalin app, AuditLog audit) {
        app.after("/api/admin/*", ctx -> {
            // Generic on purpose: a new admin endpoint is audited without anyone remembering to.
            if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && ctx.method() != HandlerType.OPTIONS
                    && ctx.status().getCode() < 400 && ctx.attribute(AdminAuth.PRINCIPAL) != null) {
                audit.record(ctx.attribute(AdminAuth.PRINCIPAL), "admin." + ctx.method().name().toLowerCase(java.util.Locale.ROOT),
                        ctx.path(), "status " + ctx.status().getCode() + " from " + ctx.ip());
            }
        });
        app.get("/api/admin/audit", ctx -> {
            int limit = parse(ctx.queryParam("limit"), 100);
            long before = ctx.queryParam("before") == null ? Long.MAX_VALUE : parse(ctx.queryParam("before"), 0);
            ctx.json(audit.recent(Math.min(Math.max(limit, 1), 1000), before).stream().map(e -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("seq", e.seq());
                view.put("at", Instant.ofEpochMilli(e.at()));
                view.put("actor", e.actor());
                view.put("action", e.action());
                view.put("subject", e.subject());
                view.put("detail", e.detail());
                view.put("hash", e.hash());
                return view;
            }).toList());
        });
        app.get("/api/admin/audit/verify", ctx -> ctx.json(audit.verify()));
    }

    private static int parse(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_number", "'" + text + "' is not a whole number");
        }
    }
}

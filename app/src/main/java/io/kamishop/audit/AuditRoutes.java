package io.kamishop.audit;

import io.javalin.router.JavalinDefaultRoutingApi;

/** Lets the merchant verify the audit trail's hash chain. */
public final class AuditRoutes {

    private AuditRoutes() {}

    /** The trail itself is listed by the admin API ({@code GET /api/admin/audit}); this adds the chain check. */
    public static void register(JavalinDefaultRoutingApi<?> routes, AuditLog audit) {
        routes.get("/api/admin/audit/verify", ctx -> ctx.json(audit.verify()));
    }
}

package io.kamishop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.Caller;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admin users over the API ({@code POST /api/admin/users}, as the contract says), and the audit
 * trail of every change made through {@code /api/admin/*}, by token or by session.
 */
public final class AdminApi {

    private AdminApi() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            AdminUsers users,
            AdminAudit audit,
            ClientAddress clients) {
        StaffManagement staff = new StaffManagement(users, audit);
        routes.post("/api/admin/users", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            AdminUser created = staff.create(
                    Caller.name(ctx, "unknown"),
                    clients.ip(ctx),
                    body.optionalString("username").orElse(null),
                    body.optionalString("password").orElse(null),
                    body.optionalString("role").orElse(null));
            ctx.status(201).json(view(created));
        });
        routes.get(
                "/api/admin/users",
                ctx -> ctx.json(users.list().stream().map(AdminApi::view).toList()));
        routes.put("/api/admin/users/{id}", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            long id = PathIds.id(ctx, "id", "user");
            String role = body.optionalString("role")
                    .orElseThrow(() -> Refusal.invalidFields(
                            "invalid_user", "the admin user is not valid", Map.of("role", "is required")));
            ctx.json(view(staff.changeRole(Caller.name(ctx, "unknown"), clients.ip(ctx), id, role)));
        });
        routes.delete("/api/admin/users/{id}", ctx -> {
            staff.delete(Caller.name(ctx, "unknown"), clients.ip(ctx), PathIds.id(ctx, "id", "user"));
            ctx.status(204);
        });
        routes.get("/api/admin/audit", ctx -> ctx.json(audit.recent(200, Long.MAX_VALUE)));
        routes.after("/api/admin/*", ctx -> {
            String method = ctx.method().name();
            if (method.equals("GET") || method.equals("HEAD") || ctx.status().getCode() >= 400) {
                return;
            }
            audit.record(
                    Caller.name(ctx, "unknown"),
                    "api " + method + " " + ctx.path(),
                    "status " + ctx.status().getCode(),
                    clients.ip(ctx));
        });
    }

    private static Map<String, Object> view(AdminUser user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id());
        view.put("username", user.username());
        view.put("role", user.roleId());
        view.put("totpEnabled", user.totpEnabled());
        view.put("createdAt", Instant.ofEpochMilli(user.createdAt()));
        return view;
    }
}

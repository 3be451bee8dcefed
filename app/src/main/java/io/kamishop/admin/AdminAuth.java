package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards {@code /api/admin/*}: a valid, unrevoked bearer token, or the signed-in admin's session
 * cookie (for the admin pages' own calls). A session call that changes anything must also carry the
 * session's CSRF token in {@code X-CSRF-Token}; bearer calls need none (a browser never adds a bearer
 * header by itself). A token may only call the routes its {@link TokenScope} permits, a signed-in admin
 * those of their {@link StaffRole}: both checked before any route runs, by the one policy in {@link AdminAccess}.
 */
public final class AdminAuth {

    private AdminAuth() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, AdminTokens tokens, AdminSessions sessions) {
        routes.before("/api/admin/*", ctx -> authenticate(ctx, tokens, sessions));
        io.kamishop.web.CallScopes.register(routes, "/api/admin/*");
    }

    private static void authenticate(Context ctx, AdminTokens tokens, AdminSessions sessions) {
        String header = ctx.header("Authorization");
        String principal = null;
        io.kamishop.web.CallScopes.Scope scope = null;
        if (header == null && sessions != null) {
            Optional<AdminSessions.Session> session =
                    sessions.find(AdminWeb.sessionCookie(ctx)).filter(AdminSessions.Session::complete);
            if (session.isPresent()) {
                requireCsrf(ctx, session.get());
                principal = "user:" + session.get().user().username();
                StaffRole role = session.get().user().role();
                scope = (method, path) -> AdminAccess.refusal(method, path, role);
            }
        }
        if (principal == null) {
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new Refusal(
                        Refusal.Kind.UNAUTHENTICATED,
                        "unauthorized",
                        "an admin token is required: Authorization: Bearer <token>");
            }
            AdminTokens.TokenInfo token = tokens.verify(header.substring(7))
                    .orElseThrow(() ->
                            new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "the admin token is not valid"));
            principal = "token:" + token.name();
            scope = (method, path) -> refusal(method, path, token.scope());
        }
        ctx.attribute(io.kamishop.web.Caller.ATTRIBUTE, principal);
        // Checked by the next before-handler (CallScopes), by the one policy in AdminAccess.
        ctx.attribute(io.kamishop.web.CallScopes.ATTRIBUTE, scope);
    }

    /** Why a token of this scope may not call this route (by the one table in {@link AdminApiAreas}), or empty. */
    static Optional<String> refusal(String method, String path, TokenScope scope) {
        return AdminAccess.refusal(method, path, scope)
                .map(why -> why + "; create a token with a wider scope at /admin/tokens");
    }

    private static void requireCsrf(Context ctx, AdminSessions.Session session) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String sent = ctx.header(AdminWeb.CSRF_HEADER);
        if (sent == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "csrf_token_missing",
                    "a signed-in admin's change needs the page's X-CSRF-Token header");
        }
    }
}

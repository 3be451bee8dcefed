package io.kamishop.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kamishop.web.ApiException;

/** Guards {@code /api/admin/*}: a valid, unrevoked bearer token or nothing. */
public final class AdminAuth {

    public static final String PRINCIPAL = "kamishop.admin";

    private AdminAuth() {
    }

    public static void register(Javalin app, AdminTokens tokens) {
        app.before("/api/admin/*", ctx -> requireToken(ctx, tokens));
    }

    private static void requireToken(Context ctx, AdminTokens tokens) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "an admin token is required: Authorization: Bearer <token>");
        }
        AdminTokens.TokenInfo token = tokens.verify(header.substring(7))
                .orElseThrow(() -> new ApiException(401, "unauthorized", "the admin token is not valid"));
        ctx.attribute(PRINCIPAL, "token:" + token.name());
    }
}

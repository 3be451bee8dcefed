package io.kamishop.web;

import io.javalin.http.Context;

/**
 * Who made this call, as the guard that let it in named them (an admin's user name or a token's
 * name). Kept on the request so any route can write it to the audit trail without knowing which
 * guard ran.
 */
public final class Caller {

    /** The request attribute the admin guard sets. */
    public static final String ATTRIBUTE = "kamishop.admin";

    private Caller() {}

    /** The caller's name, or {@code fallback} when no guard named one. */
    public static String name(Context ctx, String fallback) {
        Object principal = ctx.attribute(ATTRIBUTE);
        return principal == null ? fallback : principal.toString();
    }
}

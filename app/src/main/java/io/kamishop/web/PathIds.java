package io.kamishop.web;

import io.javalin.http.Context;
import io.kamishop.domain.Refusal;

/** Numeric ids in paths: anything that is not one names nothing, so it is a 404 like an unknown id. */
public final class PathIds {

    private PathIds() {}

    public static long id(Context ctx, String param, String what) {
        String text = ctx.pathParam(param);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 404
        }
        throw Refusal.notFound(what + "_not_found", "there is no " + what + " '" + text + "'");
    }
}

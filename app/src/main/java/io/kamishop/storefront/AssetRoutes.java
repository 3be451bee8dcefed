package io.kamishop.storefront;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/**
 * Theme files for browsers at {@code /assets/<theme>/<content-hash>/<path>}. The hash is in the URL,
 * so the file can be cached for a year: a changed file is a new URL. An old hash still gets the
 * current file, uncached, so a page cached before a theme edit does not break.
 */
final class AssetRoutes {

    private static final String FOREVER = "public, max-age=31536000, immutable";

    private AssetRoutes() {}

    static void register(JavalinDefaultRoutingApi<?> routes, Themes themes) {
        routes.get("/assets/{theme}/{hash}/<path>", ctx -> {
            String name = ctx.pathParam("theme");
            String path = ctx.pathParam("path");
            Optional<ThemeAsset> asset = themes.exists(name) && ThemeLayer.isSafe(path)
                    ? themes.get(name).asset(path)
                    : Optional.empty();
            if (asset.isEmpty()) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset");
                return;
            }
            String etag = "\"" + asset.get().hash() + "\"";
            ctx.header("ETag", etag);
            ctx.header("Cache-Control", asset.get().hash().equals(ctx.pathParam("hash")) ? FOREVER : "no-cache");
            if (etag.equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
            ctx.contentType(asset.get().contentType()).result(asset.get().bytes());
        });
    }
}

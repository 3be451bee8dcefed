package io.kamishop.plugin;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/**
 * {@code GET /plugin-assets/{pluginId}/{name}}: a script or style a running plugin ships under {@code kamishop-web/}
 * for buyers' browsers, such as the glue a human check needs between its vendor's widget and the store's form
 * (Geetest hands back four values where the form has one field). Served from the store's own origin, so the
 * Content-Security-Policy's {@code 'self'} covers it and no inline script is needed. A disabled plugin's files are
 * gone with it (404).
 */
public final class PluginAssetRoutes {

    /** Flat names only: no folder, no dot-dot, no query tricks. */
    private static final String NAME = "[a-z0-9][a-z0-9-]{0,63}\\.(js|css)";

    private PluginAssetRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, PluginHost host) {
        routes.get("/plugin-assets/{pluginId}/{name}", ctx -> {
            String name = ctx.pathParam("name");
            Optional<byte[]> file =
                    name.matches(NAME) ? host.webAsset(ctx.pathParam("pluginId"), name) : Optional.empty();
            if (file.isEmpty()) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset");
                return;
            }
            // Short: the URL carries no version, and an upgraded plugin's glue must reach buyers soon.
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.contentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
                    .result(file.get());
        });
    }
}

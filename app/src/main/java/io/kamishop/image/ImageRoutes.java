package io.kamishop.image;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/**
 * Stored images at {@code /images/{hash}-{width}.{format}}. The name is the upload's content hash,
 * so a name always means the same bytes: browsers and proxies may keep them for a year unasked.
 */
public final class ImageRoutes {

    private static final String FOREVER = "public, max-age=31536000, immutable";

    private ImageRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, Images images) {
        routes.get("/images/{file}", ctx -> {
            Optional<Images.StoredFile> file = images.file(ctx.pathParam("file"));
            // The security headers say nosniff for every answer; said here too, as the one thing that
            // keeps an image from ever being read as a page.
            ctx.header("X-Content-Type-Options", "nosniff");
            if (file.isEmpty()) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("no such image");
                return;
            }
            String etag = "\"" + file.get().name() + "\"";
            ctx.header("ETag", etag);
            ctx.header("Cache-Control", FOREVER);
            if (etag.equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
            ctx.contentType(file.get().contentType()).result(file.get().bytes());
        });
    }
}

package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.domain.Refusal;
import io.kamishop.image.ImagePurpose;
import io.kamishop.image.Images;
import io.kamishop.image.ShownImage;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A product's picture, the store logo and the favicon, by the admin API ({@code PUT} the image's bytes
 * with its Content-Type) and by the admin pages (a multipart form). Both doors hand the bytes to
 * {@link Images#attach}, which checks, resizes and stores them or refuses and changes nothing.
 */
final class ImagePages {

    /** Read one byte past the limit, so that an oversized upload is refused by the same check as any other. */
    private static final int READ_LIMIT = Images.MAX_UPLOAD_BYTES + 1;

    private ImagePages() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, CatalogService catalog, Images images) {
        routes.put("/api/admin/products/{id}/image", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            ctx.json(view(
                    images.attach(Images.productOwner(p.id()), ImagePurpose.PRODUCT, body(ctx), ctx.contentType())));
        });
        routes.delete("/api/admin/products/{id}/image", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            detachOrRefuse(images, Images.productOwner(p.id()));
            ctx.status(204);
        });
        for (Mark mark : Mark.values()) {
            routes.put(
                    "/api/admin/settings/" + mark.path,
                    ctx -> ctx.json(view(images.attach(mark.owner, mark.purpose, body(ctx), ctx.contentType()))));
            routes.delete("/api/admin/settings/" + mark.path, ctx -> {
                detachOrRefuse(images, mark.owner);
                ctx.status(204);
            });
        }

        routes.post("/admin/products/{id}/image", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            if (uploadInto(ctx, web, images, Images.productOwner(p.id()), ImagePurpose.PRODUCT)) {
                web.audit(ctx, "product.image", "#" + p.id() + " " + p.name());
                web.redirectDone(ctx, "/admin/products/" + p.id(), "image_saved");
            } else {
                web.page(
                        ctx,
                        "image_refused",
                        Map.of("back", "/admin/products/" + p.id(), "code", ctx.attribute("imageError")));
            }
        });
        routes.post("/admin/products/{id}/image/remove", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            images.detach(Images.productOwner(p.id()));
            web.audit(ctx, "product.image.remove", "#" + p.id() + " " + p.name());
            web.redirectDone(ctx, "/admin/products/" + p.id(), "image_removed");
        });
        routes.get("/admin/settings/branding", ctx -> {
            Map<String, Object> model = new HashMap<>();
            images.shown(Images.LOGO).ifPresent(i -> model.put("logo", view(i)));
            images.shown(Images.FAVICON).ifPresent(i -> model.put("favicon", view(i)));
            web.page(ctx, "branding", model);
        });
        for (Mark mark : Mark.values()) {
            routes.post("/admin/settings/branding/" + mark.path, ctx -> {
                if (uploadInto(ctx, web, images, mark.owner, mark.purpose)) {
                    web.audit(ctx, "settings." + mark.path, "");
                    web.redirectDone(ctx, "/admin/settings/branding", "image_saved");
                } else {
                    web.page(
                            ctx,
                            "image_refused",
                            Map.of("back", "/admin/settings/branding", "code", ctx.attribute("imageError")));
                }
            });
            routes.post("/admin/settings/branding/" + mark.path + "/remove", ctx -> {
                images.detach(mark.owner);
                web.audit(ctx, "settings." + mark.path + ".remove", "");
                web.redirectDone(ctx, "/admin/settings/branding", "image_removed");
            });
        }
    }

    /** The store's own marks, each a setting of its own. */
    private enum Mark {
        LOGO("logo", Images.LOGO, ImagePurpose.LOGO),
        FAVICON("favicon", Images.FAVICON, ImagePurpose.FAVICON);

        final String path;
        final String owner;
        final ImagePurpose purpose;

        Mark(String path, String owner, ImagePurpose purpose) {
            this.path = path;
            this.owner = owner;
            this.purpose = purpose;
        }
    }

    /** Stores the form's file; on a refusal sets the answer's status and the refusal's code (for the page) and says false. */
    private static boolean uploadInto(Context ctx, AdminWeb web, Images images, String owner, ImagePurpose purpose)
            throws IOException {
        UploadedFile file = ctx.uploadedFile("image");
        try {
            if (file == null || file.size() == 0) {
                throw new Refusal(Refusal.Kind.MALFORMED, "image_missing", "choose an image file to upload");
            }
            byte[] bytes;
            try (InputStream in = file.content()) {
                bytes = in.readNBytes(READ_LIMIT);
            }
            images.attach(owner, purpose, bytes, file.contentType());
            return true;
        } catch (Refusal e) {
            ctx.status(HttpRefusals.status(e));
            ctx.attribute("imageError", e.code());
            return false;
        }
    }

    private static byte[] body(Context ctx) throws IOException {
        // Not ctx.bodyAsBytes(): the store's request limit (1 MB) is below what an image may weigh.
        try (InputStream in = ctx.req().getInputStream()) {
            return in.readNBytes(READ_LIMIT);
        }
    }

    private static void detachOrRefuse(Images images, String owner) {
        if (!images.detach(owner)) {
            throw new Refusal(Refusal.Kind.NOT_FOUND, "image_not_found", "there is no image to remove");
        }
    }

    static Map<String, Object> view(ShownImage image) {
        return Map.of(
                "src",
                image.url(image.width()),
                "srcset",
                image.srcset(),
                "width",
                image.width(),
                "height",
                image.height(),
                "widths",
                image.widths());
    }
}

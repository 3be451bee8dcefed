package io.kamishop.inventory;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.domain.Refusal;
import io.kamishop.web.PathIds;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Key import and stock counts for the merchant. */
public final class InventoryRoutes {

    /** Large enough for a few million keys in one upload; a bigger one is a mistake, not a stock file. */
    static final long MAX_UPLOAD_BYTES = 512L * 1024 * 1024;

    private InventoryRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes, CatalogService catalog, InventoryService inventory) {
        routes.post("/api/admin/products/{id}/keys", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/plain")) {
                throw new Refusal(
                        Refusal.Kind.UNSUPPORTED_MEDIA,
                        "unsupported_media_type",
                        "send the keys as text/plain, one key per line");
            }
            if (ctx.req().getContentLengthLong() > MAX_UPLOAD_BYTES) {
                throw new Refusal(
                        Refusal.Kind.TOO_LARGE,
                        "payload_too_large",
                        "the upload is larger than " + MAX_UPLOAD_BYTES + " bytes");
            }
            ImportReport report = inventory.importKeys(
                    productId, new LimitedInputStream(ctx.req().getInputStream(), MAX_UPLOAD_BYTES));
            ctx.json(report);
        });
        routes.get("/api/admin/products/{id}/stock", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            ctx.json(inventory.stock(productId).view());
        });
        routes.get("/api/admin/products/{id}/keys", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            ProductKeys.Page page = inventory
                    .keys()
                    .list(
                            productId,
                            ctx.queryParam("q"),
                            limitParam(ctx.queryParam("limit")),
                            afterParam(ctx.queryParam("after")));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("keys", page.keys());
            view.put("next", page.next());
            ctx.json(view);
        });
        // Audited by AdminApi's record of every changing /api/admin call.
        routes.delete("/api/admin/products/{id}/keys/{keyId}", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            inventory.keys().removeUnsold(productId, PathIds.id(ctx, "keyId", "key"));
            ctx.status(204);
        });
    }

    private static int limitParam(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return ProductKeys.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text.strip()); // the range is ProductKeys' rule
        } catch (NumberFormatException e) {
            throw Refusal.badRequest(
                    "invalid_limit", "limit must be a whole number from 1 to " + ProductKeys.MAX_LIMIT);
        }
    }

    private static long afterParam(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_after", "after must be a key id");
        }
    }

    /** Stops reading past a byte limit with a 413 instead of filling memory or disk. */
    private static final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --remaining < 0) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0 && (remaining -= n) < 0) {
                throw tooLarge();
            }
            return n;
        }

        private static Refusal tooLarge() {
            return new Refusal(
                    Refusal.Kind.TOO_LARGE,
                    "payload_too_large",
                    "the upload is larger than " + MAX_UPLOAD_BYTES + " bytes");
        }
    }
}

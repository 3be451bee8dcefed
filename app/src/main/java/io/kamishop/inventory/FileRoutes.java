package io.kamishop.inventory;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.domain.Refusal;
import io.kamishop.web.PathIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/admin/products/{id}/file?name=manual.pdf}: the raw bytes of a file product's file;
 * {@code GET} the same path describes the current one.
 */
public final class FileRoutes {

    private FileRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, CatalogService catalog, ProductFiles files) {
        routes.post("/api/admin/products/{id}/file", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            // Read from the raw stream: the server's 1 MB body limit is for JSON, this limit is the merchant's.
            byte[] bytes = readAtMost(ctx.req().getInputStream(), files.maxBytes());
            ProductFile stored = files.upload(productId, ctx.queryParam("name"), ctx.contentType(), bytes);
            ctx.status(201).json(view(stored));
        });
        routes.get("/api/admin/products/{id}/file", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            ctx.json(view(files.latest(productId)
                    .orElseThrow(() -> Refusal.notFound("file_not_found", "product " + productId + " has no file"))));
        });
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + (long) n > max) {
                throw new Refusal(
                        Refusal.Kind.TOO_LARGE,
                        "payload_too_large",
                        "the file is larger than " + max + " bytes (KAMISHOP_MAX_FILE_BYTES)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static Map<String, Object> view(ProductFile file) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", file.id());
        view.put("productId", file.productId());
        view.put("name", file.name());
        view.put("contentType", file.contentType());
        view.put("size", file.size());
        view.put("sha256", file.sha256());
        return view;
    }
}

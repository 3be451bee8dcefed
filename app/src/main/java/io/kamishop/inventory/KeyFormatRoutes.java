package io.kamishop.inventory;

import io.javalin.Javalin;
import io.kamishop.api.KeyFormat;
import io.kamishop.catalog.CatalogService;
import io.kamishop.web.ApiException;
import io.kamishop.web.PathIds;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Key import and generation through a key format plugin: {@code POST /api/admin/products/{id}/keys/{format}}
 * (text/plain, one key per line, checked and normalised by the format), and
 * {@code POST .../keys/{format}/generate?count=n} for formats that make keys.
 */
public final class KeyFormatRoutes {

    private static final int MAX_GENERATED = 10_000;

    private KeyFormatRoutes() {
    }

    public static void register(Javalin app, CatalogService catalog, InventoryService inventory, Supplier<List<KeyFormat>> formats) {
        app.get("/api/admin/key-formats", ctx -> ctx.json(formats.get().stream()
                .sorted(Comparator.comparing(KeyFormat::id))
                .map(f -> Map.of("id", f.id(), "name", f.displayName(), "canGenerate", f.canGenerate())).toList()));
        app.post("/api/admin/products/{id}/keys/{format}", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            KeyFormat format = find(formats, ctx.pathParam("format"));
            String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/plain")) {
                throw new ApiException(415, "unsupported_media_type", "send the keys as text/plain, one key per line");
            }
            ctx.json(inventory.importKeys(productId, new ByteArrayInputStream(ctx.bodyAsBytes()), format::check));
        });
        app.post("/api/admin/products/{id}/keys/{format}/generate", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            KeyFormat format = find(formats, ctx.pathParam("format"));
            if (!format.canGenerate()) {
                throw ApiException.invalid("cannot_generate", "key format '" + format.id() + "' does not generate keys");
            }
            int count;
            try {
                count = Integer.parseInt(ctx.queryParamAsClass("count", String.class).getOrDefault("1"));
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > MAX_GENERATED) {
                throw ApiException.invalid("invalid_count", "count must be a whole number from 1 to " + MAX_GENERATED);
            }
            String lines = String.join("\n", format.generate(count));
            ctx.json(inventory.importKeys(productId, new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), format::check));
        });
    }

    private static KeyFormat find(Supplier<List<KeyFormat>> formats, String id) {
        return formats.get().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("key_format_not_found", "no running plugin provides key format '" + id + "'"));
    }
}

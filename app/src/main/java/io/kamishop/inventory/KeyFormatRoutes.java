package io.kamishop.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.KeyFormat;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.domain.Refusal;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keys through a key format plugin: import ({@code POST /api/admin/products/{id}/keys/{format}},
 * text/plain, one key per line, checked and normalised by the format), generation into stock for
 * formats that make keys, and, for anyone, a format's public facts and the check of a key it issued.
 *
 * <p>{@code POST /api/admin/products/{id}/keys/generate} (JSON) and {@code /api/licences/...} are the
 * licence routes of before the keyformat-license plugin, kept for merchants' scripts: they ask the
 * {@value #LICENCE_FORMAT} format.
 */
public final class KeyFormatRoutes {

    static final String LICENCE_FORMAT = "license";
    private static final int MAX_GENERATED = 10_000;

    private KeyFormatRoutes() {}

    /** Whether a genuine key of a product was taken back (its order was refunded). */
    @FunctionalInterface
    public interface Revocations {
        boolean revoked(long productId, String key);
    }

    /**
     * @param revocations asked after a format found a key genuine: a key of a refunded order answers
     *                    {@code {"valid": false, "status": "revoked"}}
     */
    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            CatalogService catalog,
            InventoryService inventory,
            Supplier<List<KeyFormat>> formats,
            Revocations revocations) {
        routes.get(
                "/api/admin/key-formats",
                ctx -> ctx.json(formats.get().stream()
                        .sorted(Comparator.comparing(KeyFormat::id))
                        .map(f -> Map.of("id", f.id(), "name", f.displayName(), "canGenerate", f.canGenerate()))
                        .toList()));
        // Registered before ".../keys/{format}", which would otherwise take "generate" for a format id.
        routes.post("/api/admin/products/{id}/keys/generate", ctx -> {
            Product product = catalog.require(PathIds.id(ctx, "id", "product"));
            JsonBody.read(mapper, ctx);
            JsonNode body = mapper.readTree(JsonBody.utf8(ctx));
            Map<String, String> options = new LinkedHashMap<>();
            body.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("count")
                        && !e.getKey().equals("format")
                        && e.getValue().isValueNode()
                        && !e.getValue().isNull()) {
                    options.put(e.getKey(), e.getValue().asText());
                }
            });
            JsonNode count = body.path("count");
            if (!count.isIntegralNumber()) {
                throw Refusal.badRequest("wrong_type", "'count' must be a whole number");
            }
            KeyFormat format = find(formats, body.path("format").asText(LICENCE_FORMAT));
            ctx.json(generate(inventory, product, format, count.canConvertToInt() ? count.asInt() : -1, options));
        });
        routes.post("/api/admin/products/{id}/keys/{format}", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            KeyFormat format = find(formats, ctx.pathParam("format"));
            String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/plain")) {
                throw new Refusal(
                        Refusal.Kind.UNSUPPORTED_MEDIA,
                        "unsupported_media_type",
                        "send the keys as text/plain, one key per line");
            }
            ctx.json(inventory.importKeys(productId, new ByteArrayInputStream(ctx.bodyAsBytes()), format::check));
        });
        routes.post("/api/admin/products/{id}/keys/{format}/generate", ctx -> {
            Product product = catalog.require(PathIds.id(ctx, "id", "product"));
            KeyFormat format = find(formats, ctx.pathParam("format"));
            int count;
            try {
                count = Integer.parseInt(
                        ctx.queryParamAsClass("count", String.class).getOrDefault("1"));
            } catch (NumberFormatException e) {
                count = -1;
            }
            Map<String, String> options = new LinkedHashMap<>();
            ctx.queryParamMap().forEach((key, values) -> {
                if (!key.equals("count") && !values.isEmpty()) {
                    options.put(key, values.get(0));
                }
            });
            ctx.json(generate(inventory, product, format, count, options));
        });
        routes.get("/api/key-formats/{format}", ctx -> {
            KeyFormat format = find(formats, ctx.pathParam("format"));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", format.id());
            view.put("name", format.displayName());
            view.putAll(format.publicInfo());
            ctx.json(view);
        });
        routes.post(
                "/api/key-formats/{format}/verify",
                ctx -> verify(ctx, mapper, find(formats, ctx.pathParam("format")), "key", "claims", revocations));
        routes.get(
                "/api/licences/public-key",
                ctx -> ctx.json(find(formats, LICENCE_FORMAT).publicInfo()));
        routes.post(
                "/api/licences/verify",
                ctx -> verify(ctx, mapper, find(formats, LICENCE_FORMAT), "licence", "licence", revocations));
    }

    private static ImportReport generate(
            InventoryService inventory, Product product, KeyFormat format, int count, Map<String, String> options) {
        if (!format.canGenerate()) {
            throw Refusal.invalid("cannot_generate", "key format '" + format.id() + "' does not generate keys");
        }
        if (count < 1 || count > MAX_GENERATED) {
            throw Refusal.invalidFields(
                    "invalid_generation",
                    "cannot generate those keys",
                    Map.of("count", "must be a whole number from 1 to " + MAX_GENERATED));
        }
        List<String> keys;
        try {
            keys = format.generate(count, KeyFormat.Generation.forStock(product.id(), product.name(), options));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidFields(
                    "invalid_generation",
                    "cannot generate those keys",
                    Map.of("options", String.valueOf(e.getMessage())));
        }
        String lines = String.join("\n", keys);
        return inventory.importKeys(
                product.id(), new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), format::check);
    }

    private static void verify(
            Context ctx,
            ObjectMapper mapper,
            KeyFormat format,
            String field,
            String claimsField,
            Revocations revocations) {
        String key = JsonBody.read(mapper, ctx).requireString(field);
        KeyFormat.Verdict verdict = format.verify(key)
                .orElseThrow(
                        () -> Refusal.invalid("cannot_verify", "key format '" + format.id() + "' cannot check keys"));
        // The signature cannot know of a refund: a genuine key sold to an order refunded since is revoked
        // here, online. Offline verifiers only see the signature (docs/commerce.md says so).
        boolean revoked = verdict.valid()
                && verdict.claims().get("pid") instanceof Number pid
                && revocations.revoked(pid.longValue(), key);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", verdict.valid() && !revoked);
        // A short word a client can switch on; the reason (prose from the plugin) says more.
        answer.put(
                "status",
                revoked
                        ? "revoked"
                        : verdict.valid() ? "valid" : "expired".equals(verdict.reason()) ? "expired" : "invalid");
        if (revoked) {
            answer.put("reason", "revoked");
        } else if (!verdict.valid()) {
            answer.put("reason", verdict.reason());
        }
        if (!verdict.claims().isEmpty()) {
            answer.put(claimsField, verdict.claims());
        }
        ctx.json(answer);
    }

    private static KeyFormat find(Supplier<List<KeyFormat>> formats, String id) {
        return formats.get().stream()
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow(() ->
                        Refusal.notFound("key_format_not_found", "no running plugin provides key format '" + id + "'"));
    }
}

package io.kamishop.licence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.inventory.ImportReport;
import io.kamishop.web.ApiException;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.util.Map;

/** Key generation for the merchant, and the public licence key and verify endpoint for anyone. */
public final class LicenceRoutes {

    private LicenceRoutes() {
    }

    public static void register(Javalin app, ObjectMapper mapper, CatalogService catalog, LicenceService licences) {
        app.post("/api/admin/products/{id}/keys/generate", ctx -> {
            Product product = catalog.require(PathIds.id(ctx, "id", "product"));
            JsonBody body = JsonBody.parse(mapper, ctx.body());
            long count = body.requireLong("count");
            String pattern = body.optionalString("pattern").orElse(null);
            boolean licence = body.optionalBoolean("licence").orElse(false);
            if ((pattern == null) == !licence) {
                throw ApiException.badRequest("invalid_generation", "give either \"pattern\" or \"licence\": true");
            }
            ImportReport report = licences.generate(product, (int) Math.max(-1, Math.min(Integer.MAX_VALUE, count)), pattern,
                    body.optionalLong("validDays").orElse(null));
            ctx.json(report);
        });
        app.get("/api/licences/public-key", ctx -> ctx.json(Map.of("algorithm", "Ed25519",
                "format", "base64 X.509 SubjectPublicKeyInfo", "publicKey", licences.publicKeyBase64())));
        app.post("/api/licences/verify", ctx -> {
            JsonBody body = JsonBody.parse(mapper, ctx.body());
            ctx.json(licences.verify(body.requireString("licence").strip()));
        });
    }
}

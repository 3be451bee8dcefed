package io.kamishop.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogPage;
import io.kamishop.catalog.CatalogQuery;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.catalog.ProductDraft;
import io.kamishop.domain.Refusal;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import io.kamishop.web.PublicPageCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Products: the buyer's catalogue and the merchant's product admin. */
public final class CatalogRoutes {

    private CatalogRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            CatalogService catalog,
            InventoryService inventory,
            PublicPageCache cache) {
        routes.get("/api/products", cache.wrap(ctx -> {
            Map<Long, Long> available = inventory.availableByProduct();
            List<Map<String, Object>> products = catalog.onSale().stream()
                    .map(p -> {
                        Map<String, Object> view = publicView(p);
                        putAvailable(view, available.getOrDefault(p.id(), 0L));
                        return view;
                    })
                    .toList();
            ctx.json(products);
        }));
        // The storefront's search, sort and paging as JSON: the same query, cleaned the same way (CatalogQuery).
        routes.get("/api/products/search", cache.wrap(ctx -> {
            CatalogPage page = catalog.browse(CatalogQuery.of(
                    ctx.queryParam("q"), ctx.queryParam("category"), ctx.queryParam("sort"), ctx.queryParam("page")));
            Map<Long, Long> available = inventory.availableByProduct();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put(
                    "products",
                    page.products().stream()
                            .map(p -> {
                                Map<String, Object> view = publicView(p);
                                putAvailable(view, available.getOrDefault(p.id(), 0L));
                                return view;
                            })
                            .toList());
            answer.put("total", page.total());
            answer.put("page", page.query().page());
            answer.put("pages", page.pages());
            ctx.json(answer);
        }));
        routes.get("/api/categories", cache.wrap(ctx -> ctx.json(catalog.categories())));
        routes.get(
                "/api/admin/products",
                ctx -> ctx.json(
                        catalog.all().stream().map(p -> adminView(p, inventory)).toList()));
        routes.post("/api/admin/products", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            KindDraft kind = KindDraft.of(
                    body.optionalString("kind").orElse(null),
                    body.nullableLong("maxUses").orElse(null),
                    body.optionalString("keyFormat").orElse(null));
            Product created = catalog.create(
                    draft(body, null),
                    (h, product) ->
                            inventory.defineKind(h, product.id(), kind.kind(), kind.maxUses(), kind.keyFormat()));
            ctx.status(201).json(adminView(created, inventory));
        });
        routes.get(
                "/api/admin/products/{id}",
                ctx -> ctx.json(adminView(catalog.require(PathIds.id(ctx, "id", "product")), inventory)));
        routes.put("/api/admin/products/{id}", ctx -> {
            Product existing = catalog.require(PathIds.id(ctx, "id", "product"));
            JsonBody body = JsonBody.read(mapper, ctx);
            String kind = inventory.kindOf(existing.id()).kind();
            if (body.optionalString("kind").filter(k -> !k.equals(kind)).isPresent()) {
                // Orders already hold keys or units the way this kind counts them; switching would strand them.
                throw Refusal.invalidFields(
                        "invalid_product",
                        "the product is not valid",
                        Map.of("kind", "is " + kind + " and cannot change; create a new product instead"));
            }
            ProductDraft draft = draft(body, existing);
            draft.validated(); // every 422 of the product fields before the cap changes: bad input changes nothing
            body.nullableLong("maxUses").ifPresent(cap -> inventory.changeCap(existing.id(), cap));
            ctx.json(adminView(catalog.update(existing.id(), draft), inventory));
        });
    }

    /** A draft from the request; on update, fields left out keep their current values. */
    private static ProductDraft draft(JsonBody body, @Nullable Product existing) {
        return new ProductDraft(
                existing == null
                        ? body.requireString("name")
                        : body.optionalString("name").orElse(existing.name()),
                body.optionalString("description").orElse(existing == null ? "" : existing.description()),
                existing == null
                        ? body.requireLong("price")
                        : body.optionalLong("price").orElse(existing.price()),
                existing == null
                        ? body.requireString("currency")
                        : body.optionalString("currency").orElse(existing.currency()),
                body.optionalBoolean("active").orElse(existing == null || existing.active()),
                body.optionalString("category").orElse(existing == null ? "" : existing.category()));
    }

    /** A kind without a cap never runs out: {@code "available": null, "unlimited": true} rather than a made-up number. */
    private static void putAvailable(Map<String, Object> view, long available) {
        boolean unlimited = available == StockCounts.UNLIMITED;
        view.put("available", unlimited ? null : available);
        if (unlimited) {
            view.put("unlimited", true);
        }
    }

    private static Map<String, Object> publicView(Product p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("name", p.name());
        view.put("description", p.description());
        view.put("price", p.price());
        view.put("currency", p.currency());
        view.put("category", p.category());
        return view;
    }

    private static Map<String, Object> adminView(Product p, InventoryService inventory) {
        Map<String, Object> view = publicView(p);
        view.put("active", p.active());
        KindSpec kind = inventory.kindOf(p.id());
        view.put("kind", kind.kind());
        if (kind.productKind().countsUnits()) {
            view.put("maxUses", kind.maxUnits());
        }
        if (kind.keyFormat() != null) {
            view.put("keyFormat", kind.keyFormat());
        }
        view.put("stock", inventory.stock(p.id()).view());
        return view;
    }
}

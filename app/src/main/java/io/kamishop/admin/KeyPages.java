package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.ProductKeys;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A product's keys, masked, page by page, with search and the removal of one unsold key: the same
 * {@link ProductKeys} rules as {@code /api/admin/products/{id}/keys}.
 */
public final class KeyPages {

    private KeyPages() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes, AdminWeb web, CatalogService catalog, InventoryService inventory) {
        routes.get("/admin/products/{id}/keys", ctx -> show(ctx, web, catalog, inventory, null));
        routes.post("/admin/products/{id}/keys/{keyId}/delete", ctx -> {
            Product p = catalog.require(PathIds.id(ctx, "id", "product"));
            long keyId = PathIds.id(ctx, "keyId", "key");
            try {
                inventory.keys().removeUnsold(p.id(), keyId);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                show(
                        ctx,
                        web,
                        catalog,
                        inventory,
                        e.kind() == Refusal.Kind.CONFLICT
                                ? web.messages(ctx).get("key_not_deletable")
                                : e.getMessage());
                return;
            }
            web.audit(ctx, "keys.delete", "#" + p.id() + " #" + keyId);
            web.redirectDone(ctx, "/admin/products/" + p.id() + "/keys", "key_deleted");
        });
    }

    private static void show(
            Context ctx, AdminWeb web, CatalogService catalog, InventoryService inventory, @Nullable String error) {
        Product p = catalog.require(PathIds.id(ctx, "id", "product"));
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        ProductKeys.Page page =
                inventory.keys().list(p.id(), q, ProductKeys.DEFAULT_LIMIT, after(ctx.queryParam("after")));
        Map<String, Object> model = new HashMap<>();
        model.put("product", p);
        model.put("keys", page.keys());
        model.put("next", page.next());
        model.put("q", q);
        model.put("error", error);
        web.page(ctx, "keys", model);
    }

    private static long after(@Nullable String text) {
        try {
            return text == null || text.isBlank() ? 0 : Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

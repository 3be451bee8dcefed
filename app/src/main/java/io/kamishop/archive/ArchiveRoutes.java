package io.kamishop.archive;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.order.OrderSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The archive in the admin API: the tiers' sizes ({@code GET /api/admin/archive}), a search of archived orders
 * ({@code GET /api/admin/archive/orders?q=&status=}), one archived order ({@code GET /api/admin/archive/orders/{orderNo}})
 * and bringing a cold one back to warm ({@code POST /api/admin/archive/orders/{orderNo}/restore}).
 */
public final class ArchiveRoutes {

    private ArchiveRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, OrderArchive archive) {
        routes.get("/api/admin/archive", ctx -> ctx.json(archive.sizes()));
        routes.get("/api/admin/archive/orders", ctx -> {
            List<Map<String, Object>> found =
                    archive.search(ctx.queryParam("status"), ctx.queryParam("q"), 50, Long.MAX_VALUE).stream()
                            .map(ArchiveRoutes::view)
                            .toList();
            ctx.json(Map.of("orders", found));
        });
        routes.get(
                "/api/admin/archive/orders/{orderNo}",
                ctx -> ctx.json(view(archive.find(ctx.pathParam("orderNo"))
                        .orElseThrow(() -> Refusal.notFound(
                                "order_not_found", "no archived order " + ctx.pathParam("orderNo"))))));
        routes.post(
                "/api/admin/archive/orders/{orderNo}/restore",
                ctx -> ctx.json(view(archive.restore(ctx.pathParam("orderNo")))));
    }

    /** An archived order as the admin sees it: the order's summary, marked archived, with its tier. */
    public static Map<String, Object> view(ArchivedOrder archived) {
        Map<String, Object> view = new LinkedHashMap<>(OrderSummary.of(archived.order()));
        view.put("email", archived.email());
        view.put("archived", true);
        view.put("tier", archived.tier());
        view.put("archivedAt", java.time.Instant.ofEpochMilli(archived.archivedAt()));
        return view;
    }
}

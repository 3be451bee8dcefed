package io.kamishop.admin;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.inventory.InventoryService;
import io.kamishop.payment.RefusedNotifications;
import io.kamishop.risk.Risk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin's first page: sales today and this month, a 30-day chart, low stock, payments needing a
 * look, the latest risk blocks and the latest refused notifications.
 */
public final class DashboardPage {

    static final long LOW_STOCK = 10;

    private DashboardPage() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            SalesReport sales,
            CatalogService catalog,
            InventoryService inventory,
            Risk risk,
            RefusedNotifications refused) {
        routes.get("/admin", ctx -> {
            Map<String, Object> model = new HashMap<>();
            model.put("today", sales.today());
            model.put("month", sales.thisMonth());
            List<Map<String, Object>> charts = new ArrayList<>();
            sales.daily(30).forEach((currency, days) -> {
                Map<String, Object> chart = new HashMap<>();
                chart.put("currency", currency);
                chart.put("bars", SalesReport.bars(days));
                chart.put(
                        "total",
                        days.stream().mapToLong(SalesReport.Day::revenue).sum());
                charts.add(chart);
            });
            model.put("charts", charts);
            Map<Long, Long> available = inventory.availableByProduct();
            List<Map<String, Object>> low = new ArrayList<>();
            for (Product p : catalog.all()) {
                long n = available.getOrDefault(p.id(), 0L);
                if (p.active() && n < LOW_STOCK) {
                    low.add(Map.of("product", p, "available", n));
                }
            }
            model.put("lowStock", low);
            model.put("attention", sales.needingAttention(10));
            model.put("riskBlocks", risk.recentBlocks(10));
            model.put("refused", refused.recent(null, null, Long.MAX_VALUE, 10));
            web.page(ctx, "dashboard", model);
        });
    }
}

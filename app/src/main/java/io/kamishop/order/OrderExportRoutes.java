package io.kamishop.order;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/** {@code GET /api/admin/orders.csv}: the orders of a filter as a streamed CSV download. */
public final class OrderExportRoutes {

    private OrderExportRoutes() {}

    /** @param zone the merchant's time zone, in which a day given as {@code from} or {@code to} begins and ends */
    public static void register(
            JavalinDefaultRoutingApi<?> routes, OrderExport export, java.util.function.Supplier<ZoneId> zone) {
        routes.get("/api/admin/orders.csv", ctx -> {
            // Read before anything is written: a bad filter is still a 400 with the JSON error.
            OrderExportFilter filter = OrderExportFilter.parse(
                    ctx.queryParam("status"),
                    ctx.queryParam("from"),
                    ctx.queryParam("to"),
                    ctx.queryParam("productId"),
                    ctx.queryParam("channel"),
                    zone.get());
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"orders.csv\"");
            ctx.header("Cache-Control", "no-store");
            Writer out = new BufferedWriter(
                    new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 1 << 15);
            export.write(filter, out);
            out.flush();
        });
    }
}

package io.kamishop.admin;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.archive.OrderArchive;
import io.kamishop.domain.Refusal;
import io.kamishop.web.HttpRefusals;
import java.util.HashMap;
import java.util.Map;

/** {@code /admin/archive}: archived orders found by the order search's text, read-only, and "restore" for cold ones. */
final class ArchivePage {

    private ArchivePage() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, OrderArchive archive) {
        routes.get("/admin/archive", ctx -> {
            String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
            String status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
            Map<String, Object> model = new HashMap<>();
            model.put("orders", archive.search(status, q, 50, Long.MAX_VALUE));
            model.put("q", q);
            model.put("status", status);
            web.page(ctx, "archive", model);
        });
        routes.post("/admin/archive/{orderNo}/restore", ctx -> {
            try {
                archive.restore(ctx.pathParam("orderNo"));
                web.redirectDone(
                        ctx,
                        "/admin/archive?q="
                                + java.net.URLEncoder.encode(
                                        ctx.pathParam("orderNo"), java.nio.charset.StandardCharsets.UTF_8),
                        "archive_restored");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e)).result(e.getMessage());
            }
        });
    }
}

package io.kamishop.download;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.checkout.BuyerOrders;
import io.kamishop.checkout.CheckoutRoutes;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.ProductFile;
import io.kamishop.inventory.ProductFiles;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.web.ClientAddress;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The buyer's files: fresh signed links for a delivered order ({@code GET /api/orders/{orderNo}/downloads?token=}, and
 * {@code /orders/{orderNo}/files/{fileId}} for the order page, with its cookie or {@code ?token=}), and the download itself
 * ({@code GET /api/downloads/{orderNo}/{fileId}?expires=&sig=}).
 */
public final class DownloadRoutes {

    private DownloadRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            OrderService orders,
            BuyerOrders buyerOrders,
            DeliveryService delivery,
            ProductFiles files,
            DownloadLinks links,
            ClientAddress clients) {
        routes.get("/api/orders/{orderNo}/downloads", ctx -> {
            Order order = CheckoutRoutes.lookUp(ctx, buyerOrders, clients);
            List<Map<String, Object>> downloads = delivery.visibleFiles(order).stream()
                    .map(file -> {
                        DownloadLinks.Link link = links.issue(order.orderNo(), file.id());
                        Map<String, Object> view = new LinkedHashMap<>();
                        view.put("fileId", file.id());
                        view.put("name", file.name());
                        view.put("size", file.size());
                        view.put("sha256", file.sha256());
                        view.put("url", link.url());
                        view.put("expiresAt", link.expiresAt());
                        return view;
                    })
                    .toList();
            ctx.header("Cache-Control", "no-store").json(Map.of("orderNo", order.orderNo(), "downloads", downloads));
        });
        // The order page's link for a file: checks the lookup token, then sends the browser on to a fresh signed link.
        // The order's cookie (io.kamishop.web.OrderCookie, scoped to /orders/{orderNo}) stands for the token here.
        routes.get("/orders/{orderNo}/files/{fileId}", ctx -> {
            Order order = buyerOrders.open(
                    ctx.pathParam("orderNo"), io.kamishop.web.OrderCookie.token(ctx), clients.requester(ctx));
            long fileId = parseFileId(ctx.pathParam("fileId"));
            ProductFile file = delivery.visibleFiles(order).stream()
                    .filter(f -> f.id() == fileId)
                    .findFirst()
                    .orElseThrow(DownloadRoutes::gone);
            ctx.header("Cache-Control", "no-store")
                    .redirect(links.issue(order.orderNo(), file.id()).url(), io.javalin.http.HttpStatus.SEE_OTHER);
        });
        routes.get("/api/downloads/{orderNo}/{fileId}", ctx -> {
            String orderNo = ctx.pathParam("orderNo");
            long fileId = parseFileId(ctx.pathParam("fileId"));
            switch (links.check(orderNo, fileId, ctx.queryParam("expires"), ctx.queryParam("sig"))) {
                case TAMPERED -> throw linkInvalid();
                case EXPIRED ->
                    throw new Refusal(
                            Refusal.Kind.GONE,
                            "link_expired",
                            "this download link has expired; open your order for a fresh one");
                case VALID -> {}
            }
            // A genuine link still only works while the order may see its goods: a refund ends it.
            Order order = orders.find(orderNo).orElseThrow(DownloadRoutes::gone);
            ProductFile file = delivery.visibleFiles(order).stream()
                    .filter(f -> f.id() == fileId)
                    .findFirst()
                    .orElseThrow(DownloadRoutes::gone);
            byte[] bytes = files.open(file);
            String encoded =
                    URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20");
            // Always an attachment of an opaque type: a merchant's .html must never render on the store's origin.
            ctx.header("Content-Disposition", "attachment; filename=\"download\"; filename*=UTF-8''" + encoded)
                    .header("Cache-Control", "no-store")
                    .contentType("application/octet-stream")
                    .result(new ByteArrayInputStream(bytes));
        });
    }

    private static long parseFileId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw linkInvalid();
        }
    }

    private static Refusal linkInvalid() {
        return new Refusal(Refusal.Kind.FORBIDDEN, "link_invalid", "this download link is not valid");
    }

    private static Refusal gone() {
        return new Refusal(Refusal.Kind.GONE, "download_gone", "this order's files can no longer be downloaded");
    }
}

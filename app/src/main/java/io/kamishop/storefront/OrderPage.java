package io.kamishop.storefront;

import io.javalin.Javalin;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.web.ApiException;
import java.util.List;

/**
 * The buyer's order page, where a gateway sends them back after paying: status, and the keys once
 * delivered. A plain page until the themed storefront replaces it.
 */
public final class OrderPage {

    private OrderPage() {
    }

    public static void register(Javalin app, OrderService orders, DeliveryService delivery) {
        app.get("/orders/{orderNo}", ctx -> {
            Order order;
            try {
                order = orders.requireForBuyer(ctx.pathParam("orderNo"), ctx.queryParam("token"));
            } catch (ApiException e) {
                ctx.status(404).html(page("Order not found", "<p>No order with that number and link.</p>"));
                return;
            }
            List<String> keys = delivery.visibleKeys(order);
            StringBuilder body = new StringBuilder()
                    .append("<p>Order <code>").append(escape(order.orderNo())).append("</code></p>")
                    .append("<p>").append(escape(order.quantity() + " x " + order.productName())).append("</p>")
                    .append("<p>Status: <strong id=\"status\">").append(escape(order.status())).append("</strong></p>");
            if (!keys.isEmpty()) {
                body.append("<ol id=\"keys\">");
                keys.forEach(k -> body.append("<li><code>").append(escape(k)).append("</code></li>"));
                body.append("</ol>");
            }
            ctx.header("Cache-Control", "no-store").html(page("Order " + order.orderNo(), body.toString()));
        });
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + "</title></head><body><main><h1>"
                + escape(title) + "</h1>" + body + "</main></body></html>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}

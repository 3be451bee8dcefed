package io.kamishop.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderEvent;
import io.kamishop.order.OrderSearch;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.payment.NotificationService;
import io.kamishop.payment.RecordedNotification;
import io.kamishop.web.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders: search and filter, one order's timeline (status moves, notifications received,
 * deliveries, notes in time order), and the merchant's actions on it: cancel a pending order (its
 * keys go back to stock), deliver a paid order that waits for the merchant, mark a refund done.
 */
public final class OrderPages {

    private OrderPages() {
    }

    public static void register(Javalin app, AdminWeb web, OrderService orders, OrderSearch search,
                                NotificationService notifications, Database database, DeliveryService delivery) {
        app.get("/admin/orders", ctx -> {
            String statusText = ctx.queryParam("status");
            OrderStatus status = null;
            if (statusText != null && !statusText.isBlank()) {
                try {
                    status = OrderStatus.of(statusText);
                } catch (IllegalArgumentException e) {
                    status = null;
                }
            }
            long before = parseLong(ctx.queryParam("before"));
            List<Order> found = search.find(status, ctx.queryParam("q"), 50, before);
            Map<String, Object> model = new HashMap<>();
            model.put("orders", found);
            model.put("q", ctx.queryParam("q") == null ? "" : ctx.queryParam("q"));
            model.put("status", status == null ? "" : status.code());
            model.put("statuses", Arrays.stream(OrderStatus.values()).map(OrderStatus::code).toList());
            model.put("next", found.size() == 50 ? found.get(found.size() - 1).id() : null);
            web.page(ctx, "orders", model);
        });
        app.get("/admin/orders/{orderNo}", ctx -> showOrder(ctx, web, orders, notifications, null));
        app.post("/admin/orders/{orderNo}/cancel", ctx -> {
            Order order = orders.require(ctx.pathParam("orderNo"));
            try {
                orders.cancel(order.orderNo(), "cancelled by " + AdminWeb.session(ctx).user().username() + " in the admin");
            } catch (ApiException e) {
                ctx.status(e.status());
                showOrder(ctx, web, orders, notifications, e.getMessage());
                return;
            }
            web.audit(ctx, "order.cancel", order.orderNo());
            web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), "cancelled");
        });
        // A paid order that waits (manual product, failed generator): the merchant delivers it here.
        app.post("/admin/orders/{orderNo}/deliver", ctx -> {
            Order order = orders.require(ctx.pathParam("orderNo"));
            try {
                delivery.fulfil(order.orderNo(), ctx.formParam("text"));
            } catch (ApiException e) {
                ctx.status(e.status());
                @SuppressWarnings("unchecked")
                Map<String, String> fields = (Map<String, String>) e.details().getOrDefault("fields", Map.of());
                showOrder(ctx, web, orders, notifications, fields.isEmpty() ? e.getMessage() : String.join("; ", fields.values()));
                return;
            }
            web.audit(ctx, "order.deliver", order.orderNo());
            web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), "delivered");
        });
        app.post("/admin/orders/{orderNo}/refunded", ctx -> {
            Order order = orders.require(ctx.pathParam("orderNo"));
            String note = ctx.formParam("note") == null ? "" : ctx.formParam("note").strip();
            String detail = "refund marked done by " + AdminWeb.session(ctx).user().username() + (note.isEmpty() ? "" : ": " + note);
            boolean moved = database.write(h -> {
                Order current = orders.reload(h, order.id());
                return current.state().canMoveTo(OrderStatus.REFUNDED) && orders.move(h, current, OrderStatus.REFUNDED, "refunded", detail);
            });
            if (!moved) {
                ctx.status(409);
                showOrder(ctx, web, orders, notifications, "only a delivered order or one awaiting a refund can be marked refunded");
                return;
            }
            web.audit(ctx, "order.refunded", order.orderNo() + (note.isEmpty() ? "" : " " + note));
            web.redirectDone(ctx, "/admin/orders/" + order.orderNo(), "refunded");
        });
    }

    private static void showOrder(Context ctx, AdminWeb web, OrderService orders, NotificationService notifications, String error) {
        Order order = orders.require(ctx.pathParam("orderNo"));
        List<Map<String, Object>> timeline = new ArrayList<>();
        // Notifications first: at equal times, the payment came in before the move it caused.
        for (RecordedNotification n : notifications.forOrder(order.id())) {
            timeline.add(Map.of("at", n.receivedAt(), "type", "notification", "kind", n.kind(), "from", "", "to", "",
                    "detail", n.channel() + " trade " + n.tradeNo() + ": " + AdminViews.money(n.amount(), n.currency()) + ", " + n.outcome()));
        }
        for (OrderEvent e : orders.history(order.id())) {
            timeline.add(Map.of("at", e.at(), "type", "event", "kind", e.kind(),
                    "from", e.fromStatus() == null ? "" : e.fromStatus(), "to", e.toStatus() == null ? "" : e.toStatus(),
                    "detail", e.detail() == null ? "" : e.detail()));
        }
        timeline.sort(Comparator.comparingLong(m -> (Long) m.get("at")));
        Map<String, Object> model = new HashMap<>();
        model.put("order", order);
        model.put("timeline", timeline);
        model.put("canCancel", order.state() == OrderStatus.PENDING);
        model.put("canRefund", order.state().canMoveTo(OrderStatus.REFUNDED));
        model.put("canDeliver", order.state() == OrderStatus.PAID);
        model.put("error", error);
        web.page(ctx, "order", model);
    }

    private static long parseLong(String text) {
        try {
            return text == null || text.isBlank() ? Long.MAX_VALUE : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

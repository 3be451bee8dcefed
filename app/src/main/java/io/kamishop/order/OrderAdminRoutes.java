package io.kamishop.order;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The merchant's view of orders: one order with its whole history, and recent orders. */
public final class OrderAdminRoutes {

    private OrderAdminRoutes() {}

    /**
     * @param notificationsOf the recorded payment notifications of an order id, shown in its history
     * @param moreOf          what other features tell about an order id (its payments and refunds), added to its view
     */
    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            OrderService orders,
            Function<Long, List<?>> notificationsOf,
            Function<Long, Map<String, Object>> moreOf) {
        routes.get("/api/admin/orders/{orderNo}", ctx -> {
            Order order = orders.require(ctx.pathParam("orderNo"));
            Map<String, Object> view = adminView(order);
            view.put(
                    "history",
                    orders.history(order.id()).stream()
                            .map(OrderAdminRoutes::eventView)
                            .toList());
            view.put("notifications", notificationsOf.apply(order.id()));
            view.putAll(moreOf.apply(order.id()));
            ctx.json(view);
        });
        routes.get("/api/admin/orders", ctx -> {
            String statusText = ctx.queryParam("status");
            OrderStatus status;
            try {
                status = statusText == null || statusText.isBlank() ? null : OrderStatus.of(statusText);
            } catch (IllegalArgumentException e) {
                throw Refusal.badRequest("invalid_status", "unknown status '" + statusText + "'");
            }
            int limit = parseInt(ctx.queryParam("limit"), 50, 1, 500, "limit");
            long before = parseLong(ctx.queryParam("before"));
            ctx.json(orders.recent(status, limit, before).stream()
                    .map(OrderAdminRoutes::adminView)
                    .toList());
        });
    }

    static Map<String, Object> adminView(Order order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id());
        view.put("orderNo", order.orderNo());
        view.put("status", order.status());
        view.put("productId", order.productId());
        view.put("productName", order.productName());
        view.put("quantity", order.quantity());
        view.put("unitPrice", order.unitPrice());
        view.put("amount", order.amount());
        view.put("fee", order.fee());
        view.put("currency", order.currency());
        view.put("email", order.email());
        view.put("channel", order.channel());
        view.put("buyerIp", order.buyerIp());
        view.put("gatewayRef", order.gatewayRef());
        view.put("createdAt", Instant.ofEpochMilli(order.createdAt()));
        view.put("expiresAt", Instant.ofEpochMilli(order.expiresAt()));
        view.put("updatedAt", Instant.ofEpochMilli(order.updatedAt()));
        return view;
    }

    private static Map<String, Object> eventView(OrderEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", event.kind());
        view.put("from", event.fromStatus());
        view.put("to", event.toStatus());
        // Newer lines are a code and arguments (worded by each reader); older ones an English sentence.
        java.util.Optional<EventDetail> coded = event.coded();
        view.put("detail", coded.map(EventDetail::asCode).orElse(event.detail()));
        view.put("detailCode", coded.map(EventDetail::code).orElse(null));
        view.put("detailArgs", coded.map(EventDetail::args).orElse(List.of()));
        view.put("at", Instant.ofEpochMilli(event.at()));
        return view;
    }

    private static int parseInt(@Nullable String text, int fallback, int min, int max, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Refusal.badRequest("invalid_" + name, name + " must be a whole number from " + min + " to " + max);
    }

    private static long parseLong(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_before", "before must be an order id");
        }
    }
}

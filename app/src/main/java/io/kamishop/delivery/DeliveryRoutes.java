package io.kamishop.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.order.OrderSummary;
import io.kamishop.web.JsonBody;

/**
 * {@code POST /api/admin/orders/{orderNo}/deliver}: the merchant delivers a paid order that waits,
 * {@code {"text": "..."}} for a manual product, no body needed to retry a generated one.
 */
public final class DeliveryRoutes {

    private DeliveryRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, DeliveryService delivery) {
        routes.post("/api/admin/orders/{orderNo}/deliver", ctx -> {
            String text =
                    JsonBody.readOptional(mapper, ctx).optionalString("text").orElse(null);
            ctx.json(OrderSummary.of(delivery.fulfil(ctx.pathParam("orderNo"), text)));
        });
    }
}

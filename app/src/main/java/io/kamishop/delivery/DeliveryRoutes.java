package io.kamishop.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.kamishop.order.OrderSummary;
import io.kamishop.web.JsonBody;

/**
 * {@code POST /api/admin/orders/{orderNo}/deliver}: the merchant delivers a paid order that waits,
 * {@code {"text": "..."}} for a manual product, no body needed to retry a generated one.
 */
public final class DeliveryRoutes {

    private DeliveryRoutes() {}

    public static void register(Javalin app, ObjectMapper mapper, DeliveryService delivery) {
        app.post("/api/admin/orders/{orderNo}/deliver", ctx -> {
            String text =
                    JsonBody.readOptional(mapper, ctx).optionalString("text").orElse(null);
            ctx.json(OrderSummary.of(delivery.fulfil(ctx.pathParam("orderNo"), text)));
        });
    }
}

package io.kamishop.lookup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.delivery.OrderWithKeys;
import io.kamishop.order.Order;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import java.util.List;
import java.util.Map;

/** {@code POST /api/orders/lookup}: a buyer finds their orders with the query password they set. */
public final class LookupRoutes {

    private LookupRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            BuyerLookup lookup,
            DeliveryService delivery,
            ClientAddress clients) {
        routes.post("/api/orders/lookup", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            String orderNo = body.optionalString("orderNo").orElse(null);
            String email = body.optionalString("email").orElse(null);
            String password = body.requireString("queryPassword");
            List<Order> orders = lookup.find(orderNo, email, password, clients.requester(ctx));
            List<Map<String, Object>> found = orders.stream()
                    .map(order -> OrderWithKeys.of(order, delivery))
                    .toList();
            ctx.header("Cache-Control", "no-store").json(Map.of("orders", found));
        });
    }
}

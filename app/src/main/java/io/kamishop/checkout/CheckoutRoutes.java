package io.kamishop.checkout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.OrderSummary;
import io.kamishop.payment.PaymentStarter;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The buyer's API: place an order, pay for it, read it back with the lookup token. */
public final class CheckoutRoutes {

    private CheckoutRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            PlaceOrder placing,
            BuyerOrders buyerOrders,
            PaymentStarter payments,
            SwitchChannel switching,
            DeliveryService delivery,
            ClientAddress clients) {
        routes.post("/api/orders", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            long quantity = body.optionalLong("quantity").orElse(1L);
            OrderForm form = new OrderForm(
                    body.requireLong("productId"),
                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, quantity)),
                    body.requireString("email"),
                    body.requireString("channel"),
                    body.optionalString("coupon").orElse(null),
                    // "lookupPassword" as the storefront form names it; "queryPassword" as the API always has.
                    body.optionalString("lookupPassword")
                            .or(() -> body.optionalString("queryPassword"))
                            .orElse(null));
            PlaceOrder.Placement placed = placing.place(form, clients.requester(ctx), null, referral(ctx, body));
            Map<String, Object> answer = OrderSummary.of(placed.order());
            answer.put("lookupToken", placed.lookupToken());
            answer.put("payment", placed.payment());
            ctx.status(201).json(answer);
        });
        routes.get("/api/orders/{orderNo}", ctx -> {
            Order order = lookUp(ctx, buyerOrders, clients);
            Map<String, Object> answer = OrderSummary.of(order);
            var keys = delivery.visibleKeys(order);
            if (!keys.isEmpty()) {
                answer.put("keys", keys);
            }
            ctx.header("Cache-Control", "no-store").json(answer);
        });
        routes.post("/api/orders/{orderNo}/payment", ctx -> {
            // The buyer asks again after a gateway hiccup; only a pending order can still be paid.
            String token = ctx.queryParam("token");
            Order order = lookUp(ctx, buyerOrders, clients);
            if (!order.status().equals("pending")) {
                throw Refusal.conflict("not_payable", "the order is " + order.status() + " and cannot be paid now");
            }
            ctx.json(payments.start(order, token));
        });
        routes.post("/api/orders/{orderNo}/channel", ctx -> {
            // "Pay another way": the pending order moves to another channel, with that channel's fee.
            JsonBody body = JsonBody.read(mapper, ctx);
            SwitchChannel.Switched switched = switching.switchTo(
                    ctx.pathParam("orderNo"),
                    ctx.queryParam("token"),
                    body.requireString("channel"),
                    clients.requester(ctx));
            Map<String, Object> answer = OrderSummary.of(switched.order());
            answer.put("payment", switched.payment());
            ctx.header("Cache-Control", "no-store").json(answer);
        });
    }

    /** The referral code a checkout request came with: its own {@code ref} field first, else the storefront's cookie. */
    public static @Nullable String referral(Context ctx, JsonBody body) {
        return body.optionalString("ref").filter(f -> !f.isBlank()).orElseGet(() -> ctx.cookie(Referrals.COOKIE));
    }

    /** The order named in the path, if the token fits; wrong guesses count against the client. */
    public static Order lookUp(Context ctx, BuyerOrders orders, ClientAddress clients) {
        return orders.open(ctx.pathParam("orderNo"), ctx.queryParam("token"), clients.requester(ctx));
    }

    /** What the buyer may see of an order; never the email's owner's other data, never the token hash. */
}

package io.kamishop.lookup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.Javalin;
import io.kamishop.order.OrderSummary;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code POST /api/orders/lookup}: a buyer finds their orders with the query password they set. */
public final class LookupRoutes {

    /** Each look-up costs several Argon2id runs: a per-address budget keeps guessing and load in check. */
    static final int LOOKUPS_PER_MINUTE = 10;

    private LookupRoutes() {
    }

    public static void register(Javalin app, ObjectMapper mapper, BuyerLookup lookup, DeliveryService delivery,
                                ClientAddress clients) {
        Cache<String, AtomicInteger> recent = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(100_000).build();
        app.post("/api/orders/lookup", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            String orderNo = body.optionalString("orderNo").orElse(null);
            String email = body.optionalString("email").orElse(null);
            String password = body.requireString("queryPassword");
            if ((orderNo == null) == (email == null)) {
                throw Refusal.badRequest("invalid_lookup", "give exactly one of orderNo and email, with queryPassword");
            }
            if (password.length() > 128 || email != null && email.length() > 254) {
                throw Refusal.badRequest("invalid_lookup", "the email or password is too long");
            }
            if (recent.get(clients.ip(ctx), ip -> new AtomicInteger()).incrementAndGet() > LOOKUPS_PER_MINUTE) {
                throw new Refusal(Refusal.Kind.RATE_LIMITED, "rate_limited", "too many look-ups; try again in a minute");
            }
            List<Map<String, Object>> found = lookup.find(orderNo, email, password).stream().map(order -> {
                Map<String, Object> view = OrderSummary.of(order);
                List<String> keys = delivery.visibleKeys(order);
                if (!keys.isEmpty()) {
                    view.put("keys", keys);
                }
                return view;
            }).toList();
            ctx.header("Cache-Control", "no-store").json(Map.of("orders", found));
        });
    }
}

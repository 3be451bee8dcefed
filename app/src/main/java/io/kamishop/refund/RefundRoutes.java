package io.kamishop.refund;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.kamishop.web.JsonBody;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/admin/orders/{orderNo}/refund}: the merchant refunds an order through its channel. */
public final class RefundRoutes {

    private RefundRoutes() {
    }

    public static void register(Javalin app, ObjectMapper mapper, RefundService refunds) {
        app.post("/api/admin/orders/{orderNo}/refund", ctx -> {
            String reason = ctx.bodyAsBytes().length == 0 ? "" : JsonBody.read(mapper, ctx).optionalString("reason").orElse("");
            Refund refund = refunds.refund(ctx.pathParam("orderNo"), reason);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("refundId", refund.refundId());
            view.put("status", refund.status());
            view.put("amount", refund.amount());
            view.put("currency", refund.currency());
            view.put("tradeNo", refund.tradeNo());
            view.put("gatewayId", refund.gatewayId());
            view.put("reason", refund.reason());
            view.put("updatedAt", Instant.ofEpochMilli(refund.updatedAt()));
            ctx.json(view);
        });
    }
}

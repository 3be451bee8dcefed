package io.kamishop.refund;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.web.JsonBody;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/admin/orders/{orderNo}/refund} (refund all or part of a payment) and
 * {@code GET /api/admin/refunds} (the latest refunds with their states): translations of {@link RefundService}.
 */
public final class RefundRoutes {

    private static final Set<String> STATUSES = Set.of(Refund.PENDING, Refund.SUCCEEDED, Refund.FAILED, Refund.MANUAL);

    private RefundRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, RefundService refunds) {
        routes.post("/api/admin/orders/{orderNo}/refund", ctx -> {
            JsonBody body = JsonBody.readOptional(mapper, ctx);
            RefundAsk ask = new RefundAsk(
                    ctx.pathParam("orderNo"),
                    body.optionalString("tradeNo").orElse(null),
                    body.optionalLong("amount").orElse(null),
                    body.optionalString("reason").orElse(""),
                    "api",
                    body.optionalBoolean("byHand").orElse(false));
            ctx.json(view(refunds.refund(ask)));
        });
        routes.get("/api/admin/refunds", ctx -> {
            String status = ctx.queryParam("status");
            if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
                throw Refusal.badRequest("invalid_status", "status must be one of pending, succeeded, failed, manual");
            }
            List<Refund> found =
                    refunds.recent(status == null || status.isBlank() ? null : status, 100, Long.MAX_VALUE);
            ctx.json(found.stream().map(RefundRoutes::view).toList());
        });
    }

    /** A refund as the JSON API shows it. */
    public static Map<String, Object> view(Refund refund) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("refundId", refund.refundId());
        view.put("orderNo", refund.orderNo());
        view.put("status", refund.status());
        view.put("amount", refund.amount());
        view.put("currency", refund.currency());
        view.put("tradeNo", refund.tradeNo());
        view.put("channel", refund.channel());
        view.put("reason", refund.reason());
        view.put("origin", refund.origin());
        view.put("gatewayId", refund.gatewayId());
        view.put("attempts", refund.attempts());
        if (refund.isPending()) {
            view.put("nextAttemptAt", Instant.ofEpochMilli(refund.nextAttemptAt()));
        }
        view.put("errorCode", refund.errorCode());
        view.put("error", refund.error() == null ? refund.errorCode() : refund.error());
        view.put("createdAt", Instant.ofEpochMilli(refund.createdAt()));
        view.put("updatedAt", Instant.ofEpochMilli(refund.updatedAt()));
        return view;
    }

    /** A payment as the JSON API shows it. */
    public static Map<String, Object> view(Payment payment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tradeNo", payment.tradeNo());
        view.put("channel", payment.channel());
        view.put("amount", payment.amount());
        view.put("currency", payment.currency());
        view.put("refunded", payment.refunded());
        view.put("duplicate", payment.isDuplicate());
        view.put("receivedAt", Instant.ofEpochMilli(payment.receivedAt()));
        return view;
    }
}

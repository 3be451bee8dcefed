package io.kamishop.admin;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.refund.Refund;
import io.kamishop.refund.RefundService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/refunds}: every refund with its state, the automatic ones among them, so a merchant sees
 * what is still owed to a gateway (pending, with its attempts and next try), what the gateway declined
 * (failed: ask again from the order) and what was given back by hand.
 */
final class RefundPages {

    private static final List<String> STATUSES =
            List.of(Refund.PENDING, Refund.SUCCEEDED, Refund.FAILED, Refund.MANUAL);

    private RefundPages() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, RefundService refunds) {
        routes.get("/admin/refunds", ctx -> {
            String status = ctx.queryParam("status");
            String shown = status != null && STATUSES.contains(status) ? status : null;
            long before = parseLong(ctx.queryParam("before"));
            List<Refund> found = refunds.recent(shown, 50, before);
            Map<String, Object> model = new HashMap<>();
            model.put("refunds", found);
            model.put("status", shown == null ? "" : shown);
            model.put("statuses", STATUSES);
            model.put("next", found.size() == 50 ? found.get(found.size() - 1).id() : null);
            web.page(ctx, "refunds", model);
        });
    }

    private static long parseLong(@Nullable String text) {
        try {
            return text == null || text.isBlank() ? Long.MAX_VALUE : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}

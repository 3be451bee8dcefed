package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.ConnectionCheck;
import io.kamishop.payment.PaymentChannelStatus;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The payments page ({@code /admin/payments}) and its JSON twin ({@code GET /api/admin/payments},
 * {@code POST /api/admin/payments/{plugin}/test}). Both doors read and test through
 * {@link PaymentChannelStatus}; both are store administration in {@link AdminApiAreas} (a channel's
 * credentials are the plugin's settings). The page's test is a plain form post, so it needs no script.
 */
public final class PaymentPages {

    private PaymentPages() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, PaymentChannelStatus status) {
        routes.get("/api/admin/payments", ctx -> ctx.json(status.overview()));
        routes.post("/api/admin/payments/{plugin}/test", ctx -> ctx.json(json(status.test(ctx.pathParam("plugin")))));
        routes.get("/admin/payments", ctx -> show(ctx, web, status, null, null));
        routes.post("/admin/payments/{plugin}/test", ctx -> {
            String plugin = ctx.pathParam("plugin");
            ConnectionCheck check = status.test(plugin);
            web.audit(
                    ctx, "payment.test", plugin + ": " + check.outcome().name().toLowerCase(Locale.ROOT));
            if (check.outcome() == ConnectionCheck.Outcome.FAILED) {
                ctx.status(200); // the test ran; what failed is the gateway, said on the page
            }
            show(ctx, web, status, plugin, check);
        });
    }

    private static Map<String, Object> json(ConnectionCheck check) {
        return Map.of("outcome", check.outcome().name().toLowerCase(Locale.ROOT), "detail", check.detail());
    }

    private static void show(
            Context ctx,
            AdminWeb web,
            PaymentChannelStatus status,
            @Nullable String testedPlugin,
            @Nullable ConnectionCheck check) {
        PaymentChannelStatus.Overview overview = status.overview();
        Map<String, Object> model = new HashMap<>();
        model.put("overview", overview);
        model.put("testedPlugin", testedPlugin);
        model.put("testOutcome", check == null ? null : check.outcome().name().toLowerCase(Locale.ROOT));
        model.put("testDetail", check == null ? null : check.detail());
        web.page(ctx, "payments", model);
    }
}

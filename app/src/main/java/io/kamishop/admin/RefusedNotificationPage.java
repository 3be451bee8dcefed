package io.kamishop.admin;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.payment.RefusedNotification;
import io.kamishop.payment.RefusedNotifications;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Notifications the store refused (bad signature, amount mismatch, unknown order...), newest first, filterable. */
final class RefusedNotificationPage {

    private static final int PAGE = 100;

    private RefusedNotificationPage() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, RefusedNotifications refused) {
        routes.get("/admin/notifications", ctx -> {
            String channel = blankToNull(ctx.queryParam("channel"));
            String reason = blankToNull(ctx.queryParam("reason"));
            long before = Long.MAX_VALUE;
            try {
                before = ctx.queryParam("before") == null ? Long.MAX_VALUE : Long.parseLong(ctx.queryParam("before"));
            } catch (NumberFormatException ignored) {
                // first page
            }
            List<RefusedNotification> rows = refused.recent(channel, reason, before, PAGE);
            Map<String, Object> model = new HashMap<>();
            model.put("rows", rows);
            model.put("channel", channel == null ? "" : channel);
            model.put("reason", reason == null ? "" : reason);
            model.put("reasons", refused.reasons());
            model.put("next", rows.size() == PAGE ? rows.get(PAGE - 1).id() : null);
            web.page(ctx, "notifications", model);
        });
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

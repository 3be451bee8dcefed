package io.kamishop.notice;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.plugin.InstalledPlugin;
import io.kamishop.plugin.PluginHost;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merchant's view of the notice outbox: what each notifier was sent, what is still being retried,
 * what was given up; and the "send a test" of a notifier plugin (the admin's button calls it too).
 */
public final class NoticeRoutes {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead");

    private NoticeRoutes() {}

    public static void register(JavalinDefaultRoutingApi<?> routes, NoticeOutbox notices, PluginHost plugins) {
        routes.post("/api/admin/plugins/{id}/test", ctx -> {
            String id = plugins.find(ctx.pathParam("id"))
                    .map(InstalledPlugin::id)
                    .orElseThrow(() -> Refusal.notFound(
                            "plugin_not_found", "no plugin '" + ctx.pathParam("id") + "' is installed"));
            ctx.json(Map.of("sent", notices.sendTest(id)));
        });
        routes.get("/api/admin/notices", ctx -> {
            String status = ctx.queryParam("status");
            if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
                throw Refusal.badRequest("invalid_status", "status is one of " + STATUSES);
            }
            ctx.json(notices.recent(status == null || status.isBlank() ? null : status, 200).stream()
                    .map(row -> {
                        JsonNode notice = notices.notice(row);
                        Map<String, Object> view = new LinkedHashMap<>();
                        view.put("id", row.id());
                        for (String field : List.of("notifier", "noticeId", "kind", "subject")) {
                            view.put(field, notice.path(field).asText());
                        }
                        view.put("status", row.status().equals("sent") ? "delivered" : row.status());
                        view.put("attempts", row.attempts());
                        view.put("lastError", row.lastError());
                        view.put("nextAttemptAt", Instant.ofEpochMilli(row.nextAttemptAt()));
                        view.put("deliveredAt", row.sentAt() == null ? null : Instant.ofEpochMilli(row.sentAt()));
                        return view;
                    })
                    .toList());
        });
    }
}

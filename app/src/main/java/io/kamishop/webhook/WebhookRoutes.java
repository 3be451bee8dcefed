package io.kamishop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.kamishop.web.ApiException;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The merchant's webhook admin: add an endpoint (its secret shown once), list, remove, and see deliveries. */
public final class WebhookRoutes {

    private WebhookRoutes() {
    }

    public static void register(Javalin app, ObjectMapper mapper, WebhookService webhooks) {
        app.post("/api/admin/webhooks", ctx -> {
            JsonBody body = JsonBody.parse(mapper, ctx.body());
            String url = body.requireString("url");
            List<String> events = new ArrayList<>();
            JsonNode list = mapper.readTree(ctx.body()).path("events");
            if (!list.isMissingNode() && !list.isNull()) {
                if (!list.isArray()) {
                    throw ApiException.badRequest("wrong_type", "'events' must be a list of event types");
                }
                list.forEach(e -> events.add(e.asText()));
            }
            WebhookService.Created created = webhooks.create(url, events);
            Map<String, Object> view = view(created.endpoint());
            view.put("secret", created.secret());
            ctx.status(201).json(view);
        });
        app.get("/api/admin/webhooks", ctx -> ctx.json(webhooks.endpoints().stream().map(WebhookRoutes::view).toList()));
        app.delete("/api/admin/webhooks/{id}", ctx -> {
            if (!webhooks.remove(PathIds.id(ctx, "id", "webhook"))) {
                throw ApiException.notFound("webhook_not_found", "there is no such webhook");
            }
            ctx.status(204);
        });
        app.get("/api/admin/webhooks/deliveries", ctx -> {
            String status = ctx.queryParam("status");
            ctx.json(webhooks.recent(status == null || status.isBlank() ? null : status, 200).stream().map(d -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("id", d.id());
                view.put("endpointId", d.endpointId());
                view.put("eventId", d.eventId());
                view.put("eventType", d.eventType());
                view.put("status", d.status());
                view.put("attempts", d.attempts());
                view.put("lastStatus", d.lastStatus());
                view.put("lastError", d.lastError());
                view.put("nextAttemptAt", Instant.ofEpochMilli(d.nextAttemptAt()));
                view.put("deliveredAt", d.deliveredAt() == null ? null : Instant.ofEpochMilli(d.deliveredAt()));
                return view;
            }).toList());
        });
    }

    private static Map<String, Object> view(WebhookEndpoint endpoint) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", endpoint.id());
        view.put("url", endpoint.url());
        view.put("events", List.of(endpoint.events().split(",")));
        view.put("active", endpoint.active());
        view.put("createdAt", Instant.ofEpochMilli(endpoint.createdAt()));
        return view;
    }
}

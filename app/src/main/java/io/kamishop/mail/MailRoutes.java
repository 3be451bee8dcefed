package io.kamishop.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.outbox.OutboxMessage;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The merchant's mail admin: SMTP settings, the outbox, and a retry for mails that gave up. */
public final class MailRoutes {

    private MailRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes, ObjectMapper mapper, MailSettings settings, MailOutbox outbox) {
        routes.get("/api/admin/mail/settings", ctx -> ctx.json(settings.view()));
        routes.put("/api/admin/mail/settings", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            Map<String, String> values = new LinkedHashMap<>();
            body.fields()
                    .forEachRemaining(e -> values.put(
                            e.getKey(), body.optionalScalarText(e.getKey()).orElse("")));
            settings.store(values);
            ctx.json(settings.view());
        });
        routes.get("/api/admin/mail/outbox", ctx -> {
            String status = ctx.queryParam("status");
            ctx.json(outbox.recent(status == null || status.isBlank() ? null : status, 200).stream()
                    .map(MailRoutes::view)
                    .toList());
        });
        routes.post("/api/admin/mail/outbox/{id}/retry", ctx -> {
            if (!outbox.retry(PathIds.id(ctx, "id", "mail"))) {
                throw Refusal.notFound("mail_not_found", "no failed mail with that id");
            }
            ctx.json(Map.of("queued", true));
        });
    }

    private static Map<String, Object> view(OutboxMessage mail) {
        Map<String, Object> view = new LinkedHashMap<>();
        String status = MailOutbox.statusOf(mail);
        view.put("id", mail.id());
        view.put("orderId", mail.orderId());
        view.put("kind", MailOutbox.payloadOf(mail).path("kind").asText());
        view.put("recipient", MailOutbox.payloadOf(mail).path("recipient").asText());
        view.put("status", status);
        view.put("attempts", mail.attempts());
        view.put("nextAttemptAt", Instant.ofEpochMilli(mail.nextAttemptAt()));
        view.put("lastError", status.equals("skipped") ? null : mail.lastError());
        view.put("createdAt", Instant.ofEpochMilli(mail.createdAt()));
        view.put("sentAt", mail.sentAt() == null ? null : Instant.ofEpochMilli(mail.sentAt()));
        return view;
    }
}

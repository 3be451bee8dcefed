package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.mail.MailOutbox;
import io.kamishop.mail.MailSettings;
import io.kamishop.web.HttpRefusals;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * SMTP settings in the browser, drawn from their schema as every settings form is, and a test mail to prove them.
 * The password is a secret: the form never carries it back, only {@code ********} when one is stored; that or an
 * empty field keeps the stored one, and a tick box removes it. Settings fixed by the environment are shown, not
 * editable.
 */
final class MailSettingsPage {

    private static final List<String> FIELDS = List.of("host", "port", "username", "password", "from", "security");

    private MailSettingsPage() {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, MailSettings settings, MailOutbox outbox) {
        routes.get("/admin/settings/mail", ctx -> show(ctx, web, settings, null, Map.of(), null));
        routes.post("/admin/settings/mail", ctx -> {
            List<?> fixed = setByEnvironment(settings.view());
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : FIELDS) {
                String value = ctx.formParam(name);
                if (value == null || fixed.contains(name)) {
                    continue;
                }
                if (name.equals("password") && value.isEmpty()) {
                    continue; // empty keeps the stored password, as ******** does; the tick box removes it
                }
                values.put(name, name.equals("password") ? value : value.strip());
            }
            // A checkbox: absent means off. Without it a merchant on a local relay could not save a password at all.
            if (!fixed.contains("allowPlaintextPassword")) {
                String ticked = SettingFields.checkbox(ctx.formParams("allowPlaintextPassword"));
                values.put("allowPlaintextPassword", "true".equals(ticked) || "on".equals(ticked) ? "true" : "false");
            }
            if ("on".equals(ctx.formParam("clearPassword")) && !fixed.contains("password")) {
                values.put("password", "");
            }
            try {
                settings.store(values);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                Map<String, String> submitted = new HashMap<>();
                FIELDS.stream().filter(n -> !n.equals("password")).forEach(n -> submitted.put(n, ctx.formParam(n)));
                submitted.put("allowPlaintextPassword", values.get("allowPlaintextPassword"));
                show(ctx, web, settings, submitted, SettingFields.fieldProblems(e), null);
                return;
            }
            // Names only: the audit log is no place for a password, nor even its length.
            web.audit(ctx, "mail.settings", String.join(", ", values.keySet()));
            web.redirectDone(ctx, "/admin/settings/mail", "saved");
        });
        routes.post("/admin/settings/mail/test", ctx -> {
            String to = ctx.formParam("to") == null ? "" : ctx.formParam("to").strip();
            if (!to.matches("[^@\\s]{1,64}@[^@\\s]{1,190}")) {
                ctx.status(422);
                show(
                        ctx,
                        web,
                        settings,
                        null,
                        Map.of("to", web.messages(ctx).getOrDefault("invalid_email", "invalid email")),
                        null);
                return;
            }
            try {
                outbox.sendTestMail(to);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                show(ctx, web, settings, null, Map.of(), e.getMessage());
                return;
            } catch (Exception e) {
                // The mail server said no (or could not be reached): that is the answer the merchant asked for.
                web.audit(ctx, "mail.test_failed", to);
                ctx.status(422);
                show(
                        ctx,
                        web,
                        settings,
                        null,
                        Map.of(),
                        web.messages(ctx).get("test_mail_failed") + ": " + e.getMessage());
                return;
            }
            web.audit(ctx, "mail.test", to);
            web.redirectDone(ctx, "/admin/settings/mail", "test_mail_sent");
        });
    }

    /** The settings the environment sets, which the form cannot change; MailSettings.view always lists them. */
    private static List<?> setByEnvironment(Map<String, Object> view) {
        return (List<?>) Objects.requireNonNull(view.get("setByEnvironment"), "setByEnvironment");
    }

    private static void show(
            Context ctx,
            AdminWeb web,
            MailSettings settings,
            @Nullable Map<String, String> submitted,
            Map<String, String> errors,
            @Nullable String testError) {
        Map<String, Object> view = settings.view();
        List<?> fixed = setByEnvironment(view);
        Map<String, String> values = SettingFields.shown(MailSettings.schema(), view, submitted);
        Map<String, String> t = web.messages(ctx);
        List<Map<String, Object>> fields = SettingFields.build(
                MailSettings.schema(),
                values,
                SettingFields.sentences(errors),
                new SettingFields.Form(
                        key -> key.equals("allowPlaintextPassword") ? "smtp-allow-plaintext" : "smtp-" + key,
                        key -> key,
                        key -> "error-smtp-" + key,
                        new SettingFields.Texts(
                                d -> t.getOrDefault(
                                        d.key().equals("allowPlaintextPassword")
                                                ? "smtp_allow_plaintext"
                                                : "smtp_" + d.key(),
                                        d.label()),
                                d -> "",
                                (d, option) -> t.getOrDefault("smtp_" + d.key() + "_" + option, option)),
                        d -> fixed.contains(d.key()),
                        false));
        for (Map<String, Object> field : fields) {
            if ("password".equals(field.get("key")) && !Boolean.TRUE.equals(field.get("overridden"))) {
                field.put("clearName", "clearPassword");
                field.put("clearLabel", t.get("smtp_password_clear"));
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("fields", fields);
        model.put("toError", errors.get("to"));
        model.put("testError", testError);
        web.page(ctx, "mail_settings", model);
    }
}

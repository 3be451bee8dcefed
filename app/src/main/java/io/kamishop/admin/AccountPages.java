package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.SettingDefinition;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Store settings, the audit log, and the merchant's own security: password, TOTP enrolment with
 * recovery codes, API tokens (created and shown once, revoked), and further admin users.
 */
public final class AccountPages {

    private AccountPages() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            StoreSettings settings,
            AdminAudit audit,
            AdminUsers users,
            AdminTokens tokens) {
        routes.get("/admin/settings", ctx -> showSettings(ctx, web, settings, null, Map.of()));
        routes.post("/admin/settings", ctx -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (StoreSettings.Definition d : plainSettings()) {
                String value = posted(ctx, d);
                if (value != null && !value.strip().equals(settings.get(d))) {
                    values.put(d.name(), value); // only what the merchant changed
                }
            }
            try {
                settings.change(values);
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showSettings(ctx, web, settings, formValues(ctx), SettingFields.fieldProblems(e));
                return;
            }
            values.replaceAll((name, value) -> value.strip());
            web.audit(
                    ctx,
                    "settings.update",
                    String.join(
                            ", ",
                            values.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .toList()));
            web.redirectDone(ctx, "/admin/settings", "saved");
        });
        routes.get("/admin/audit", ctx -> {
            long before = Long.MAX_VALUE;
            try {
                before = ctx.queryParam("before") == null ? Long.MAX_VALUE : Long.parseLong(ctx.queryParam("before"));
            } catch (NumberFormatException ignored) {
                // first page
            }
            List<AdminAudit.Entry> entries = audit.recent(100, before);
            Map<String, Object> model = new HashMap<>();
            model.put("entries", entries);
            model.put("next", entries.size() == 100 ? entries.get(99).id() : null);
            web.page(ctx, "audit", model);
        });

        routes.get("/admin/account", ctx -> showAccount(ctx, web, users, null));
        routes.post("/admin/account/password", ctx -> {
            AdminWeb.Session s = me(ctx);
            try {
                users.changePassword(s.user().id(), ctx.formParam("current"), ctx.formParam("password"));
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showAccount(ctx, web, users, Map.of("passwordError", fieldsText(e)));
                return;
            }
            web.sessions().deleteOthers(s.user().id(), s.rawId());
            web.audit(ctx, "account.password", ""); // the other sessions are signed out with it
            web.redirectDone(ctx, "/admin/account", "password_changed");
        });
        routes.post("/admin/account/totp/begin", ctx -> {
            AdminWeb.Session s = me(ctx);
            String secret = users.beginTotp(s.user().id());
            Map<String, Object> extra = new HashMap<>();
            extra.put("totpSecret", secret);
            String uri =
                    Totp.uri(settings.get(StoreSettings.STORE_NAME), s.user().username(), secret);
            extra.put("totpUri", uri);
            extra.put("totpQr", QrCode.of(uri));
            showAccount(ctx, web, users, extra);
        });
        routes.post("/admin/account/totp/confirm", ctx -> {
            AdminWeb.Session s = me(ctx);
            var codes = users.confirmTotp(s.user().id(), ctx.formParam("code"));
            if (codes.isEmpty()) {
                ctx.status(422);
                showAccount(ctx, web, users, Map.of("totpError", true));
                return;
            }
            web.sessions().deleteOthers(s.user().id(), s.rawId());
            web.audit(ctx, "account.totp_enabled", "");
            showAccount(ctx, web, users, Map.of("recoveryCodes", codes.get()));
        });
        routes.post("/admin/account/totp/disable", ctx -> {
            AdminWeb.Session s = me(ctx);
            if (users.authenticate(s.user().username(), ctx.formParam("current"))
                    .isEmpty()) {
                ctx.status(422);
                showAccount(ctx, web, users, Map.of("disableError", true));
                return;
            }
            users.disableTotp(s.user().id());
            web.audit(ctx, "account.totp_disabled", "");
            web.redirectDone(ctx, "/admin/account", "totp_disabled");
        });

        routes.get("/admin/tokens", ctx -> showTokens(ctx, web, tokens, null));
        routes.post("/admin/tokens", ctx -> {
            String name =
                    ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
            if (name.isEmpty() || name.length() > 100) {
                ctx.status(422);
                showTokens(ctx, web, tokens, null);
                return;
            }
            java.util.Optional<TokenScope> scope =
                    TokenScope.fromId(ctx.formParam("scope") == null ? "full" : ctx.formParam("scope"));
            if (scope.isEmpty()) {
                ctx.status(422);
                showTokens(ctx, web, tokens, null);
                return;
            }
            String token = tokens.create(name, scope.get());
            web.audit(ctx, "token.create", name + " (" + scope.get().id() + ")");
            showTokens(ctx, web, tokens, token);
        });
        routes.post("/admin/tokens/{id}/revoke", ctx -> {
            long id = PathIds.id(ctx, "id", "token");
            if (tokens.revoke(id)) {
                web.audit(ctx, "token.revoke", "#" + id);
            }
            web.redirectDone(ctx, "/admin/tokens", "revoked");
        });

        StaffManagement staff = new StaffManagement(users, audit);
        routes.get("/admin/users", ctx -> showUsers(ctx, web, users, null, null));
        routes.post("/admin/users", ctx -> {
            try {
                staff.create(
                        actor(ctx),
                        web.clientIp(ctx),
                        ctx.formParam("username"),
                        ctx.formParam("password"),
                        ctx.formParam("role"));
                web.redirectDone(ctx, "/admin/users", "created");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showUsers(ctx, web, users, e.getMessage(), e.details().get("fields"));
            }
        });
        routes.post("/admin/users/{id}/role", ctx -> {
            try {
                staff.changeRole(actor(ctx), web.clientIp(ctx), PathIds.id(ctx, "id", "user"), ctx.formParam("role"));
                web.redirectDone(ctx, "/admin/users", "role_changed");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showUsers(ctx, web, users, e.getMessage(), e.details().get("fields"));
            }
        });
        routes.post("/admin/users/{id}/delete", ctx -> {
            try {
                staff.delete(actor(ctx), web.clientIp(ctx), PathIds.id(ctx, "id", "user"));
                web.redirectDone(ctx, "/admin/users", "user_deleted");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                showUsers(ctx, web, users, e.getMessage(), null);
            }
        });
    }

    /** The signed-in admin's session: these pages are all past the guard. */
    private static AdminWeb.Session me(Context ctx) {
        return AdminWeb.signedIn(AdminWeb.session(ctx));
    }

    private static String actor(Context ctx) {
        return "user:" + me(ctx).user().username();
    }

    /** The settings this form edits as text; the JSON ones (channel fees and limits) have a page of their own. */
    private static List<StoreSettings.Definition> plainSettings() {
        return StoreSettings.definitions().values().stream()
                .filter(d -> !d.json())
                .toList();
    }

    private static Map<String, String> formValues(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        plainSettings().forEach(d -> values.put(d.name(), posted(ctx, d)));
        return values;
    }

    /** What the form posted for a setting: a checkbox by the partial's hidden "false" and box, any other field as is. */
    private static @Nullable String posted(Context ctx, StoreSettings.Definition d) {
        return d.schema().type() == SettingDefinition.Type.BOOLEAN
                ? SettingFields.checkbox(ctx.formParams(d.name()))
                : ctx.formParam(d.name());
    }

    /** The region time zones, sorted; offsets like {@code +08:00} are left out (no daylight-saving rules). */
    private static final List<String> ZONES = java.time.ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") || z.equals("UTC"))
            .filter(z -> !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
            .sorted()
            .toList();

    private static void showSettings(
            Context ctx,
            AdminWeb web,
            StoreSettings settings,
            @Nullable Map<String, String> submitted,
            Map<String, String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StoreSettings.Definition d : plainSettings()) {
            values.put(
                    d.name(),
                    submitted != null && submitted.get(d.name()) != null ? submitted.get(d.name()) : settings.get(d));
        }
        Map<String, String> t = web.messages(ctx);
        List<Map<String, Object>> fields = SettingFields.build(
                plainSettings().stream().map(StoreSettings.Definition::schema).toList(),
                values,
                SettingFields.sentences(problems),
                new SettingFields.Form(
                        key -> key,
                        key -> key,
                        key -> "error-" + key,
                        new SettingFields.Texts(
                                d -> t.getOrDefault("setting_" + d.key(), d.label()),
                                d -> t.getOrDefault("setting_rule_" + d.key(), d.help()),
                                (d, option) -> option),
                        // The environment wins over what is stored, and the form says which variable: as it always did.
                        d -> false,
                        true));
        // The time zone is one of a list, not free text: a typo cannot be saved. A zone the list leaves out
        // (the server's own, such as Etc/UTC) stays chosen, so saving the form does not change it.
        for (Map<String, Object> field : fields) {
            if (StoreSettings.TIME_ZONE.name().equals(field.get("key"))) {
                String zone = String.valueOf(field.get("value"));
                List<Map<String, Object>> options = new java.util.ArrayList<>();
                ZONES.forEach(z -> options.add(Map.of("value", z, "label", z, "chosen", z.equals(zone))));
                if (!ZONES.contains(zone)) {
                    options.add(Map.of("value", zone, "label", zone, "chosen", true));
                }
                field.put("type", "enum");
                field.put("options", options);
            }
        }
        web.page(ctx, "settings", Map.of("fields", fields));
    }

    private static void showAccount(Context ctx, AdminWeb web, AdminUsers users, @Nullable Map<String, Object> extra) {
        AdminWeb.Session s = me(ctx);
        AdminUser me = users.require(s.user().id());
        Map<String, Object> model = new HashMap<>();
        model.put("user", me);
        model.put("recoveryLeft", users.unusedRecoveryCodes(me.id()));
        if (extra != null) {
            model.putAll(extra);
        }
        web.page(ctx, "account", model);
    }

    private static void showTokens(Context ctx, AdminWeb web, AdminTokens tokens, @Nullable String fresh) {
        Map<String, Object> model = new HashMap<>();
        model.put("tokens", tokens.list());
        model.put("fresh", fresh);
        model.put(
                "scopes",
                java.util.Arrays.stream(TokenScope.values()).map(TokenScope::id).toList());
        web.page(ctx, "tokens", model);
    }

    private static void showUsers(
            Context ctx, AdminWeb web, AdminUsers users, @Nullable String error, @Nullable Object fields) {
        Map<String, Object> model = new HashMap<>();
        model.put("users", users.list());
        model.put(
                "roles",
                java.util.Arrays.stream(StaffRole.values()).map(StaffRole::id).toList());
        model.put("error", error);
        model.put("fields", fields == null ? Map.of() : fields);
        web.page(ctx, "users", model);
    }

    private static String fieldsText(Refusal e) {
        Object fields = e.details().get("fields");
        // Every refusal names what it refuses; its code stands in for a message it would lack.
        return fields instanceof Map<?, ?> m && !m.isEmpty()
                ? m.toString()
                : Objects.requireNonNullElse(e.getMessage(), e.code());
    }
}

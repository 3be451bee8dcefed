package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.config.StoreSettings;
import io.kamishop.web.ClientAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The web admin's front door: who is signed in, the CSRF check on every state-changing request,
 * sign-in (password, throttled, then TOTP when enrolled), first-admin setup, sign-out, static assets,
 * and the page frame every admin page is drawn in.
 */
public final class AdminWeb {

    static final String SESSION_COOKIE = "kamishop_admin_session";
    /**
     * The name over https. A {@code __Host-} cookie is only accepted by browsers when it is Secure, has
     * Path=/ and no Domain, so a sibling subdomain or a plain-http page cannot plant or overwrite it
     * (session fixation); over https the plain name is not read at all.
     */
    static final String SECURE_SESSION_COOKIE = "__Host-" + SESSION_COOKIE;

    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTR = "kamishop.admin.session";
    private static final String LANG_ATTR = "kamishop.admin.lang";
    private static final Set<String> PUBLIC = Set.of("/admin/login", "/admin/setup", "/admin/login/second-factor");
    private static final Map<String, String> STATIC_TYPES =
            Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final AdminViews views;
    private final AdminSessions sessions;
    private final AdminUsers users;
    private final LoginThrottle throttle;
    private final AdminAudit audit;
    private final AdminTokens tokens;
    private final ClientAddress clients;
    private final StoreSettings settings;
    private final StoreWarnings warnings;

    public AdminWeb(
            AdminViews views,
            AdminSessions sessions,
            AdminUsers users,
            LoginThrottle throttle,
            AdminAudit audit,
            AdminTokens tokens,
            ClientAddress clients,
            StoreSettings settings,
            StoreWarnings warnings) {
        this.warnings = warnings;
        this.views = views;
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.tokens = tokens;
        this.clients = clients;
        this.settings = settings;
    }

    public void register(JavalinDefaultRoutingApi<?> routes) {
        // The answer is already set when a guard aborts; nothing more to do (and no 500).
        routes.exception(AbortRequest.class, (e, ctx) -> {});
        routes.before("/admin", this::guard);
        routes.before("/admin/*", this::guard);
        routes.get("/admin/static/{file}", this::serveStatic);
        routes.get("/admin/login", ctx -> loginPage(ctx, 200, null));
        routes.post("/admin/login", this::signIn);
        routes.get("/admin/login/second-factor", ctx -> secondFactorPage(ctx, 200, null));
        routes.post("/admin/login/second-factor", this::secondFactor);
        routes.get("/admin/setup", this::setupPage);
        routes.post("/admin/setup", this::setup);
        routes.post("/admin/logout", ctx -> {
            Session s = signedIn(session(ctx));
            sessions.delete(s.rawId());
            audit(ctx, "logout", "");
            clearCookie(ctx);
            ctx.redirect("/admin/login", io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    /**
     * The session of this request: every page past the guard has one ({@link #signedIn}); a public page (sign-in,
     * set-up) may have none, null.
     */
    public static @Nullable Session session(Context ctx) {
        return ctx.attribute(SESSION_ATTR);
    }

    /** The session of a page past the guard, which lets no request without one through. */
    static Session signedIn(@Nullable Session session) {
        return Objects.requireNonNull(session, "the guard lets no request without a session through");
    }

    public record Session(AdminSessions.Session inner) {
        public String rawId() {
            return inner.rawId();
        }

        public AdminUser user() {
            return inner.user();
        }
    }

    // --- the guard ------------------------------------------------------------------------------

    private void guard(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String path = ctx.path();
        if (path.startsWith("/admin/static/")) {
            return;
        }
        ctx.attribute(LANG_ATTR, views.language(ctx));
        Optional<AdminSessions.Session> found = sessions.find(sessionCookie(ctx));
        found.ifPresent(s -> ctx.attribute(SESSION_ATTR, new Session(s)));
        boolean unsafe =
                !(ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD"));
        if (PUBLIC.contains(path)) {
            if (unsafe && !path.equals("/admin/login/second-factor") && !sameOrigin(ctx)) {
                refuse(ctx, 403, "error_cross_site");
            }
            if (unsafe && path.equals("/admin/login/second-factor")) {
                requireCsrf(ctx, found.orElse(null));
            }
            return;
        }
        if (found.isEmpty() || !found.get().complete()) {
            if (unsafe) {
                refuse(ctx, 401, "error_signed_out");
            }
            ctx.redirect("/admin/login", io.javalin.http.HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        if (unsafe) {
            requireCsrf(ctx, found.get());
        }
        // The same policy as the API's (AdminAccess): a page is refused exactly where its API route would be.
        if (AdminAccess.refusal(ctx.method().name(), path, found.get().user().role())
                .isPresent()) {
            refuse(ctx, 403, "error_role");
        }
    }

    private void requireCsrf(Context ctx, AdminSessions.@Nullable Session session) {
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        if (session == null
                || sent == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            refuse(ctx, 403, "error_csrf");
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null
                && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    /** Sign-in and setup forms are posted before there is a session to carry a CSRF token: the store's one cross-site rule. */
    private boolean sameOrigin(Context ctx) {
        return io.kamishop.web.SameOrigin.fromOwnPages(ctx, clients.host(ctx));
    }

    private void refuse(Context ctx, int status, String messageKey) {
        ctx.skipRemainingHandlers();
        String accept = ctx.header("Accept");
        if (ctx.path().startsWith("/admin")
                && (accept == null || !accept.contains("application/json"))
                && ctx.header(CSRF_HEADER) == null) {
            Map<String, Object> model = new HashMap<>();
            model.put("status", status);
            model.put("messageKey", messageKey);
            ctx.status(status).html(render(ctx, "error", model));
        } else {
            String code = status == 403 ? "forbidden" : "unauthorized";
            ctx.status(status)
                    .json(Map.of(
                            "error",
                            Map.of("code", code, "message", messages(ctx).getOrDefault(messageKey, messageKey))));
        }
        throw new AbortRequest();
    }

    /** Stops a request inside a before-handler once its answer is set. */
    static final class AbortRequest extends RuntimeException {
        AbortRequest() {
            super(null, null, false, false);
        }
    }

    // --- sign-in --------------------------------------------------------------------------------

    private void loginPage(Context ctx, int status, @Nullable String errorKey) {
        Map<String, Object> model = new HashMap<>();
        model.put("error", errorKey);
        model.put("needsSetup", users.count() == 0);
        model.put("username", ctx.formParam("username") == null ? "" : ctx.formParam("username"));
        ctx.status(status).html(render(ctx, "login", model));
    }

    private void signIn(Context ctx) {
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        String ip = clients.ip(ctx);
        String account = LoginThrottle.account(username);
        String address = LoginThrottle.ip(ip);
        if (tooMany(ctx, List.of(account, address))) {
            return;
        }
        Optional<AdminUser> user = users.authenticate(username, password);
        if (user.isEmpty()) {
            throttle.recordFailure(account, address);
            audit.record(safeName(username), "login.failed", "wrong username or password", ip);
            if (!tooMany(ctx, List.of(account, address))) {
                loginPage(ctx, 401, "login_failed");
            }
            return;
        }
        throttle.recordSuccess(account);
        if (user.get().totpEnabled()) {
            setCookie(ctx, sessions.create(user.get().id(), AdminSessions.SECOND_FACTOR, ip));
            ctx.redirect("/admin/login/second-factor", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        setCookie(ctx, sessions.create(user.get().id(), AdminSessions.FULL, ip));
        audit.record("user:" + user.get().username(), "login", "password", ip);
        sessions.purgeExpired(); // sign-ins are rare: a fine moment to drop dead sessions
        ctx.redirect("/admin", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Answers 429 with Retry-After when any subject is locked; true if it did. */
    private boolean tooMany(Context ctx, List<String> subjects) {
        Optional<Duration> wait = throttle.lockedFor(subjects);
        if (wait.isEmpty()) {
            return false;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        Map<String, Object> model = new HashMap<>();
        model.put("error", "login_throttled");
        model.put("retryMinutes", (seconds + 59) / 60);
        model.put("needsSetup", false);
        model.put("username", "");
        String template = ctx.path().endsWith("second-factor") ? "second_factor" : "login";
        ctx.status(429).html(render(ctx, template, model));
        return true;
    }

    private void secondFactorPage(Context ctx, int status, @Nullable String errorKey) {
        Session s = session(ctx);
        if (s == null || !AdminSessions.SECOND_FACTOR.equals(s.inner().stage())) {
            ctx.redirect("/admin/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("error", errorKey);
        ctx.status(status).html(render(ctx, "second_factor", model));
    }

    private void secondFactor(Context ctx) {
        Session s = session(ctx);
        if (s == null || !AdminSessions.SECOND_FACTOR.equals(s.inner().stage())) {
            ctx.redirect("/admin/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        String ip = clients.ip(ctx);
        String account = LoginThrottle.account(s.user().username());
        String address = LoginThrottle.ip(ip);
        if (tooMany(ctx, List.of(account, address))) {
            return;
        }
        if (!users.verifySecondFactor(s.user().id(), ctx.formParam("code"))) {
            throttle.recordFailure(account, address);
            audit.record("user:" + s.user().username(), "login.failed", "wrong second factor", ip);
            if (!tooMany(ctx, List.of(account, address))) {
                secondFactorPage(ctx, 401, "second_factor_failed");
            }
            return;
        }
        throttle.recordSuccess(account);
        // A new id once fully signed in: whoever saw the half-way session id gains nothing.
        sessions.delete(s.rawId());
        setCookie(ctx, sessions.create(s.user().id(), AdminSessions.FULL, ip));
        audit.record("user:" + s.user().username(), "login", "password and second factor", ip);
        ctx.redirect("/admin", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void setupPage(Context ctx) {
        if (users.count() > 0) {
            ctx.redirect("/admin/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        ctx.html(render(ctx, "setup", new HashMap<>()));
    }

    private void setup(Context ctx) {
        String ip = clients.ip(ctx);
        String address = LoginThrottle.ip(ip);
        if (tooMany(ctx, List.of(address))) {
            return;
        }
        String code = ctx.formParam("setupCode");
        boolean token = code != null && tokens.verify(code.strip()).isPresent();
        AdminUser created;
        try {
            created = users.createFirst(code, token, ctx.formParam("username"), ctx.formParam("password"));
        } catch (io.kamishop.domain.Refusal e) {
            if (e.kind() == io.kamishop.domain.Refusal.Kind.FORBIDDEN) {
                throttle.recordFailure(LoginThrottle.account("setup"), address);
            }
            Map<String, Object> model = new HashMap<>();
            model.put("error", e.getMessage());
            model.put("fields", e.details().getOrDefault("fields", Map.of()));
            model.put("username", ctx.formParam("username"));
            ctx.status(io.kamishop.web.HttpRefusals.status(e)).html(render(ctx, "setup", model));
            return;
        }
        audit.record(
                "user:" + created.username(), "admin.setup", token ? "with an admin token" : "with the setup code", ip);
        setCookie(ctx, sessions.create(created.id(), AdminSessions.FULL, ip));
        ctx.redirect("/admin", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void setCookie(Context ctx, String rawId) {
        boolean tls = "https".equals(clients.scheme(ctx));
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        tls
                                ? SECURE_SESSION_COOKIE + "=" + rawId + "; Path=/; HttpOnly; SameSite=Lax; Secure"
                                : SESSION_COOKIE + "=" + rawId + "; Path=/; HttpOnly; SameSite=Lax");
    }

    private void clearCookie(Context ctx) {
        ctx.res().addHeader("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        if ("https".equals(clients.scheme(ctx))) {
            ctx.res()
                    .addHeader(
                            "Set-Cookie",
                            SECURE_SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
        }
    }

    /** The session cookie of this request: the {@code __Host-} one over https, the plain one over http. */
    static @Nullable String sessionCookie(Context ctx) {
        return io.kamishop.web.StoreAddress.requestIsHttps()
                ? ctx.cookie(SECURE_SESSION_COOKIE)
                : ctx.cookie(SESSION_COOKIE);
    }

    private static String safeName(@Nullable String username) {
        if (username == null) {
            return "user:";
        }
        String s = username.strip();
        return "user:" + (s.length() > 64 ? s.substring(0, 64) : s);
    }

    // --- static assets --------------------------------------------------------------------------

    private void serveStatic(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        String ext = file.contains(".") ? file.substring(file.lastIndexOf('.') + 1) : "";
        if (!file.matches("[a-z0-9._-]+") || !STATIC_TYPES.containsKey(ext)) {
            ctx.status(404).result("");
            return;
        }
        try (InputStream in = AdminWeb.class.getResourceAsStream("/admin/static/" + file)) {
            if (in == null) {
                ctx.status(404).result("");
                return;
            }
            ctx.header("Cache-Control", "public, max-age=3600")
                    .contentType(STATIC_TYPES.get(ext))
                    .result(in.readAllBytes());
        }
    }

    // --- drawing pages --------------------------------------------------------------------------

    /** The admin language of this request: {@code en} or {@code zh-CN}. */
    public String language(Context ctx) {
        String lang = ctx.attribute(LANG_ATTR);
        return lang == null ? "en" : lang;
    }

    public Map<String, String> messages(Context ctx) {
        String lang = ctx.attribute(LANG_ATTR);
        return views.messages(lang == null ? "en" : lang);
    }

    /** Renders a template with what every page needs: messages, language, CSRF token, the user. */
    public String render(Context ctx, String template, Map<String, Object> model) {
        Map<String, Object> full = new HashMap<>(model);
        String lang = ctx.attribute(LANG_ATTR);
        full.put("t", messages(ctx));
        full.put("lang", lang == null ? "en" : lang);
        String[] parts = ctx.path().split("/");
        full.put("section", parts.length > 2 ? parts[2] : "");
        full.put("storeName", settings.get(StoreSettings.STORE_NAME));
        full.put("ok", ctx.queryParam("ok"));
        Abilities can = null;
        Session s = session(ctx);
        if (s != null) {
            full.put("csrf", s.inner().csrfToken());
            if (s.inner().complete()) {
                full.put("me", s.user()); // half-way through sign-in, no navigation yet
                // Links a role could not follow are not drawn (the guard refuses them anyway).
                full.put("mayAdminister", s.user().role().permits("GET", AdminApiAreas.Area.ADMINISTRATION));
                can = abilities(s.user().role());
                full.put("can", can);
                full.put("warnings", warnings.current());
            }
        }
        String html = views.render(template, full);
        // Whether the page hid a form is known only once it is drawn; the layout marks where the note goes.
        String note = can != null && can.hidWrite() ? views.render("role_note", Map.of("t", full.get("t"))) : "";
        return html.replace(ROLE_NOTE_MARK, note);
    }

    /** Where the layout puts the one note a read-only role sees on a page that hid some of its forms. */
    static final String ROLE_NOTE_MARK = "<!--role-note-->";

    /**
     * What the role may do, per area: {@code can.orders_write}, {@code can.keys_read}... Pages draw a
     * button only where the role may use it; the guard still refuses the request itself (same table,
     * {@link AdminAccess}). A {@code _write} the role lacks is remembered: the page hid a form, and the
     * role is told once that the page is not all theirs to change.
     */
    static Abilities abilities(AdminAccess.Grant grant) {
        Abilities can = new Abilities();
        for (AdminApiAreas.Area area : AdminApiAreas.Area.values()) {
            String name = area.name().toLowerCase(java.util.Locale.ROOT);
            can.put(name + "_read", grant.permits("GET", area));
            can.put(name + "_write", grant.permits("POST", area));
        }
        return can;
    }

    /** The {@code can} map of one render, noting a refused {@code _write} a template asked about. */
    static final class Abilities extends HashMap<String, Boolean> {
        private static final long serialVersionUID = 1L;
        private boolean hidWrite;

        @Override
        public @Nullable Boolean get(@Nullable Object key) {
            Boolean may = super.get(key);
            if (Boolean.FALSE.equals(may) && key instanceof String name && name.endsWith("_write")) {
                hidWrite = true;
            }
            return may;
        }

        boolean hidWrite() {
            return hidWrite;
        }
    }

    public void page(Context ctx, String template, Map<String, Object> model) {
        ctx.html(render(ctx, template, model));
    }

    /** Records an admin action by the signed-in user. */
    public void audit(Context ctx, String action, String detail) {
        audit.record(actor(ctx), action, detail, clients.ip(ctx));
    }

    /** Who is acting, as the audit trail names a signed-in admin (for use cases that audit in their own transaction). */
    public String actor(Context ctx) {
        Session s = session(ctx);
        return s == null ? "unknown" : "user:" + s.user().username();
    }

    public String clientIp(Context ctx) {
        return clients.ip(ctx);
    }

    public void redirectDone(Context ctx, String to, String okKey) {
        ctx.redirect(to + (to.contains("?") ? "&" : "?") + "ok=" + okKey, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    public AdminSessions sessions() {
        return sessions;
    }
}

package io.kamishop.web;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.function.Supplier;

/** Headers every answer carries: no sniffing, no framing, no referrer leaks of order tokens. */
public final class SecurityHeaders {

    private SecurityHeaders() {}

    /**
     * {@code widgetOrigins} are the origins of the active human-check widget (Turnstile, hCaptcha,
     * Geetest), allowed on the buyer's pages for scripts, frames, styles, images and connections, and nowhere else
     * (the admin keeps the strict policy). Images too because Geetest draws its puzzle in our page, not in a frame
     * of its own, from pictures on its static origin.
     */
    public static void register(JavalinDefaultRoutingApi<?> routes, Supplier<List<String>> widgetOrigins) {
        routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            // Order pages carry the lookup token in their URL: never send it to another site. Same-origin
            // rather than no-referrer: under no-referrer a browser sends "Origin: null" on our own form
            // posts too, and the storefront's cross-site check (SameOrigin) could not tell them from a forged one.
            ctx.header("Referrer-Policy", "same-origin");
            // No inline scripts or styles anywhere (plugin pages included): an injected tag cannot run.
            // form-action also governs where the checkout form's 303 may lead: the gateway. Many EPay
            // aggregators (易支付) serve submit.php over plain http, so http: is allowed as well; https:
            // already allowed any site, so what this adds is only the plain-text scheme.
            String widget = ctx.path().startsWith("/admin") || ctx.path().startsWith("/api/admin")
                    ? ""
                    : widgetSources(widgetOrigins.get());
            ctx.header(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:" + widget + "; style-src 'self'" + widget + "; "
                            + "script-src 'self'" + widget + "; "
                            + (widget.isEmpty()
                                    ? ""
                                    : "frame-src 'self'" + widget + "; connect-src 'self'" + widget + "; ")
                            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https: http:");
            ctx.header("Cross-Origin-Opener-Policy", "same-origin");
            ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        });
    }

    /** The origins as CSP sources ({@code " https://a https://*.b"}); anything but a plain https origin is dropped. */
    static String widgetSources(List<String> origins) {
        StringBuilder sources = new StringBuilder();
        for (String origin : origins) {
            // A plugin's origin goes into a header: nothing that could end the directive or add another one.
            if (origin != null && origin.matches("https://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                sources.append(' ').append(origin);
            }
        }
        return sources.toString();
    }
}

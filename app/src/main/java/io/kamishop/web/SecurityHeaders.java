package io.kamishop.web;

import io.javalin.Javalin;

/** Headers every answer carries: no sniffing, no framing, no referrer leaks of order tokens. */
public final class SecurityHeaders {

    private SecurityHeaders() {}

    public static void register(Javalin app) {
        app.before(ctx -> {
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
            ctx.header(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            + "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https: http:");
            ctx.header("Cross-Origin-Opener-Policy", "same-origin");
            ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        });
    }
}

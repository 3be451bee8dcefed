package io.kamishop.web;

import io.javalin.http.Context;
import java.net.URI;

/**
 * Whether a state-changing browser request came from one of the store's own pages: the one rule for
 * forms posted without a session token (admin and buyer sign-in, the storefront's order forms), so a
 * page on another site cannot sign a victim into the attacker's account (login CSRF) or post a form in
 * their name. Browsers say where a request comes from: {@code Sec-Fetch-Site} (every current browser),
 * else {@code Origin}. Under the store's {@code Referrer-Policy: same-origin} a browser sends its real
 * origin on our own form posts and {@code Origin: null} on another site's, so {@code null} is refused.
 * Scripts (curl, the API's clients, the acceptance suite) send neither header and are let through: they
 * are not a victim's browser, and every limit applies to them as to anyone.
 */
public final class SameOrigin {

    private SameOrigin() {}

    /** {@code host} is the host the store was reached under, as {@link ClientAddress#host} reads it. */
    public static boolean fromOwnPages(Context ctx, String host) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.isBlank()) {
            return true;
        }
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getHost() == null) {
                return false;
            }
            String originHost = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            return originHost.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

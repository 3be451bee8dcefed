package io.kamishop.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The order page's hand-off: the lookup token of an order link ({@code /orders/{no}?token=}) moves into a cookie
 * scoped to that one order, and the buyer lands on {@code /orders/{no}} without a secret in the address bar, the
 * history, a Referer or a crawler's view. The links handed out (mails, gateway return URL, "My orders") keep the
 * token: they are what opens the order in a new browser.
 *
 * <p>The cookie's path is the order's own ({@code Path=/orders/{no}}): by RFC 6265's path-match a browser sends it
 * to that page and its sub-routes ({@code /pay}, {@code /channel}, {@code /keys.txt}, {@code /files/...}) and never
 * to another order's, so one cookie name serves every order a browser has opened. HttpOnly (no script needs it),
 * SameSite=Lax (another site's post carries none; the storefront refuses those anyway), Secure when the request came
 * over https (directly or through a trusted proxy: {@link ClientAddress#scheme}).
 */
public final class OrderCookie {

    public static final String NAME = "kamishop_order";

    /**
     * Thirty days: about as long as a buyer comes back to a bought key in the same browser (to copy it again, to
     * download the file) without digging out the mail; after that the mail's link opens the order again. Not longer:
     * on a shared computer the cookie is the order, so it should not outlive its use by much.
     */
    static final Duration LIFETIME = Duration.ofDays(30);

    private OrderCookie() {}

    /**
     * The token this request opens its order with: the link's {@code ?token=} first, else this order's cookie; null
     * when it brings neither.
     */
    public static @Nullable String token(Context ctx) {
        String query = ctx.queryParam("token");
        return query != null ? query : ctx.cookie(NAME);
    }

    /** Whether the request carries the link's token (a hand-off), not only the cookie. */
    public static boolean fromLink(Context ctx) {
        return ctx.queryParam("token") != null;
    }

    /** The cookie this request brought for its order, or null. */
    public static @Nullable String cookie(Context ctx) {
        return ctx.cookie(NAME);
    }

    /** The {@code Set-Cookie} value that keeps {@code token} for {@code orderNo}'s pages in this browser. */
    public static String set(String orderNo, String token, boolean tls) {
        return NAME + "=" + token + "; Path=" + path(orderNo) + "; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (tls ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that forgets a cookie which no longer opens {@code orderNo}. */
    public static String cleared(String orderNo) {
        return NAME + "=; Path=" + path(orderNo) + "; Max-Age=0; HttpOnly; SameSite=Lax";
    }

    /** The order page's address without the token, the one the buyer lands on. */
    public static String path(String orderNo) {
        return "/orders/" + URLEncoder.encode(orderNo, StandardCharsets.UTF_8);
    }
}

package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.storefront.view.LockedOrderView;
import io.kamishop.web.OrderCookie;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /orders/{orderNo}}: the order link hands its token over to a cookie of that order and sends the buyer
 * on to the address without it (see {@link OrderCookie}); with the cookie the page shows the order, without one a
 * locked page that says how to open it. So the page a crawler may see holds nothing private, and robots.txt needs
 * to keep out only the token links.
 */
final class OrderPage {

    /** The longest order number the locked page repeats back (ours are 22 digits); anything longer is not one. */
    private static final int SHOWN_ORDER_NO = 32;

    private OrderPage() {}

    static void show(Context ctx, StorefrontPages pages, ViewModels views, StorefrontRoutes.Shop shop) {
        if (OrderCookie.fromLink(ctx)) {
            handOff(ctx, pages, shop);
            return;
        }
        String orderNo = ctx.pathParam("orderNo");
        String cookie = OrderCookie.cookie(ctx);
        if (cookie == null) {
            // Opened nothing, so it counts nothing: the same page for every number, whether the order exists or not.
            locked(ctx, pages, orderNo);
            return;
        }
        ctx.header("Cache-Control", "private, no-store");
        Order order;
        try {
            // A wrong cookie is a wrong token: counted and throttled per address by the same use case.
            order = shop.buyerOrders().open(orderNo, cookie, shop.clients().requester(ctx));
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.RATE_LIMITED) {
                StorefrontRoutes.showOrderRefused(ctx, pages, e);
                return;
            }
            ctx.res().addHeader("Set-Cookie", OrderCookie.cleared(orderNo));
            locked(ctx, pages, orderNo);
            return;
        }
        pages.render(
                ctx,
                200,
                "order",
                Map.of(
                        "order",
                        views.order(
                                order,
                                cookie,
                                pages.language(ctx).locale(),
                                shop.clients().requester(ctx)),
                        "paymentFailed",
                        "1".equals(ctx.queryParam("retry"))));
    }

    /**
     * The order link: a token that opens the order becomes the order's cookie and the buyer is sent (303) to the
     * address without it; a wrong one is answered as before the hand-off existed (404, 429 once throttled), with no
     * cookie. The 303 itself is never stored, indexed or passed on in a Referer.
     */
    private static void handOff(Context ctx, StorefrontPages pages, StorefrontRoutes.Shop shop) {
        Optional<Order> order = StorefrontRoutes.buyersOrder(ctx, pages, shop);
        if (order.isEmpty()) {
            return;
        }
        String orderNo = order.get().orderNo();
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        OrderCookie.set(
                                orderNo,
                                ctx.queryParam("token"),
                                "https".equals(shop.clients().scheme(ctx))));
        ctx.header("Cache-Control", "no-store")
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("Referrer-Policy", "no-referrer");
        String retry = "1".equals(ctx.queryParam("retry")) ? "?retry=1" : "";
        ctx.redirect(OrderCookie.path(orderNo) + retry, HttpStatus.SEE_OTHER);
    }

    /** No cookie (or one that no longer opens the order): how to open it, and nothing of the order itself. */
    private static void locked(Context ctx, StorefrontPages pages, String orderNo) {
        ctx.header("Cache-Control", "no-store");
        String shown = orderNo == null || orderNo.length() > SHOWN_ORDER_NO ? "" : orderNo;
        pages.render(ctx, 200, "order_locked", Map.of("locked", new LockedOrderView(shown)));
    }

    /**
     * Where the buyer goes back to the order from a form of its page: the plain address when the cookie brought the
     * request, the token link (the hand-off still to come) when the link did.
     */
    static String url(Context ctx, String orderNo, String token) {
        return OrderCookie.fromLink(ctx) ? ViewModels.orderUrl(orderNo, token) : OrderCookie.path(orderNo);
    }
}

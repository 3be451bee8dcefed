package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.OrderProgress;
import io.kamishop.storefront.view.FoundOrder;
import io.kamishop.storefront.view.LookupForm;
import io.kamishop.storefront.view.PasswordLookup;
import io.kamishop.web.HttpRefusals;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The buyer finding an order again: the look-up page (by order number and link, or by email and lookup
 * password, through the same use cases and throttles as the API) and "My orders", a list this browser
 * keeps by itself (the server draws an empty page; the theme's script fills it from local storage).
 */
final class BuyerOrderRoutes {

    private BuyerOrderRoutes() {}

    static void register(JavalinDefaultRoutingApi<?> routes, StorefrontPages pages, StorefrontRoutes.Shop shop) {
        routes.get("/lookup", ctx -> lookupByLink(ctx, pages, shop));
        routes.post("/lookup", ctx -> lookupByPassword(ctx, pages, shop));
        routes.get("/my-orders", ctx -> {
            // The page holds nothing personal: the list is drawn in the browser from what it remembered.
            pages.render(ctx, 200, "my_orders", Map.of());
        });
    }

    private static void lookupByLink(Context ctx, StorefrontPages pages, StorefrontRoutes.Shop shop) {
        String orderNo =
                Optional.ofNullable(ctx.queryParam("orderNo")).orElse("").strip();
        String token = Optional.ofNullable(ctx.queryParam("token")).orElse("").strip();
        ctx.header("Cache-Control", "no-store");
        if (orderNo.isEmpty() && token.isEmpty()) {
            showLookup(ctx, pages, 200, new LookupForm("", "", null), PasswordLookup.EMPTY);
            return;
        }
        // The buyer may paste the whole order link into the token field.
        int at = token.indexOf("token=");
        if (at >= 0) {
            token = token.substring(at + "token=".length()).split("[&#]")[0];
        }
        try {
            Order order = shop.buyerOrders().open(orderNo, token, shop.clients().requester(ctx));
            ctx.redirect(ViewModels.orderUrl(order.orderNo(), token), HttpStatus.SEE_OTHER);
        } catch (Refusal e) {
            StorefrontRoutes.retryAfter(ctx, e);
            boolean throttled = e.kind() == Refusal.Kind.RATE_LIMITED;
            showLookup(
                    ctx,
                    pages,
                    HttpRefusals.status(e),
                    new LookupForm(orderNo, "", throttled ? "error.rate_limited" : "lookup.notfound"),
                    PasswordLookup.EMPTY);
        }
    }

    /**
     * {@code POST /lookup}: the API's {@code POST /api/orders/lookup} use case for a form. The password travels
     * in the body, never in a URL; a found order is linked by its mail-link token, which opens only that order.
     */
    private static void lookupByPassword(Context ctx, StorefrontPages pages, StorefrontRoutes.Shop shop) {
        ctx.header("Cache-Control", "no-store");
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Locale locale = pages.language(ctx).locale();
        try {
            List<FoundOrder> found = shop
                    .lookup()
                    .find(
                            null,
                            email.isEmpty() ? null : email,
                            password,
                            shop.clients().requester(ctx))
                    .stream()
                    .sorted(Comparator.comparingLong(Order::createdAt).reversed())
                    .map(order -> found(order, shop, locale))
                    .toList();
            showLookup(
                    ctx,
                    pages,
                    200,
                    new LookupForm("", "", null),
                    new PasswordLookup(email, found.isEmpty() ? "lookup.password.none" : null, true, found));
        } catch (Refusal e) {
            StorefrontRoutes.retryAfter(ctx, e);
            String message = switch (e.code()) {
                case "rate_limited" -> "lookup.rate_limited";
                case "proof_of_work_required", "proof_of_work_invalid", "human_check_required", "human_check_failed" ->
                    "error." + e.code();
                default -> "lookup.invalid_lookup";
            };
            showLookup(
                    ctx,
                    pages,
                    HttpRefusals.status(e),
                    new LookupForm("", "", null),
                    new PasswordLookup(email, message, false, List.of()));
        }
    }

    private static FoundOrder found(Order order, StorefrontRoutes.Shop shop, Locale locale) {
        return new FoundOrder(
                order.orderNo(),
                order.productName(),
                order.quantity(),
                Prices.format(order.amount(), order.currency(), locale),
                OrderProgress.of(order, shop.orders().history(order.id())).code(),
                ViewModels.inUtc(order.createdAt(), locale),
                ViewModels.isoUtc(order.createdAt()),
                ViewModels.orderUrl(order.orderNo(), shop.orders().mailLinkToken(order.orderNo())));
    }

    private static void showLookup(
            Context ctx, StorefrontPages pages, int status, LookupForm byLink, PasswordLookup byPassword) {
        pages.render(ctx, status, "lookup", Map.of("lookup", byLink, "byPassword", byPassword));
    }
}

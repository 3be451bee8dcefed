package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.BuyerAccount;
import io.kamishop.domain.Refusal;
import io.kamishop.web.HttpRefusals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The reseller's pages in the buyer account ({@code /account/reseller}): apply, the sub-store's settings, the
 * markups per product, the earnings (pending, available, debt) and the sub-store's orders. Forms for the same use
 * cases as {@code /api/account/reseller}; withdrawals are the affiliate's (one flow). Never cached: a buyer's own.
 */
final class ResellerAccountPages {

    private ResellerAccountPages() {}

    static void register(
            JavalinDefaultRoutingApi<?> routes,
            StorefrontPages pages,
            StorefrontRoutes.Shop shop,
            SubStores subStores) {
        routes.get(
                "/account/reseller",
                ctx -> withAccount(ctx, shop, account -> show(ctx, pages, shop, subStores, account, null, 200)));
        routes.post(
                "/account/reseller/apply",
                ctx -> withAccount(
                        ctx,
                        shop,
                        account -> act(
                                ctx,
                                pages,
                                shop,
                                subStores,
                                account,
                                () -> subStores.apply(account.id(), form(ctx, "slug"), form(ctx, "name")))));
        routes.post(
                "/account/reseller/store",
                ctx -> withAccount(
                        ctx,
                        shop,
                        account -> act(ctx, pages, shop, subStores, account, () -> {
                            subStores.updateStore(
                                    account.id(), form(ctx, "name"), form(ctx, "announcement"), form(ctx, "theme"));
                            // A form without the field (an older theme's) leaves the host name as it is.
                            if (ctx.formParam("host") != null) {
                                subStores.requestHost(account.id(), form(ctx, "host"));
                            }
                        })));
        routes.post(
                "/account/reseller/markups",
                ctx -> withAccount(
                        ctx,
                        shop,
                        account -> act(ctx, pages, shop, subStores, account, () -> {
                            long productId = number(form(ctx, "productId"));
                            String kind = form(ctx, "kind");
                            // Typed as the buyer reads prices (12.50 is 1250 minor units) or as a percentage (20 is
                            // 2000 basis points).
                            long amount = Math.round(decimal(form(ctx, "amount")) * 100);
                            subStores.setMarkup(account.id(), productId, kind, amount);
                        })));
    }

    private interface WithAccount {
        void handle(BuyerAccount account) throws Exception;
    }

    private static void withAccount(Context ctx, StorefrontRoutes.Shop shop, WithAccount then) throws Exception {
        ctx.header("Cache-Control", "no-store");
        Optional<BuyerAccount> account = BuyerAccountPages.signedIn(ctx, shop.accounts());
        if (account.isEmpty()) {
            ctx.redirect("/account/sign-in", HttpStatus.SEE_OTHER);
            return;
        }
        then.handle(account.get());
    }

    private static void act(
            Context ctx,
            StorefrontPages pages,
            StorefrontRoutes.Shop shop,
            SubStores subStores,
            BuyerAccount account,
            Runnable action) {
        try {
            action.run();
            ctx.redirect("/account/reseller", HttpStatus.SEE_OTHER);
        } catch (Refusal e) {
            show(ctx, pages, shop, subStores, account, e, HttpRefusals.status(e));
        }
    }

    private static void show(
            Context ctx,
            StorefrontPages pages,
            StorefrontRoutes.Shop shop,
            SubStores subStores,
            BuyerAccount account,
            @Nullable Refusal error,
            int status) {
        Locale locale = pages.language(ctx).locale();
        Map<String, Object> page = new LinkedHashMap<>();
        Optional<SubStores.ResellerView> me = subStores.of(account.id());
        // Plain maps: themes may read only the view-model package's types (see ViewModelAccess).
        page.put(
                "reseller",
                me.map(r -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("status", r.status());
                            view.put("slug", r.slug());
                            view.put("name", r.name());
                            view.put("announcement", r.announcement());
                            view.put("theme", r.theme());
                            view.put("host", r.host() == null ? "" : r.host());
                            view.put("hostApproved", r.hostApproved());
                            view.put("markups", r.markups());
                            return view;
                        })
                        .orElse(null));
        page.put("resellerEarnings", me.map(r -> earnings(r.earnings(), locale)).orElse(Map.of()));
        page.put(
                "resellerOrders",
                me.map(r -> r.orders().stream()
                                .map(o -> {
                                    Map<String, Object> row = new LinkedHashMap<>(o);
                                    row.put(
                                            "markupShown",
                                            Prices.format(
                                                    // ResellerRoutes.view puts every order's markup (a long).
                                                    ((Number) Objects.requireNonNull(o.get("markup"), "no markup"))
                                                            .longValue(),
                                                    String.valueOf(o.get("currency")),
                                                    locale));
                                    return row;
                                })
                                .toList())
                        .orElse(List.of()));
        page.put(
                "resellerProducts",
                shop.catalog().onSale().stream()
                        .map(p -> Map.of(
                                "id",
                                p.id(),
                                "name",
                                p.name(),
                                "price",
                                Prices.format(p.price(), p.currency(), locale)))
                        .toList());
        page.put("resellerError", error == null ? null : error.getMessage());
        page.put("resellerErrorCode", error == null ? null : error.code());
        pages.render(ctx, status, "account_reseller", page);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> earnings(Map<String, Object> money, Locale locale) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String part : List.of("pending", "available", "withdrawing", "paidOut")) {
            Object byCurrency = money.get(part);
            List<String> amounts = byCurrency instanceof Map<?, ?> m
                    ? ((Map<String, Long>) m)
                            .entrySet().stream()
                                    .map(e -> Prices.format(e.getValue(), e.getKey(), locale))
                                    .toList()
                    : List.of();
            shown.put(part, amounts.isEmpty() ? "0" : String.join(" · ", amounts));
        }
        shown.put("debt", money.get("debt"));
        return shown;
    }

    private static String form(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Refusal.notFound("product_not_found", "there is no product '" + text + "'");
        }
    }

    private static double decimal(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw Refusal.invalid("invalid_markup", "the markup must be a number such as 2.50");
        }
    }
}

package io.kamishop.storefront;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.kamishop.catalog.Product;
import io.kamishop.checkout.OrderForm;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.domain.Refusal;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PublicPageCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A reseller's sub-store at {@code /s/{slug}/}: its name, announcement and products at its prices, in the theme the
 * reseller chose, and a checkout that is the store's own: {@code POST /s/{slug}/checkout} calls the same
 * {@link PlaceOrder} as every door, with the reseller as the order's sub-store (its markup priced in by
 * {@code PricingService}), then hands over to the same payment. The order is the merchant's.
 *
 * <p>The cached page is keyed by the sub-store (its path and its slug in the variant), so the main store's page
 * is never served for a sub-store's or the other way round.
 */
final class SubStorePages {

    private SubStorePages() {}

    static void register(
            Javalin app,
            StorefrontPages pages,
            ViewModels views,
            StorefrontRoutes.Shop shop,
            PublicPageCache cache,
            SubStores subStores) {
        app.get("/s/{slug}/", cache.wrap(ctx -> "substore:" + ctx.pathParam("slug") + "|" + pages.variant(ctx), ctx -> {
            Optional<SubStores.SubStore> store = subStores.selling(ctx.pathParam("slug"));
            if (store.isEmpty()) {
                pages.error(ctx, 404, "error.notfound.title", "error.notfound.message");
                return;
            }
            show(ctx, pages, views, shop, subStores, store.get(), null, List.of(), 200);
        }));
        app.post("/s/{slug}/checkout", ctx -> {
            Optional<SubStores.SubStore> store = subStores.selling(ctx.pathParam("slug"));
            if (store.isEmpty()) {
                pages.error(ctx, 404, "error.notfound.title", "error.notfound.message");
                return;
            }
            Long productId = parse(ctx.formParam("productId"));
            Integer quantity = StorefrontRoutes.parseQuantity(ctx.formParam("quantity"));
            String email =
                    Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
            String channel = Optional.ofNullable(ctx.formParam("channel")).orElse("");
            if (productId == null || quantity == null) {
                show(ctx, pages, views, shop, subStores, store.get(), productId, List.of("form.quantity.invalid"), 422);
                return;
            }
            try {
                PlaceOrder.Placement placed = shop.placing()
                        .place(
                                new OrderForm(productId, quantity, email, channel, null, null),
                                shop.clients().requester(ctx),
                                null,
                                ctx.cookie(io.kamishop.checkout.Referrals.COOKIE),
                                store.get().resellerId());
                StorefrontRoutes.handOverToPayment(
                        ctx, pages, views, placed.order(), placed.lookupToken(), placed.payment());
            } catch (Refusal e) {
                StorefrontRoutes.retryAfter(ctx, e);
                show(
                        ctx,
                        pages,
                        views,
                        shop,
                        subStores,
                        store.get(),
                        productId,
                        StorefrontRoutes.errorKeys(e),
                        HttpRefusals.status(e));
            }
        });
    }

    private static void show(
            Context ctx,
            StorefrontPages pages,
            ViewModels views,
            StorefrontRoutes.Shop shop,
            SubStores subStores,
            SubStores.SubStore store,
            Long failedProduct,
            List<String> errors,
            int status) {
        Locale locale = pages.language(ctx).locale();
        List<Map<String, Object>> products = new ArrayList<>();
        for (Product p : shop.catalog().onSale()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", p.id());
            item.put("name", p.name());
            item.put("price", Prices.format(subStores.price(store, p), p.currency(), locale));
            item.put(
                    "channels",
                    views.emptyForm(p, locale, shop.clients().requester(ctx)).channels());
            item.put("errors", failedProduct != null && failedProduct == p.id() ? errors : List.of());
            products.add(item);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        // A plain map: themes may read only the view-model package's types (see ViewModelAccess).
        page.put("subStore", Map.of("slug", store.slug(), "name", store.name(), "announcement", store.announcement()));
        page.put("subStoreProducts", products);
        page.put("seo", pages.seo(store.name(), null, "/s/" + store.slug() + "/", "website"));
        pages.render(ctx, status, "substore", page, store.theme());
    }

    private static Long parse(String id) {
        try {
            return id == null ? null : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

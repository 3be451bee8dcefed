package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.Product;
import io.kamishop.checkout.OrderForm;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.domain.Refusal;
import io.kamishop.storefront.view.CheckoutForm;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PublicPageCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reseller's sub-store at {@code /s/{slug}/}: its name, announcement and products at its prices, in the theme the
 * reseller chose; each product's own page ({@code /s/{slug}/products/{id}}: the theme's one {@code product} template
 * with the sub-store's context, its prices and tier table marked up); and a checkout that is the store's own:
 * {@code POST /s/{slug}/checkout} calls the same {@link PlaceOrder} as every door, with the reseller as the order's
 * sub-store (its markup priced in by {@code PricingService}), then hands over to the same payment. The order is the
 * merchant's.
 *
 * <p>At a host name the merchant approved for it (and lets the store answer to, see
 * {@link io.kamishop.web.StoreAddress#mayServeSubStore}) the same pages are served at {@code /},
 * {@code /products/{id}} and {@code /checkout}; any other host gets the main store.
 *
 * <p>The cached pages are keyed by the sub-store and the host it is served at ({@link SubStorePlace#cacheVariant}),
 * so the main store's page is never served for a sub-store's or the other way round.
 */
final class SubStorePages {

    private static final Pattern PRODUCT_PATH = Pattern.compile("/products/([0-9]{1,18})");

    private final StorefrontPages pages;
    private final ViewModels views;
    private final StorefrontRoutes.Shop shop;
    private final PublicPageCache cache;
    private final SubStores subStores;

    private SubStorePages(
            StorefrontPages pages,
            ViewModels views,
            StorefrontRoutes.Shop shop,
            PublicPageCache cache,
            SubStores subStores) {
        this.pages = pages;
        this.views = views;
        this.shop = shop;
        this.cache = cache;
        this.subStores = subStores;
    }

    static void register(
            JavalinDefaultRoutingApi<?> routes,
            StorefrontPages pages,
            ViewModels views,
            StorefrontRoutes.Shop shop,
            PublicPageCache cache,
            SubStores subStores) {
        new SubStorePages(pages, views, shop, cache, subStores).register(routes);
    }

    private void register(JavalinDefaultRoutingApi<?> routes) {
        Function<Context, Optional<SubStorePlace>> underPath =
                ctx -> subStores.selling(ctx.pathParam("slug")).map(SubStorePlace::underPath);
        routes.get("/s/{slug}/", ctx -> listing(ctx, underPath.apply(ctx)));
        routes.get("/s/{slug}/products/{id}", ctx -> productPage(ctx, underPath.apply(ctx), ctx.pathParam("id")));
        routes.post("/s/{slug}/products/{id}", ctx -> updateTotal(ctx, underPath.apply(ctx), ctx.pathParam("id")));
        routes.post("/s/{slug}/checkout", ctx -> checkout(ctx, underPath.apply(ctx)));

        // The approved host names, read again only after a change to the store's data.
        Supplier<Map<String, SubStores.SubStore>> hosts = cache.keptUntilChange(subStores::byHost);
        routes.before(ctx -> {
            HandlerType method = ctx.method();
            String path = ctx.path();
            Matcher product = PRODUCT_PATH.matcher(path);
            boolean listing = method == HandlerType.GET && "/".equals(path);
            boolean productPage = (method == HandlerType.GET || method == HandlerType.POST) && product.matches();
            boolean checkout = method == HandlerType.POST && "/checkout".equals(path);
            // Assets, order pages, the API, payment notifications...: the store's own on every host. They are
            // told apart before the host names are looked at, because "changed since last read" is true after every
            // order and payment: under a flood of notifications each one re-read the sub-stores (8% of the store node's
            // CPU samples in a PostgreSQL bench run,
            // profiled with JFR) for pages no sub-store serves.
            if (!listing && !productPage && !checkout) {
                return;
            }
            Optional<SubStorePlace> place = atOwnHost(ctx, hosts);
            if (place.isEmpty()) {
                return;
            }
            if (listing) {
                listing(ctx, place);
            } else if (checkout) {
                checkout(ctx, place);
            } else if (method == HandlerType.GET) {
                productPage(ctx, place, product.group(1));
            } else {
                updateTotal(ctx, place, product.group(1));
            }
            ctx.skipRemainingHandlers();
        });
    }

    /** The sub-store whose approved host name the request came under, when the store may answer to that name. */
    private Optional<SubStorePlace> atOwnHost(Context ctx, Supplier<Map<String, SubStores.SubStore>> hosts) {
        Map<String, SubStores.SubStore> served = hosts.get();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        String host = shop.clients().host(ctx);
        if (!shop.address().mayServeSubStore(host)) {
            return Optional.empty();
        }
        return Optional.ofNullable(served.get(hostName(host))).map(SubStorePlace::atOwnHost);
    }

    private static String hostName(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        int colon = name.indexOf(':');
        name = colon >= 0 && !name.startsWith("[") ? name.substring(0, colon) : name;
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private void listing(Context ctx, Optional<SubStorePlace> place) throws Exception {
        if (place.isEmpty()) {
            pages.error(ctx, 404, "error.notfound.title", "error.notfound.message");
            return;
        }
        cache.wrap(c -> place.get().cacheVariant() + "|" + pages.variant(c), c -> showListing(c, place.get()))
                .handle(ctx);
    }

    private void productPage(Context ctx, Optional<SubStorePlace> place, String id) throws Exception {
        Optional<Product> product = place.flatMap(p -> onSale(id));
        if (product.isEmpty()) {
            pages.error(ctx, 404, "error.product.title", "error.product.message");
            return;
        }
        Handler page = c -> showProduct(
                c,
                place.get(),
                product.get(),
                views.form(
                        product.get(),
                        pages.language(c).locale(),
                        shop.clients().requester(c),
                        "",
                        1,
                        null,
                        "",
                        List.of(),
                        place.get()),
                200);
        // The channels offered differ by a feature flag's arm, as on the main store's product page.
        cache.wrap(
                        c -> place.get().cacheVariant() + "|" + pages.variant(c) + "|"
                                + shop.channels()
                                        .withheldFrom(io.kamishop.domain.Audience.of(
                                                shop.clients().requester(c))),
                        page)
                .handle(ctx);
    }

    /** The "update total" button of a browser without script: the same form, priced for the quantity typed. */
    private void updateTotal(Context ctx, Optional<SubStorePlace> place, String id) {
        Optional<Product> product = place.flatMap(p -> onSale(id));
        if (product.isEmpty()) {
            pages.error(ctx, 404, "error.product.title", "error.product.message");
            return;
        }
        Integer quantity = StorefrontRoutes.parseQuantity(ctx.formParam("quantity"));
        ctx.header("Cache-Control", "no-store");
        showProduct(
                ctx,
                place.get(),
                product.get(),
                views.form(
                        product.get(),
                        pages.language(ctx).locale(),
                        shop.clients().requester(ctx),
                        field(ctx, "email"),
                        quantity == null ? 1 : quantity,
                        field(ctx, "channel"),
                        field(ctx, "coupon"),
                        quantity == null ? List.of("form.quantity.invalid") : List.of(),
                        place.get()),
                quantity == null ? 422 : 200);
    }

    /**
     * {@code POST /s/{slug}/checkout}: the same use case as {@code POST /api/s/{slug}/orders} (limits, risk, proof of
     * work, coupon, tiers); a refusal shows the sub-store's product page again with the message and the API's status.
     */
    private void checkout(Context ctx, Optional<SubStorePlace> place) {
        if (place.isEmpty()) {
            pages.error(ctx, 404, "error.notfound.title", "error.notfound.message");
            return;
        }
        ctx.header("Cache-Control", "no-store");
        Optional<Product> product = onSale(ctx.formParam("productId"));
        if (product.isEmpty()) {
            pages.error(ctx, 404, "error.product.title", "error.product.message");
            return;
        }
        Integer quantity = StorefrontRoutes.parseQuantity(ctx.formParam("quantity"));
        String email = field(ctx, "email");
        String channel = field(ctx, "channel");
        String coupon = field(ctx, "coupon");
        // An empty field means "none" on a form; the API's caller leaves the field out instead.
        String lookupPassword = Optional.ofNullable(ctx.formParam("lookupPassword"))
                .filter(p -> !p.isEmpty())
                .orElse(null);
        List<String> errors;
        int status;
        if (quantity == null) {
            errors = List.of("form.quantity.invalid");
            status = 422;
        } else {
            try {
                PlaceOrder.Placement placed = shop.placing()
                        .place(
                                new OrderForm(
                                        product.get().id(),
                                        quantity,
                                        email,
                                        channel,
                                        coupon.isEmpty() ? null : coupon,
                                        lookupPassword),
                                shop.clients().requester(ctx),
                                null,
                                ctx.cookie(io.kamishop.checkout.Referrals.COOKIE),
                                place.get().store().resellerId());
                StorefrontRoutes.handOverToPayment(
                        ctx,
                        pages,
                        views,
                        placed.order(),
                        placed.lookupToken(),
                        ViewModels.orderUrl(placed.order().orderNo(), placed.lookupToken()),
                        placed.payment());
                return;
            } catch (Refusal e) {
                StorefrontRoutes.retryAfter(ctx, e);
                errors = StorefrontRoutes.errorKeys(e);
                status = HttpRefusals.status(e);
            }
        }
        CheckoutForm form = views.form(
                product.get(),
                pages.language(ctx).locale(),
                shop.clients().requester(ctx),
                email,
                quantity == null ? 1 : quantity,
                channel,
                coupon,
                errors,
                place.get());
        showProduct(ctx, place.get(), product.get(), form, status);
    }

    /** The theme's one product template, with the sub-store as its context (name, announcement, links). */
    private void showProduct(Context ctx, SubStorePlace place, Product product, CheckoutForm form, int status) {
        Locale locale = pages.language(ctx).locale();
        var card = views.card(product, locale, place);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("product", card);
        page.put("form", form);
        page.put("subStore", context(place));
        page.put(
                "seo",
                seo(
                        ctx,
                        place,
                        product.name(),
                        card.summary().isEmpty() ? null : card.summary(),
                        card.url(),
                        "product"));
        pages.render(ctx, status, "product", page, place.store().theme());
    }

    private void showListing(Context ctx, SubStorePlace place) {
        Locale locale = pages.language(ctx).locale();
        List<Map<String, Object>> products = new ArrayList<>();
        for (Product p : shop.catalog().onSale()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", p.id());
            item.put("name", p.name());
            item.put("price", Prices.format(subStores.price(place.store(), p), p.currency(), locale));
            item.put("url", place.productUrl(p.id()));
            item.put(
                    "channels",
                    views.emptyForm(p, locale, shop.clients().requester(ctx)).channels());
            item.put("errors", List.of()); // a refused order is shown on the product's own page
            products.add(item);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("subStore", context(place));
        page.put("subStoreProducts", products);
        page.put("seo", seo(ctx, place, place.store().name(), null, place.home(), "website"));
        pages.render(ctx, 200, "substore", page, place.store().theme());
    }

    /** A plain map: themes may read only the view-model package's types (see ViewModelAccess). */
    private static Map<String, Object> context(SubStorePlace place) {
        return Map.of(
                "slug", place.store().slug(),
                "name", place.store().name(),
                "announcement", place.store().announcement(),
                "home", place.home(),
                "checkoutUrl", place.checkoutUrl());
    }

    /**
     * Canonical links: under {@code /s/{slug}} the store's own trusted base; at the sub-store's own host that host
     * (approved by the merchant and on the allow-list, so never a forged one), even when a public URL is configured.
     */
    private io.kamishop.storefront.view.Seo seo(
            Context ctx, SubStorePlace place, String title, @Nullable String description, String path, String type) {
        if (!place.atOwnHost()) {
            return pages.seo(title, description, path, type);
        }
        String base = shop.clients().scheme(ctx) + "://" + shop.clients().host(ctx);
        return new io.kamishop.storefront.view.Seo(title, description, base + path, type, null);
    }

    private Optional<Product> onSale(@Nullable String id) {
        try {
            return shop.catalog()
                    .find(Long.parseLong(id == null ? "" : id.strip()))
                    .filter(Product::active);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String field(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }
}

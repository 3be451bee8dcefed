package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.AccountOrders;
import io.kamishop.account.BuyerAccount;
import io.kamishop.account.BuyerSignIn;
import io.kamishop.account.SignInAttempts;
import io.kamishop.account.StoreCredit;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.checkout.BalanceCheckout;
import io.kamishop.checkout.BuyerOrders;
import io.kamishop.checkout.OrderForm;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.checkout.SwitchChannel;
import io.kamishop.config.StoreSettings;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.lookup.BuyerLookup;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.payment.PaymentStarter;
import io.kamishop.pricing.PricingService;
import io.kamishop.storefront.view.BalanceChoice;
import io.kamishop.storefront.view.CashierView;
import io.kamishop.storefront.view.CheckoutForm;
import io.kamishop.storefront.view.ProductCard;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.OrderCookie;
import io.kamishop.web.PublicPageCache;
import io.kamishop.web.StoreAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The buyer's pages: catalogue, product and checkout, payment hand-off, order page with the keys,
 * order lookup. Handlers read the request, call the same services as the buyer API, and hand view
 * models to the theme.
 */
public final class StorefrontRoutes {

    /** The services the storefront calls. */
    public record Shop(
            CatalogService catalog,
            InventoryService inventory,
            OrderService orders,
            PlaceOrder placing,
            BuyerOrders buyerOrders,
            PricingService pricing,
            PaymentStarter payments,
            ChannelRegistry channels,
            DeliveryService delivery,
            StoreSettings settings,
            ClientAddress clients,
            StoreAddress address,
            BuyerLookup lookup,
            SwitchChannel switching,
            Accounts accounts,
            io.kamishop.image.Images images,
            StorefrontFlags flags,
            io.kamishop.challenge.HumanChecks humans) {}

    /**
     * The buyer account's use cases, the same the {@code /api/account} routes call; {@code affiliates} and
     * {@code affiliateReports} draw the account page's referral panel (null: no panel).
     */
    public record Accounts(
            BuyerSignIn signIn,
            StoreCredit credit,
            AccountOrders orders,
            SignInAttempts attempts,
            io.kamishop.affiliate.@Nullable Affiliates affiliates,
            io.kamishop.affiliate.@Nullable AffiliateReports affiliateReports,
            io.kamishop.affiliate.@Nullable Withdrawals withdrawals) {

        /** Without affiliates (the page draws no referral panel). */
        public Accounts(BuyerSignIn signIn, StoreCredit credit, AccountOrders orders, SignInAttempts attempts) {
            this(signIn, credit, orders, attempts, null, null, null);
        }
    }

    /** Order API error codes the themes have a message for; anything else shows a generic one. */
    private static final List<String> KNOWN_ORDER_ERRORS = List.of(
            "out_of_stock",
            "channel_unavailable",
            "product_not_found",
            "risk_blocked",
            "rate_limited",
            "invalid_coupon",
            "channel_amount_out_of_range",
            "purchase_limit",
            "proof_of_work_required",
            "proof_of_work_invalid",
            "human_check_required",
            "human_check_failed",
            "not_signed_in",
            "insufficient_balance");

    private StorefrontRoutes() {}

    /** The buyer-facing form posts; /api (JSON, no ambient credentials for forms), /pay (gateways) and /admin have their own rules. */
    static boolean isStorefrontForm(String path) {
        return !path.startsWith("/api/") && !path.startsWith("/pay/") && !path.startsWith("/admin");
    }

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            StorefrontPages pages,
            Shop shop,
            PublicPageCache cache,
            SubStores subStores) {
        ViewModels views = new ViewModels(shop);
        // Every storefront form (look-up, sign-in and its code, order, pay again, channel switch) is posted
        // without a session token; another site's page posting one into a buyer's browser changes nothing.
        // Sign-in included: otherwise a page could sign the buyer into the attacker's account (login CSRF).
        routes.before(ctx -> {
            if (ctx.method() == io.javalin.http.HandlerType.POST
                    && isStorefrontForm(ctx.path())
                    && !io.kamishop.web.SameOrigin.fromOwnPages(
                            ctx, shop.clients().host(ctx))) {
                ctx.header("Cache-Control", "no-store");
                pages.error(ctx, 403, "error.crossSite.title", "error.crossSite.message");
                ctx.skipRemainingHandlers();
            }
        });
        // A product page also lists the channels offered to this buyer: those behind a feature flag differ by arm.
        Function<Context, String> sameForLanguageAndChannels = ctx -> pages.variant(ctx) + "|"
                + shop.channels()
                        .withheldFrom(
                                io.kamishop.domain.Audience.of(shop.clients().requester(ctx)));
        Handler productPage = ctx -> {
            Optional<Product> product = productOnSale(shop, ctx.pathParam("id"));
            if (product.isEmpty()) {
                pages.error(ctx, 404, "error.product.title", "error.product.message");
                return;
            }
            showProduct(
                    ctx,
                    pages,
                    views,
                    shop,
                    product.get(),
                    views.emptyForm(
                            product.get(),
                            pages.language(ctx).locale(),
                            shop.clients().requester(ctx)),
                    200);
        };
        Handler sharedProductPage = cache.wrap(sameForLanguageAndChannels, productPage);
        routes.get("/products/{id}", ctx -> {
            // A signed-in buyer's page offers their own balance: drawn for them, never kept for others.
            if (BuyerAccountPages.sendsSession(ctx)) {
                ctx.header("Cache-Control", "no-store");
                productPage.handle(ctx);
            } else {
                sharedProductPage.handle(ctx);
            }
        });
        // The product page first, then the catalogue: one pattern tried before a product, two before the home page.
        CatalogPages.register(routes, pages, views, shop, cache);
        // The "update total" button of a browser without script: the same form, priced for the quantity typed.
        routes.post("/products/{id}", ctx -> {
            Optional<Product> product = productOnSale(shop, ctx.pathParam("id"));
            if (product.isEmpty()) {
                pages.error(ctx, 404, "error.product.title", "error.product.message");
                return;
            }
            Integer quantity = parseQuantity(ctx.formParam("quantity"));
            CheckoutForm form = views.form(
                    product.get(),
                    pages.language(ctx).locale(),
                    shop.clients().requester(ctx),
                    Optional.ofNullable(ctx.formParam("email")).orElse("").strip(),
                    quantity == null ? 1 : quantity,
                    Optional.ofNullable(ctx.formParam("channel")).orElse(""),
                    Optional.ofNullable(ctx.formParam("coupon")).orElse("").strip(),
                    quantity == null ? List.of("form.quantity.invalid") : List.of());
            ctx.header("Cache-Control", "no-store");
            showProduct(ctx, pages, views, shop, product.get(), form, quantity == null ? 422 : 200);
        });
        routes.post("/checkout", ctx -> checkout(ctx, pages, views, shop));
        routes.get("/orders/{orderNo}", ctx -> OrderPage.show(ctx, pages, views, shop));
        routes.post("/orders/{orderNo}/pay", ctx -> {
            Optional<Order> order = buyersOrder(ctx, pages, shop);
            if (order.isEmpty()) {
                return;
            }
            String token = openedWith(OrderCookie.token(ctx));
            if (!order.get().status().equals("pending")) {
                ctx.redirect(OrderPage.url(ctx, order.get().orderNo(), token), HttpStatus.SEE_OTHER);
                return;
            }
            handOverToPayment(
                    ctx,
                    pages,
                    views,
                    order.get(),
                    token,
                    OrderPage.url(ctx, order.get().orderNo(), token),
                    shop.payments().start(order.get(), token));
        });
        routes.post("/orders/{orderNo}/channel", ctx -> switchChannel(ctx, pages, views, shop));
        routes.get("/orders/{orderNo}/keys.txt", ctx -> {
            Optional<Order> order = buyersOrder(ctx, pages, shop);
            if (order.isEmpty()) {
                return;
            }
            List<String> keys = shop.delivery().visibleKeys(order.get());
            if (keys.isEmpty()) {
                pages.error(ctx, 404, "error.order.title", "error.order.message");
                return;
            }
            ctx.header(
                            "Content-Disposition",
                            "attachment; filename=\"" + order.get().orderNo() + ".txt\"")
                    .contentType("text/plain; charset=utf-8")
                    .result((String.join("\r\n", keys) + "\r\n").getBytes(StandardCharsets.UTF_8));
        });
        BuyerOrderRoutes.register(routes, pages, shop);
        BuyerAccountPages.register(routes, pages, shop);
        // After the shop's own pages: Javalin tries a GET's routes in the order they were registered, so each
        // route ahead of the product page is one more pattern matched on every view of it (see Kamishop).
        SubStorePages.register(routes, pages, views, shop, cache, subStores);
        ResellerAccountPages.register(routes, pages, shop, subStores);
        // Browsers asking for a page that does not exist get the theme's 404, API clients keep their JSON.
        routes.error(404, "html", ctx -> {
            String type = ctx.res().getContentType();
            if (!ctx.path().startsWith("/api/")
                    && !ctx.path().startsWith("/pay/")
                    && (type == null || !type.startsWith("text/html"))) {
                pages.error(ctx, 404, "error.notfound.title", "error.notfound.message");
            }
        });
    }

    private static void showProduct(
            Context ctx,
            StorefrontPages pages,
            ViewModels views,
            Shop shop,
            Product product,
            CheckoutForm form,
            int status) {
        Locale locale = pages.language(ctx).locale();
        ProductCard card = views.card(product, locale);
        Map<String, Object> page = new HashMap<>(Map.of(
                "product",
                card,
                "form",
                form,
                "seo",
                pages.seo(
                        product.name(),
                        card.summary().isEmpty() ? null : card.summary(),
                        "/products/" + product.id(),
                        "product",
                        card.image() == null ? null : card.image().src())));
        if (BuyerAccountPages.sendsSession(ctx)) {
            BuyerAccountPages.signedIn(ctx, shop.accounts())
                    .ifPresent(account -> page.put(
                            "balance",
                            new BalanceChoice(
                                    account.emailLower(),
                                    Prices.format(
                                            shop.accounts()
                                                    .credit()
                                                    .balances(account)
                                                    .getOrDefault(product.currency(), 0L),
                                            product.currency(),
                                            locale),
                                    BalanceCheckout.CHANNEL.equals(ctx.formParam("channel")))));
        }
        pages.render(ctx, status, "product", page);
    }

    /**
     * {@code POST /checkout}: the same use case as {@code POST /api/orders}; a refusal shows the form again
     * with the message and the status the API answers for it (409, 422, 403, 429...).
     */
    private static void checkout(Context ctx, StorefrontPages pages, ViewModels views, Shop shop) {
        Optional<Product> product = productOnSale(shop, ctx.formParam("productId"));
        if (product.isEmpty()) {
            pages.error(ctx, 404, "error.product.title", "error.product.message");
            return;
        }
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String channel = Optional.ofNullable(ctx.formParam("channel")).orElse("");
        String coupon = Optional.ofNullable(ctx.formParam("coupon")).orElse("").strip();
        // An empty field means "none" on a form; the API's caller leaves the field out instead.
        String lookupPassword = Optional.ofNullable(ctx.formParam("lookupPassword"))
                .filter(p -> !p.isEmpty())
                .orElse(null);
        Integer quantity = parseQuantity(ctx.formParam("quantity"));
        List<String> errors = new ArrayList<>();
        int status;
        if (quantity == null) {
            // A form field the buyer typed wrong, like the API's out-of-range quantity (422 invalid_order).
            errors.add("form.quantity.invalid");
            status = 422;
        } else {
            try {
                if (BalanceCheckout.CHANNEL.equals(channel)) {
                    payFromBalance(ctx, shop, product.get(), quantity, coupon, lookupPassword);
                    return;
                }
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
                                ctx.cookie(io.kamishop.checkout.Referrals.COOKIE));
                handOverToPayment(
                        ctx,
                        pages,
                        views,
                        placed.order(),
                        placed.lookupToken(),
                        ViewModels.orderUrl(placed.order().orderNo(), placed.lookupToken()),
                        placed.payment());
                return;
            } catch (Refusal e) {
                errors.addAll(errorKeys(e));
                status = HttpRefusals.status(e);
                retryAfter(ctx, e);
            }
        }
        Locale locale = pages.language(ctx).locale();
        CheckoutForm form = views.form(
                product.get(),
                locale,
                shop.clients().requester(ctx),
                email,
                quantity == null ? 1 : quantity,
                channel,
                coupon,
                errors);
        showProduct(ctx, pages, views, shop, product.get(), form, status);
    }

    /**
     * The balance choice of the checkout form: {@code POST /api/account/orders} for a form. The order goes to the
     * account's verified address (as the API's does); without a live session PlaceOrder refuses it (401), with a
     * short balance it is cancelled (409). Paid and delivered at once, so the buyer goes straight to the order page.
     */
    private static void payFromBalance(
            Context ctx, Shop shop, Product product, int quantity, String coupon, @Nullable String lookupPassword) {
        Optional<BuyerAccount> account = BuyerAccountPages.signedIn(ctx, shop.accounts());
        PlaceOrder.Placement placed = shop.placing()
                .place(
                        new OrderForm(
                                product.id(),
                                quantity,
                                account.map(BuyerAccount::emailLower).orElse(""),
                                BalanceCheckout.CHANNEL,
                                coupon.isEmpty() ? null : coupon,
                                lookupPassword),
                        shop.clients().requester(ctx),
                        account.map(BuyerAccount::id).orElse(null));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(ViewModels.orderUrl(placed.order().orderNo(), placed.lookupToken()), HttpStatus.SEE_OTHER);
    }

    /**
     * {@code POST /orders/{orderNo}/channel}: the API's "pay another way" for a form. An order that is no longer
     * pending shows its page again with the 409 the API answers; a channel refused shows it with the 422.
     */
    private static void switchChannel(Context ctx, StorefrontPages pages, ViewModels views, Shop shop) {
        String sent = OrderCookie.token(ctx);
        try {
            SwitchChannel.Switched switched = shop.switching()
                    .switchTo(
                            ctx.pathParam("orderNo"),
                            sent,
                            Optional.ofNullable(ctx.formParam("channel")).orElse(""),
                            shop.clients().requester(ctx));
            String token = openedWith(sent);
            handOverToPayment(
                    ctx,
                    pages,
                    views,
                    switched.order(),
                    token,
                    OrderPage.url(ctx, switched.order().orderNo(), token),
                    switched.payment());
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.RATE_LIMITED || e.kind() == Refusal.Kind.NOT_FOUND) {
                showOrderRefused(ctx, pages, e); // the token did not open the order: the order page's answer
                return;
            }
            String token = openedWith(sent); // any other refusal came after the order was opened
            Order order = shop.orders().require(ctx.pathParam("orderNo"));
            ctx.header("Cache-Control", "no-store");
            pages.render(
                    ctx,
                    HttpRefusals.status(e),
                    "order",
                    Map.of(
                            "order",
                            views.order(
                                    order,
                                    token,
                                    pages.language(ctx).locale(),
                                    shop.clients().requester(ctx)),
                            "paymentFailed",
                            false,
                            "switchError",
                            switchErrorKey(e)));
        }
    }

    /**
     * The token of a request whose order was opened with it: {@code BuyerOrders.open} refuses (404) a request that
     * brings none, so after it succeeded the token is there.
     */
    private static String openedWith(@Nullable String token) {
        return Objects.requireNonNull(token, "an order opened without its token");
    }

    static void retryAfter(Context ctx, Refusal e) {
        if (e.details().get("retryAfterSeconds") instanceof Number seconds) {
            ctx.header("Retry-After", String.valueOf(seconds.longValue()));
        }
    }

    /**
     * Sends the buyer to the gateway, or shows what the gateway needs on our cashier page. {@code orderUrl} is where
     * the buyer comes back to the order: the token link after a checkout (the hand-off still to come), the plain
     * address when the order's cookie brought the request.
     */
    static void handOverToPayment(
            Context ctx,
            StorefrontPages pages,
            ViewModels views,
            Order order,
            String token,
            String orderUrl,
            Map<String, Object> payment) {
        ctx.header("Cache-Control", "no-store");
        boolean ready = "ready".equals(payment.get("status"));
        Object redirect = payment.get("redirectUrl");
        Object qr = payment.get("qrPayload");
        Object form = payment.get("htmlForm");
        if (ready && redirect instanceof String url && qr == null && form == null) {
            ctx.redirect(url, HttpStatus.SEE_OTHER);
            return;
        }
        if (!ready) {
            // The order holds its stock; the order page offers to pay again.
            ctx.redirect(orderUrl + (orderUrl.contains("?") ? "&" : "?") + "retry=1", HttpStatus.SEE_OTHER);
            return;
        }
        Locale locale = pages.language(ctx).locale();
        pages.render(
                ctx,
                200,
                "cashier",
                Map.of(
                        "cashier",
                        new CashierView(
                                order.orderNo(),
                                Prices.format(order.amount(), order.currency(), locale),
                                qr instanceof String q ? q : null,
                                form instanceof String f ? f : null,
                                orderUrl,
                                null,
                                ViewModels.fee(order, locale))));
    }

    /**
     * The order of an order page, opened by the same use case as the API with the link's token or the order's
     * cookie (wrong ones counted and throttled per address alike); empty when the error page was already drawn.
     */
    static Optional<Order> buyersOrder(Context ctx, StorefrontPages pages, Shop shop) {
        ctx.header("Cache-Control", "no-store");
        try {
            return Optional.of(shop.buyerOrders()
                    .open(
                            ctx.pathParam("orderNo"),
                            OrderCookie.token(ctx),
                            shop.clients().requester(ctx)));
        } catch (Refusal e) {
            showOrderRefused(ctx, pages, e);
            return Optional.empty();
        }
    }

    private static String switchErrorKey(Refusal e) {
        return switch (e.code()) {
            case "not_pending" -> "order.switch.not_pending";
            case "channel_amount_out_of_range" -> "error.channel_amount_out_of_range";
            default -> "error.channel_unavailable";
        };
    }

    static void showOrderRefused(Context ctx, StorefrontPages pages, Refusal e) {
        ctx.header("Cache-Control", "no-store");
        if (e.kind() == Refusal.Kind.RATE_LIMITED) {
            retryAfter(ctx, e);
            pages.error(ctx, 429, "error.rate_limited.title", "error.rate_limited");
        } else {
            pages.error(ctx, 404, "error.order.title", "error.order.message");
        }
    }

    private static Optional<Product> productOnSale(Shop shop, @Nullable String id) {
        try {
            return shop.catalog()
                    .find(Long.parseLong(id == null ? "" : id.trim()))
                    .filter(Product::active);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The quantity field as a number, 1 when the form has none, or null when it is not a number. */
    static @Nullable Integer parseQuantity(@Nullable String text) {
        try {
            return Integer.parseInt(text == null ? "1" : text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Message keys for what the order service refused: one per invalid field, or one for the whole order. */
    static List<String> errorKeys(Refusal e) {
        List<String> keys = new ArrayList<>();
        if (e.details().get("fields") instanceof Map<?, ?> fields) {
            fields.keySet().forEach(field -> keys.add("form." + field + ".invalid"));
        } else if (KNOWN_ORDER_ERRORS.contains(e.code())) {
            keys.add("error." + e.code());
        } else {
            keys.add("error.order_refused");
        }
        return keys;
    }
}

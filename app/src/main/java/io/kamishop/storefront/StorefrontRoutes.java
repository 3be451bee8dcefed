package io.kamishop.storefront;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.config.StoreSettings;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderService;
import io.kamishop.order.PlacedOrder;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.payment.PaymentStarter;
import io.kamishop.storefront.view.CashierView;
import io.kamishop.storefront.view.CheckoutForm;
import io.kamishop.storefront.view.LookupForm;
import io.kamishop.domain.Refusal;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.PublicPageCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The buyer's pages: catalogue, product and checkout, payment hand-off, order page with the keys,
 * order lookup. Handlers read the request, call the same services as the buyer API, and hand view
 * models to the theme.
 */
public final class StorefrontRoutes {

    /** The services the storefront calls. */
    public record Shop(CatalogService catalog, InventoryService inventory, OrderService orders, PaymentStarter payments,
                       ChannelRegistry channels, DeliveryService delivery, StoreSettings settings, ClientAddress clients) {
    }

    /** Order API error codes the themes have a message for; anything else shows a generic one. */
    private static final List<String> KNOWN_ORDER_ERRORS = List.of("out_of_stock", "channel_unavailable", "product_not_found",
            "risk_blocked", "rate_limited", "invalid_coupon", "channel_amount_out_of_range");

    private StorefrontRoutes() {
    }

    public static void register(Javalin app, StorefrontPages pages, Shop shop, PublicPageCache cache) {
        ViewModels views = new ViewModels(shop);
        // The catalogue and product pages are the same for every buyer who reads the same language.
        Function<Context, String> sameForLanguage = pages::variant;
        app.get("/", cache.wrap(sameForLanguage, ctx -> {
            Locale locale = pages.language(ctx).locale();
            pages.render(ctx, 200, "home", Map.of("products", views.catalogue(locale)));
        }));
        app.get("/products/{id}", cache.wrap(sameForLanguage, ctx -> {
            Optional<Product> product = productOnSale(shop, ctx.pathParam("id"));
            if (product.isEmpty()) {
                pages.error(ctx, 404, "error.product.title", "error.product.message");
                return;
            }
            showProduct(ctx, pages, views, product.get(), views.emptyForm(product.get(), pages.language(ctx).locale()), 200);
        }));
        app.post("/checkout", ctx -> checkout(ctx, pages, views, shop));
        app.get("/orders/{orderNo}", ctx -> {
            Optional<Order> order = buyersOrder(shop, ctx);
            ctx.header("Cache-Control", "no-store");
            if (order.isEmpty()) {
                pages.error(ctx, 404, "error.order.title", "error.order.message");
                return;
            }
            pages.render(ctx, 200, "order", Map.of("order", views.order(order.get(), ctx.queryParam("token"), pages.language(ctx).locale()),
                    "paymentFailed", "1".equals(ctx.queryParam("retry"))));
        });
        app.post("/orders/{orderNo}/pay", ctx -> {
            Optional<Order> order = buyersOrder(shop, ctx);
            ctx.header("Cache-Control", "no-store");
            if (order.isEmpty()) {
                pages.error(ctx, 404, "error.order.title", "error.order.message");
                return;
            }
            String token = ctx.queryParam("token");
            if (!order.get().status().equals("pending")) {
                ctx.redirect(ViewModels.orderUrl(order.get().orderNo(), token), HttpStatus.SEE_OTHER);
                return;
            }
            handOverToPayment(ctx, pages, views, order.get(), token, shop.payments().start(order.get(), token));
        });
        app.get("/orders/{orderNo}/keys.txt", ctx -> {
            Optional<Order> order = buyersOrder(shop, ctx);
            List<String> keys = order.map(o -> shop.delivery().visibleKeys(o)).orElse(List.of());
            ctx.header("Cache-Control", "no-store");
            if (keys.isEmpty()) {
                pages.error(ctx, 404, "error.order.title", "error.order.message");
                return;
            }
            ctx.header("Content-Disposition", "attachment; filename=\"" + order.get().orderNo() + ".txt\"")
                    .contentType("text/plain; charset=utf-8")
                    .result((String.join("\r\n", keys) + "\r\n").getBytes(StandardCharsets.UTF_8));
        });
        app.get("/lookup", ctx -> lookup(ctx, pages, shop));
        // Browsers asking for a page that does not exist get the theme's 404, API clients keep their JSON.
        app.error(404, "html", ctx -> {
            String type = ctx.res().getContentType();
            if (!ctx.path().startsWith("/api/") && !ctx.path().startsWith("/pay/") && (type == null || !type.startsWith("text/html"))) {
                pages.error(ctx, 404, "error.notfound.title", "error.notfound.message");
            }
        });
    }

    private static void showProduct(Context ctx, StorefrontPages pages, ViewModels views, Product product, CheckoutForm form, int status) {
        Locale locale = pages.language(ctx).locale();
        pages.render(ctx, status, "product", Map.of("product", views.card(product, locale), "form", form));
    }

    private static void checkout(Context ctx, StorefrontPages pages, ViewModels views, Shop shop) {
        Optional<Product> product = productOnSale(shop, ctx.formParam("productId"));
        if (product.isEmpty()) {
            pages.error(ctx, 404, "error.product.title", "error.product.message");
            return;
        }
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String channel = Optional.ofNullable(ctx.formParam("channel")).orElse("");
        Integer quantity = parseQuantity(ctx.formParam("quantity"));
        List<String> errors = new ArrayList<>();
        if (quantity == null) {
            errors.add("form.quantity.invalid");
        } else {
            try {
                PlacedOrder placed = shop.orders().place(new OrderRequest(product.get().id(), quantity, email, channel, shop.clients().ip(ctx)));
                handOverToPayment(ctx, pages, views, placed.order(), placed.lookupToken(),
                        shop.payments().start(placed.order(), placed.lookupToken()));
                return;
            } catch (Refusal e) {
                errors.addAll(errorKeys(e));
            }
        }
        CheckoutForm form = views.form(product.get(), email, quantity == null ? 1 : quantity, channel, errors,
                pages.language(ctx).locale());
        showProduct(ctx, pages, views, product.get(), form, errors.contains("error.out_of_stock") ? 409 : 422);
    }

    /** Sends the buyer to the gateway, or shows what the gateway needs on our cashier page. */
    private static void handOverToPayment(Context ctx, StorefrontPages pages, ViewModels views, Order order, String token,
                                          Map<String, Object> payment) {
        String orderUrl = ViewModels.orderUrl(order.orderNo(), token);
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
            ctx.redirect(orderUrl + "&retry=1", HttpStatus.SEE_OTHER);
            return;
        }
        Locale locale = pages.language(ctx).locale();
        pages.render(ctx, 200, "cashier", Map.of("cashier", new CashierView(order.orderNo(),
                Prices.format(order.amount(), order.currency(), locale), qr instanceof String q ? q : null,
                form instanceof String f ? f : null, orderUrl, null, ViewModels.fee(order, locale))));
    }

    private static void lookup(Context ctx, StorefrontPages pages, Shop shop) {
        String orderNo = Optional.ofNullable(ctx.queryParam("orderNo")).orElse("").strip();
        String token = Optional.ofNullable(ctx.queryParam("token")).orElse("").strip();
        ctx.header("Cache-Control", "no-store");
        if (orderNo.isEmpty() && token.isEmpty()) {
            pages.render(ctx, 200, "lookup", Map.of("lookup", new LookupForm("", "", null)));
            return;
        }
        // The buyer may paste the whole order link into the token field.
        int at = token.indexOf("token=");
        if (at >= 0) {
            token = token.substring(at + "token=".length()).split("[&#]")[0];
        }
        try {
            Order order = shop.orders().requireForBuyer(orderNo, token);
            ctx.redirect(ViewModels.orderUrl(order.orderNo(), token), HttpStatus.SEE_OTHER);
        } catch (Refusal e) {
            pages.render(ctx, 404, "lookup", Map.of("lookup", new LookupForm(orderNo, "", "lookup.notfound")));
        }
    }

    private static Optional<Order> buyersOrder(Shop shop, Context ctx) {
        try {
            return Optional.of(shop.orders().requireForBuyer(ctx.pathParam("orderNo"), ctx.queryParam("token")));
        } catch (Refusal e) {
            return Optional.empty();
        }
    }

    private static Optional<Product> productOnSale(Shop shop, String id) {
        try {
            return shop.catalog().find(Long.parseLong(id == null ? "" : id.trim())).filter(Product::active);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Integer parseQuantity(String text) {
        try {
            return Integer.parseInt(text == null ? "1" : text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Message keys for what the order service refused: one per invalid field, or one for the whole order. */
    private static List<String> errorKeys(Refusal e) {
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

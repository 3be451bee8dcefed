package io.kamishop.reseller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.AccountRoutes;
import io.kamishop.account.BalancePayments;
import io.kamishop.account.BuyerAccount;
import io.kamishop.account.BuyerSignIn;
import io.kamishop.affiliate.Commissions;
import io.kamishop.catalog.CatalogService;
import io.kamishop.checkout.CheckoutRoutes;
import io.kamishop.checkout.OrderForm;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.AccountKind;
import io.kamishop.ledger.Ledger;
import io.kamishop.order.OrderSummary;
import io.kamishop.web.Caller;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reseller API, translating to {@link Resellers}, {@link ResellerEarnings} and {@link PlaceOrder}:
 * <ul>
 * <li>the reseller's own, in the buyer account ({@code /api/account/reseller}, the buyer's session);</li>
 * <li>the merchant's ({@code /api/admin/resellers}, the money area, audited);</li>
 * <li>a sub-store's ({@code /api/s/{slug}}, {@code POST /api/s/{slug}/orders}: the buyer's checkout with the
 *     reseller's markup);</li>
 * <li>wholesale ({@code POST /api/reseller/orders}, {@code Authorization: Bearer rs_...}): an order at the merchant's
 *     price paid from the reseller's available balance.</li>
 * </ul>
 */
public final class ResellerRoutes {

    private ResellerRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            Resellers resellers,
            ResellerEarnings earnings,
            Ledger ledger,
            CatalogService catalog,
            PlaceOrder placing,
            BalancePayments balance,
            BuyerSignIn signIn,
            ClientAddress clients,
            io.kamishop.pricing.PricingService pricing,
            io.kamishop.payment.ChannelRegistry channels) {
        routes.post("/api/account/reseller", ctx -> {
            BuyerAccount account = AccountRoutes.signedIn(ctx, signIn);
            JsonBody body = JsonBody.read(mapper, ctx);
            Reseller applied = resellers.apply(account.id(), body.requireString("slug"), body.requireString("name"));
            ctx.status(201).header("Cache-Control", "no-store").json(view(applied, resellers, earnings, ledger, true));
        });
        routes.get("/api/account/reseller", ctx -> {
            Reseller me = resellers.mine(AccountRoutes.signedIn(ctx, signIn).id());
            ctx.header("Cache-Control", "no-store").json(view(me, resellers, earnings, ledger, true));
        });
        routes.put("/api/account/reseller", ctx -> {
            BuyerAccount account = AccountRoutes.signedIn(ctx, signIn);
            JsonBody body = JsonBody.read(mapper, ctx);
            Reseller me = resellers.updateStore(
                    account.id(),
                    body.optionalString("name").orElse(null),
                    body.optionalString("announcement").orElse(null),
                    body.optionalString("theme").orElse(null));
            if (body.optionalString("host").isPresent()) {
                me = resellers.requestHost(
                        account.id(), body.optionalString("host").get());
            }
            ctx.header("Cache-Control", "no-store").json(view(me, resellers, earnings, ledger, false));
        });
        routes.put("/api/account/reseller/markups/{productId}", ctx -> {
            BuyerAccount account = AccountRoutes.signedIn(ctx, signIn);
            JsonBody body = JsonBody.read(mapper, ctx);
            Markup m = resellers.setMarkup(
                    account.id(), id(ctx, "productId"), body.requireString("kind"), body.requireLong("amount"));
            ctx.json(view(m));
        });
        routes.post("/api/account/reseller/token", ctx -> {
            String token =
                    resellers.newToken(AccountRoutes.signedIn(ctx, signIn).id());
            ctx.status(201).header("Cache-Control", "no-store").json(Map.of("token", token, "scope", "reseller"));
        });

        routes.get(
                "/api/admin/resellers",
                ctx -> ctx.json(Map.of(
                        "resellers",
                        resellers.list(ctx.queryParam("status"), before(ctx), 100).stream()
                                .map(r -> view(r, resellers, earnings, ledger, false))
                                .toList())));
        routes.get(
                "/api/admin/resellers/{id}",
                ctx -> ctx.json(view(resellers.require(id(ctx, "id")), resellers, earnings, ledger, true)));
        routes.put("/api/admin/resellers/{id}/host", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            Reseller r = resellers.approveHost(
                    id(ctx, "id"), body.optionalString("host").orElse(null), Caller.name(ctx, "admin"));
            ctx.json(view(r, resellers, earnings, ledger, false));
        });
        routes.post(
                "/api/admin/resellers/{id}/{action}",
                ctx -> ctx.json(view(
                        resellers.decide(id(ctx, "id"), ctx.pathParam("action"), Caller.name(ctx, "admin")),
                        resellers,
                        earnings,
                        ledger,
                        false)));

        routes.get("/api/s/{slug}", ctx -> {
            Reseller store = resellers.requireSelling(ctx.pathParam("slug"));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", store.name());
            view.put("announcement", store.announcement());
            view.put("theme", store.theme());
            view.put(
                    "products",
                    catalog.onSale().stream()
                            .map(p -> {
                                Map<String, Object> product = new LinkedHashMap<>();
                                product.put("id", p.id());
                                product.put("name", p.name());
                                product.put("price", resellers.shownPrice(store.id(), p));
                                product.put("currency", p.currency());
                                return product;
                            })
                            .toList());
            ctx.json(view);
        });
        // The product page's total as the quantity changes: the sub-store's price at the tier, through the same
        // PricingService the order is priced by.
        routes.get("/api/s/{slug}/products/{id}/quote", ctx -> {
            Reseller store = resellers.requireSelling(ctx.pathParam("slug"));
            var product = catalog.find(id(ctx, "id"))
                    .filter(p -> p.active())
                    .orElseThrow(() -> Refusal.notFound("product_not_found", "there is no such product on sale"));
            int quantity = io.kamishop.pricing.PricingRoutes.quantity(ctx.queryParam("quantity"));
            ctx.json(io.kamishop.pricing.PricingRoutes.quote(
                    ctx, product, pricing.quote(product, quantity, store.id()), channels, clients));
        });
        routes.post("/api/s/{slug}/orders", ctx -> {
            Reseller store = resellers.requireSelling(ctx.pathParam("slug"));
            JsonBody body = JsonBody.read(mapper, ctx);
            PlaceOrder.Placement placed = placing.place(
                    form(body, body.requireString("email"), body.requireString("channel")),
                    clients.requester(ctx),
                    null,
                    CheckoutRoutes.referral(ctx, body),
                    store.id());
            ctx.status(201).json(placement(placed));
        });
        routes.post("/api/reseller/orders", ctx -> {
            Reseller me = resellers.byToken(bearer(ctx));
            JsonBody body = JsonBody.read(mapper, ctx);
            OrderForm form = form(body, body.optionalString("email").orElse(me.email()), "balance");
            // byToken gives only a selling reseller, and selling means approved with its affiliate id.
            long affiliate = Objects.requireNonNull(me.affiliateId());
            PlaceOrder.Placement placed = placing.placePaidBy(
                    form,
                    clients.requester(ctx),
                    order -> balance.payFrom(order, Commissions.available(affiliate, order.currency())));
            ctx.status(201).json(placement(placed));
        });
    }

    private static OrderForm form(JsonBody body, String email, String channel) {
        long quantity = body.optionalLong("quantity").orElse(1L);
        return new OrderForm(
                body.requireLong("productId"),
                (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, quantity)),
                email,
                channel,
                body.optionalString("coupon").orElse(null),
                body.optionalString("lookupPassword")
                        .or(() -> body.optionalString("queryPassword"))
                        .orElse(null));
    }

    private static Map<String, Object> placement(PlaceOrder.Placement placed) {
        Map<String, Object> answer = OrderSummary.of(placed.order());
        answer.put("lookupToken", placed.lookupToken());
        answer.put("payment", placed.payment());
        return answer;
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Refusal(
                    Refusal.Kind.UNAUTHENTICATED,
                    "invalid_token",
                    "a reseller token is required: Authorization: Bearer <token>");
        }
        return header.substring(7).strip();
    }

    /** The reseller as the API and the admin page show it; {@code detail} adds its markups and latest orders. */
    public static Map<String, Object> view(
            Reseller r, Resellers resellers, ResellerEarnings earnings, Ledger ledger, boolean detail) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("email", r.email());
        view.put("slug", r.slug());
        view.put("path", "/s/" + r.slug() + "/");
        view.put("name", r.name());
        view.put("announcement", r.announcement());
        view.put("theme", r.theme());
        view.put("host", r.host());
        view.put("hostApproved", r.hostApproved());
        view.put("status", r.status());
        view.put("decidedBy", r.decidedBy());
        view.put("decidedAt", r.decidedAt() == null ? null : Instant.ofEpochMilli(r.decidedAt()));
        view.put("createdAt", Instant.ofEpochMilli(r.createdAt()));
        Map<String, Object> money = new LinkedHashMap<>();
        Optional.ofNullable(r.affiliateId()).ifPresent(a -> {
            String owner = "affiliate:" + a;
            money.put("pending", ledger.balances(AccountKind.AFFILIATE_PENDING, owner));
            money.put("available", ledger.balances(AccountKind.AFFILIATE_AVAILABLE, owner));
            money.put("withdrawing", ledger.balances(AccountKind.WITHDRAWAL_HELD, owner));
            money.put("paidOut", ledger.balances(AccountKind.PAYOUT, owner));
        });
        money.put("debt", earnings.debt(r));
        view.put("earnings", money);
        if (detail) {
            view.put(
                    "markups",
                    resellers.markups(r.id()).stream().map(ResellerRoutes::view).toList());
            view.put(
                    "orders",
                    earnings.orders(r.id(), 0, 100).stream()
                            .map(ResellerRoutes::view)
                            .toList());
        }
        return view;
    }

    static Map<String, Object> view(Markup m) {
        return Map.of("productId", m.productId(), "kind", m.kind(), "amount", m.amount());
    }

    static Map<String, Object> view(ResellerOrder o) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderNo", o.orderNo());
        view.put("amount", o.amount());
        view.put("orderStatus", o.orderStatus());
        view.put("markup", o.markup());
        view.put("currency", o.currency());
        view.put("status", o.status());
        view.put("reversed", o.reversed());
        view.put("unrecovered", o.unrecovered());
        view.put("netted", o.netted());
        view.put("availableAt", o.availableAt() == null ? null : Instant.ofEpochMilli(o.availableAt()));
        return view;
    }

    private static long id(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_id", "the " + name + " must be a number");
        }
    }

    private static long before(Context ctx) {
        String before = ctx.queryParam("before");
        if (before == null || before.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_before", "before must be an id");
        }
    }
}

package io.kamishop.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.checkout.BalanceCheckout;
import io.kamishop.checkout.OrderForm;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.delivery.OrderWithKeys;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.Transfer;
import io.kamishop.order.OrderSummary;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The buyer account API ({@code /api/account}) and the merchant's store-credit grant
 * ({@code /api/admin/buyers/credit}, orders scope). The buyer's session cookie is not the admin's: its own
 * name, its own table; HttpOnly and SameSite=Lax, so a cross-site form cannot act with it.
 */
public final class AccountRoutes {

    public static final String SESSION_COOKIE = "kamishop_buyer";

    private AccountRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            BuyerSignIn signIn,
            StoreCredit credit,
            AccountOrders accountOrders,
            BuyerAccounts buyers,
            SignInAttempts attempts,
            PlaceOrder placing,
            DeliveryService delivery,
            ClientAddress clients) {
        routes.post("/api/account/code", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            attempts.count(clients.ip(ctx));
            signIn.sendCode(body.requireString("email"));
            ctx.status(202).json(Map.of("sent", true, "validForSeconds", BuyerSignIn.CODE_LIFETIME.toSeconds()));
        });
        routes.post("/api/account/sign-in", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            attempts.count(clients.ip(ctx));
            BuyerSession session = signIn.signIn(body.requireString("email"), body.requireString("code"));
            ctx.res().addHeader("Set-Cookie", sessionCookie(session, "https".equals(clients.scheme(ctx))));
            ctx.header("Cache-Control", "no-store").json(view(session.account(), credit));
        });
        routes.post("/api/account/sign-out", ctx -> {
            signIn.signOut(ctx.cookie(SESSION_COOKIE));
            ctx.res().addHeader("Set-Cookie", endedSessionCookie());
            ctx.status(204);
        });
        routes.get(
                "/api/account",
                ctx -> ctx.header("Cache-Control", "no-store").json(view(signedIn(ctx, signIn), credit)));
        routes.get("/api/account/orders", ctx -> {
            BuyerAccount account = signedIn(ctx, signIn);
            long before = parseBefore(ctx.queryParam("before"));
            List<Map<String, Object>> found = accountOrders.of(account, before).stream()
                    .map(order -> OrderWithKeys.of(order, delivery))
                    .toList();
            ctx.header("Cache-Control", "no-store").json(Map.of("orders", found));
        });
        // Checkout paid from the balance: the same PlaceOrder as every other door, with the signed-in account.
        routes.post("/api/account/orders", ctx -> {
            BuyerAccount account = signedIn(ctx, signIn);
            JsonBody body = JsonBody.read(mapper, ctx);
            long quantity = body.optionalLong("quantity").orElse(1L);
            OrderForm form = new OrderForm(
                    body.requireLong("productId"),
                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, quantity)),
                    account.emailLower(),
                    BalanceCheckout.CHANNEL,
                    body.optionalString("coupon").orElse(null),
                    null);
            PlaceOrder.Placement placed = placing.place(
                    form,
                    clients.requester(ctx),
                    account.id(),
                    io.kamishop.checkout.CheckoutRoutes.referral(ctx, body));
            Map<String, Object> answer = OrderSummary.of(placed.order());
            answer.put("lookupToken", placed.lookupToken());
            answer.put("payment", placed.payment());
            ctx.status(201).json(answer);
        });
        routes.post("/api/admin/buyers/credit", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            String email = body.requireString("email");
            Transfer granted = credit.grant(
                    email,
                    body.requireLong("amount"),
                    body.requireString("currency"),
                    body.optionalString("idempotencyKey").orElse(null),
                    body.optionalString("memo").orElse(""),
                    io.kamishop.web.Caller.name(ctx, "unknown"),
                    clients.ip(ctx));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("reference", granted.reference());
            answer.put("amount", granted.amount());
            answer.put("currency", granted.currency());
            answer.put("account", view(signIn.accountOf(email), credit));
            ctx.status(201).json(answer);
        });
        routes.get("/api/admin/buyers/{id}/statement", ctx -> {
            long id = PathIds.id(ctx, "id", "buyer");
            BuyerAccounts.Statement statement =
                    buyers.statement(id, ctx.queryParam("currency"), parseBefore(ctx.queryParam("before")));
            ctx.header("Cache-Control", "no-store").json(view(statement));
        });
    }

    /** A buyer's statement as the admin API shows it (the admin page draws the same {@link BuyerAccounts.Statement}). */
    private static Map<String, Object> view(BuyerAccounts.Statement statement) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("accountId", statement.account().id());
        view.put("currency", statement.currency());
        view.put("balance", statement.balance());
        view.put(
                "entries",
                statement.entries().stream()
                        .map(e -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("id", e.id());
                            entry.put("reference", e.reference());
                            entry.put("kind", e.kind());
                            entry.put("amount", e.amount());
                            entry.put("memo", e.memo());
                            entry.put("createdAt", Instant.ofEpochMilli(e.createdAt()));
                            return entry;
                        })
                        .toList());
        if (statement.next() > 0) {
            view.put("next", statement.next());
        }
        return view;
    }

    /** The signed-in buyer's account; 401 {@code not_signed_in} without a live session. */
    public static BuyerAccount signedIn(Context ctx, BuyerSignIn signIn) {
        return signIn.account(ctx.cookie(SESSION_COOKIE))
                .orElseThrow(
                        () -> new Refusal(Refusal.Kind.UNAUTHENTICATED, "not_signed_in", "sign in first", Map.of()));
    }

    private static Map<String, Object> view(BuyerAccount account, StoreCredit credit) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("email", account.emailLower());
        view.put("balances", credit.balances(account));
        view.put("createdAt", Instant.ofEpochMilli(account.createdAt()));
        return view;
    }

    /** The {@code Set-Cookie} value of a new buyer session, for the API and the sign-in page alike. */
    public static String sessionCookie(BuyerSession session, boolean tls) {
        return SESSION_COOKIE + "=" + session.token() + "; Path=/; Max-Age=" + BuyerSignIn.SESSION_LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (tls ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that ends the buyer session in the browser. */
    public static String endedSessionCookie() {
        return SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
    }

    private static long parseBefore(@Nullable String before) {
        if (before == null || before.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_before", "before must be an order id");
        }
    }
}

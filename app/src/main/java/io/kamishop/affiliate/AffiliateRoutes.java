package io.kamishop.affiliate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.AccountRoutes;
import io.kamishop.account.BuyerAccount;
import io.kamishop.account.BuyerSignIn;
import io.kamishop.domain.Refusal;
import io.kamishop.web.Caller;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.JsonBody;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The affiliate API: a buyer's own ({@code /api/account/affiliate}, the buyer's session), the merchant's
 * ({@code /api/admin/affiliates}, orders scope, audited like every admin write), and the {@code ?ref=CODE}
 * that any storefront page takes: it sets the {@value #REF_COOKIE} cookie for the merchant's window, which
 * checkout (the storefront form and {@code POST /api/orders}) hands to {@code PlaceOrder}.
 */
public final class AffiliateRoutes {

    static final String REF_COOKIE = io.kamishop.checkout.Referrals.COOKIE;

    private AffiliateRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            Affiliates affiliates,
            Commissions commissions,
            Withdrawals withdrawals,
            AffiliateReports reports,
            BuyerSignIn signIn,
            ClientAddress clients) {
        routes.before(ctx -> {
            String ref = ctx.queryParam("ref");
            String path = ctx.path();
            if (ref == null
                    || !"GET".equals(ctx.method().name())
                    || path.startsWith("/api/")
                    || path.startsWith("/admin")) {
                return;
            }
            Long account = signIn.account(ctx.cookie(AccountRoutes.SESSION_COOKIE))
                    .map(BuyerAccount::id)
                    .orElse(null);
            affiliates
                    .followed(ref, clients.ip(ctx), ctx.cookie(REF_COOKIE), account)
                    .ifPresent(a -> ctx.res()
                            .addHeader(
                                    "Set-Cookie",
                                    REF_COOKIE + "=" + a.code()
                                            + "; Path=/; Max-Age="
                                            + affiliates.window().toSeconds() + "; HttpOnly; SameSite=Lax"
                                            + ("https".equals(clients.scheme(ctx)) ? "; Secure" : "")));
        });

        routes.post("/api/account/affiliate", ctx -> {
            BuyerAccount account = AccountRoutes.signedIn(ctx, signIn);
            ctx.header("Cache-Control", "no-store")
                    .json(reports.view(affiliates.join(account.id()), base(ctx, clients)));
        });
        routes.get(
                "/api/account/affiliate",
                ctx -> ctx.header("Cache-Control", "no-store")
                        .json(reports.view(mine(ctx, signIn, affiliates), base(ctx, clients))));
        routes.get("/api/account/affiliate/commissions", ctx -> {
            Affiliate me = mine(ctx, signIn, affiliates);
            ctx.header("Cache-Control", "no-store")
                    .json(Map.of(
                            "commissions",
                            reports.commissions(me.id(), before(ctx), 50).stream()
                                    .map(AffiliateRoutes::view)
                                    .toList()));
        });
        routes.get("/api/account/affiliate/withdrawals", ctx -> {
            Affiliate me = mine(ctx, signIn, affiliates);
            ctx.header("Cache-Control", "no-store")
                    .json(Map.of(
                            "withdrawals",
                            withdrawals.list("", me.id(), before(ctx), 50).stream()
                                    .map(AffiliateRoutes::view)
                                    .toList()));
        });
        routes.post("/api/account/affiliate/withdrawals", ctx -> {
            Affiliate me = mine(ctx, signIn, affiliates);
            JsonBody body = JsonBody.read(mapper, ctx);
            Withdrawal asked = withdrawals.request(
                    me,
                    body.requireLong("amount"),
                    body.requireString("currency"),
                    body.optionalString("note").orElse(""));
            ctx.status(201).json(view(asked));
        });

        routes.get(
                "/api/admin/affiliates",
                ctx -> ctx.json(Map.of(
                        "affiliates",
                        reports.affiliates(before(ctx), 100).stream()
                                .map(a -> reports.view(a, base(ctx, clients)))
                                .toList())));
        routes.get("/api/admin/affiliates/rules", ctx -> ctx.json(Map.of("rules", reports.rules())));
        routes.post("/api/admin/affiliates/rules", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            ctx.status(201)
                    .json(reports.putRule(
                            body.requireString("scope"),
                            body.optionalString("target").orElse(""),
                            (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, body.requireLong("level"))),
                            body.requireString("kind"),
                            body.requireLong("amount")));
        });
        routes.delete("/api/admin/affiliates/rules/{id}", ctx -> {
            reports.deleteRule(id(ctx));
            ctx.status(204);
        });
        routes.get("/api/admin/affiliates/withdrawals", ctx -> {
            String status = Optional.ofNullable(ctx.queryParam("status")).orElse("");
            if (!status.isEmpty() && !status.matches("requested|approved|rejected")) {
                throw Refusal.badRequest("invalid_status", "status must be requested, approved or rejected");
            }
            ctx.json(Map.of(
                    "withdrawals",
                    withdrawals.list(status, 0, before(ctx), 100).stream()
                            .map(AffiliateRoutes::view)
                            .toList()));
        });
        routes.post(
                "/api/admin/affiliates/withdrawals/{id}/approve",
                ctx -> ctx.json(view(withdrawals.approve(
                        id(ctx),
                        Caller.name(ctx, "admin"),
                        JsonBody.readOptional(mapper, ctx)
                                .optionalString("payoutRecord")
                                .orElse("")))));
        routes.post(
                "/api/admin/affiliates/withdrawals/{id}/reject",
                ctx -> ctx.json(view(withdrawals.reject(id(ctx), Caller.name(ctx, "admin")))));
        routes.get("/api/admin/affiliates/{id}", ctx -> {
            Affiliate affiliate = reports.require(id(ctx));
            Map<String, Object> view = reports.view(affiliate, base(ctx, clients));
            view.put(
                    "commissions",
                    reports.commissions(affiliate.id(), 0, 100).stream()
                            .map(AffiliateRoutes::view)
                            .toList());
            ctx.json(view);
        });
    }

    private static Affiliate mine(Context ctx, BuyerSignIn signIn, Affiliates affiliates) {
        BuyerAccount account = AccountRoutes.signedIn(ctx, signIn);
        return affiliates
                .ofAccount(account.id())
                .orElseThrow(() -> Refusal.notFound(
                        "not_an_affiliate",
                        "this account has no referral code yet; POST /api/account/affiliate takes one"));
    }

    private static String base(Context ctx, ClientAddress clients) {
        return clients.scheme(ctx) + "://" + clients.host(ctx);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("invalid_id", "the id must be a number");
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

    static Map<String, Object> view(Commission c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("orderNo", c.orderNo());
        view.put("level", c.level());
        view.put("amount", c.amount());
        view.put("currency", c.currency());
        view.put("status", c.status());
        view.put("reversed", c.reversed());
        view.put("unrecovered", c.unrecovered());
        view.put("netted", c.netted());
        view.put("availableAt", Instant.ofEpochMilli(c.availableAt()));
        view.put("createdAt", Instant.ofEpochMilli(c.createdAt()));
        return view;
    }

    public static Map<String, Object> view(Withdrawal w) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", w.id());
        view.put("affiliateId", w.affiliateId());
        view.put("code", w.code());
        view.put("amount", w.amount());
        view.put("currency", w.currency());
        view.put("status", w.status());
        view.put("note", w.note());
        view.put("decidedBy", w.decidedBy());
        view.put("decidedAt", w.decidedAt() == null ? null : Instant.ofEpochMilli(w.decidedAt()));
        view.put("createdAt", Instant.ofEpochMilli(w.createdAt()));
        view.put("payoutRecord", w.payoutRecord());
        return view;
    }
}

package io.kamishop.storefront;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.AccountOrders;
import io.kamishop.account.AccountRoutes;
import io.kamishop.account.BuyerAccount;
import io.kamishop.account.BuyerSession;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.OrderProgress;
import io.kamishop.storefront.view.AccountView;
import io.kamishop.storefront.view.FoundOrder;
import io.kamishop.storefront.view.ReferralView;
import io.kamishop.storefront.view.SignInForm;
import io.kamishop.web.HttpRefusals;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The buyer's account in the browser: sign in by a mailed code, "My account" (balance and the orders of the
 * verified address) and sign out. Forms only, so it works without script; each step calls the same use case
 * as {@code /api/account/...} with the same per-address allowance ({@code SignInAttempts}).
 *
 * <p>No form here needs a token against cross-site posts: the session cookie is SameSite=Lax, so another
 * site's form cannot act with it, and asking for a code or signing in acts on nobody's session yet.
 */
final class BuyerAccountPages {

    private BuyerAccountPages() {}

    static void register(JavalinDefaultRoutingApi<?> routes, StorefrontPages pages, StorefrontRoutes.Shop shop) {
        StorefrontRoutes.Accounts accounts = shop.accounts();
        routes.get("/account", ctx -> {
            ctx.header("Cache-Control", "no-store");
            Optional<BuyerAccount> account = signedIn(ctx, accounts);
            if (account.isEmpty()) {
                ctx.redirect("/account/sign-in", HttpStatus.SEE_OTHER);
                return;
            }
            String done = "requested".equals(ctx.queryParam("withdrawal")) ? "requested" : null;
            accountPage(ctx, pages, shop, account.get(), 200, done);
        });
        // Asking for a withdrawal of affiliate or reseller earnings: the same use case as
        // POST /api/account/affiliate/withdrawals. A form that moves money: the same-origin rule of every storefront
        // form (see StorefrontRoutes) refuses another site's post, and the session cookie is SameSite=Lax.
        routes.post("/account/withdrawals", ctx -> {
            ctx.header("Cache-Control", "no-store");
            Optional<BuyerAccount> account = signedIn(ctx, accounts);
            io.kamishop.affiliate.Affiliates affiliates = accounts.affiliates();
            io.kamishop.affiliate.Withdrawals withdrawals = accounts.withdrawals();
            if (account.isEmpty() || affiliates == null || withdrawals == null) {
                ctx.redirect("/account/sign-in", HttpStatus.SEE_OTHER);
                return;
            }
            Optional<io.kamishop.affiliate.Affiliate> affiliate =
                    affiliates.ofAccount(account.get().id());
            try {
                if (affiliate.isEmpty()) {
                    throw Refusal.notFound("not_an_affiliate", "take a referral code first");
                }
                String currency = Optional.ofNullable(ctx.formParam("currency"))
                        .orElse("")
                        .strip()
                        .toUpperCase(Locale.ROOT);
                withdrawals.request(
                        affiliate.get(),
                        minorUnits(ctx.formParam("amount"), currency),
                        currency,
                        Optional.ofNullable(ctx.formParam("details")).orElse(""));
                ctx.redirect("/account?withdrawal=requested#referral", HttpStatus.SEE_OTHER);
            } catch (Refusal e) {
                accountPage(ctx, pages, shop, account.get(), HttpRefusals.status(e), withdrawalErrorKey(e));
            }
        });
        // Taking a referral code, the same use case as POST /api/account/affiliate. No token: the session cookie is
        // SameSite=Lax (see above), and joining is harmless and happens once.
        routes.post("/account/referral", ctx -> {
            ctx.header("Cache-Control", "no-store");
            Optional<BuyerAccount> account = signedIn(ctx, accounts);
            io.kamishop.affiliate.Affiliates affiliates = accounts.affiliates();
            if (account.isPresent() && affiliates != null) {
                affiliates.join(account.get().id());
            }
            ctx.redirect(account.isPresent() ? "/account#referral" : "/account/sign-in", HttpStatus.SEE_OTHER);
        });
        routes.get("/account/sign-in", ctx -> {
            ctx.header("Cache-Control", "no-store");
            signInPage(ctx, pages, 200, new SignInForm("", false, null));
        });
        routes.post("/account/code", ctx -> {
            ctx.header("Cache-Control", "no-store");
            String email =
                    Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
            try {
                accounts.attempts().count(shop.clients().ip(ctx));
                accounts.signIn().sendCode(email);
                signInPage(ctx, pages, 200, new SignInForm(email, true, null));
            } catch (Refusal e) {
                StorefrontRoutes.retryAfter(ctx, e);
                signInPage(ctx, pages, HttpRefusals.status(e), new SignInForm(email, false, errorKey(e)));
            }
        });
        routes.post("/account/sign-in", ctx -> {
            ctx.header("Cache-Control", "no-store");
            String email =
                    Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
            try {
                accounts.attempts().count(shop.clients().ip(ctx));
                BuyerSession session = accounts.signIn()
                        .signIn(
                                email,
                                Optional.ofNullable(ctx.formParam("code")).orElse(""));
                ctx.res()
                        .addHeader(
                                "Set-Cookie",
                                AccountRoutes.sessionCookie(
                                        session, "https".equals(shop.clients().scheme(ctx))));
                ctx.redirect("/account", HttpStatus.SEE_OTHER);
            } catch (Refusal e) {
                StorefrontRoutes.retryAfter(ctx, e);
                boolean badAddress = "invalid_email".equals(e.code());
                signInPage(ctx, pages, HttpRefusals.status(e), new SignInForm(email, !badAddress, errorKey(e)));
            }
        });
        routes.post("/account/sign-out", ctx -> {
            accounts.signIn().signOut(ctx.cookie(AccountRoutes.SESSION_COOKIE));
            ctx.res().addHeader("Set-Cookie", AccountRoutes.endedSessionCookie());
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        });
    }

    private static void accountPage(
            Context ctx,
            StorefrontPages pages,
            StorefrontRoutes.Shop shop,
            BuyerAccount account,
            int status,
            @Nullable String withdrawal) {
        Locale locale = pages.language(ctx).locale();
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("account", view(account, before(ctx), shop, locale));
        model.put("referral", referral(ctx, account, shop, locale, withdrawal));
        pages.render(ctx, status, "account", model);
    }

    /** "12.50" in a currency's major units as minor units (1250); 422 {@code invalid_amount} for anything else. */
    static long minorUnits(@Nullable String amount, String currency) {
        try {
            int digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
            return new java.math.BigDecimal(
                            Optional.ofNullable(amount).orElse("").strip())
                    .movePointRight(digits)
                    .longValueExact();
        } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
            throw Refusal.invalid("invalid_amount", "the amount is not a number of " + currency);
        }
    }

    private static String withdrawalErrorKey(Refusal e) {
        return switch (e.code()) {
            case "invalid_amount", "invalid_currency", "invalid_note", "insufficient_balance", "not_an_affiliate" ->
                "account.withdrawal." + e.code();
            default -> "account.withdrawal.refused";
        };
    }

    /** The signed-in buyer of this request, if its session cookie is live (a database read: only when one is sent). */
    static Optional<BuyerAccount> signedIn(Context ctx, StorefrontRoutes.Accounts accounts) {
        String token = ctx.cookie(AccountRoutes.SESSION_COOKIE);
        return token == null ? Optional.empty() : accounts.signIn().account(token);
    }

    /** Whether the request carries a buyer session cookie at all (live or not): no database read. */
    static boolean sendsSession(Context ctx) {
        return ctx.cookie(AccountRoutes.SESSION_COOKIE) != null;
    }

    private static void signInPage(Context ctx, StorefrontPages pages, int status, SignInForm form) {
        pages.render(ctx, status, "sign_in", Map.of("signIn", form));
    }

    private static String errorKey(Refusal e) {
        return switch (e.code()) {
            case "invalid_email", "invalid_code", "rate_limited" -> "account." + e.code();
            default -> "error.order_refused";
        };
    }

    private static AccountView view(BuyerAccount account, long before, StorefrontRoutes.Shop shop, Locale locale) {
        List<String> balances = shop.accounts().credit().balances(account).entrySet().stream()
                .map(b -> Prices.format(b.getValue(), b.getKey(), locale))
                .toList();
        List<Order> orders = shop.accounts().orders().of(account, before);
        List<AccountView.AccountOrder> shown = orders.stream()
                .map(order -> {
                    String token = shop.orders().mailLinkToken(order.orderNo());
                    FoundOrder found = new FoundOrder(
                            order.orderNo(),
                            order.productName(),
                            order.quantity(),
                            Prices.format(order.amount(), order.currency(), locale),
                            OrderProgress.of(order, shop.orders().history(order.id()))
                                    .code(),
                            ViewModels.inUtc(order.createdAt(), locale),
                            ViewModels.isoUtc(order.createdAt()),
                            ViewModels.orderUrl(order.orderNo(), token));
                    boolean hasKeys = !shop.delivery().visibleKeys(order).isEmpty();
                    return new AccountView.AccountOrder(
                            found, hasKeys ? ViewModels.keysUrl(order.orderNo(), token) : null);
                })
                .toList();
        // A full page may have more behind it: the list pages on by the last order's id, as the API does.
        Long next = orders.size() == AccountOrders.PAGE
                ? orders.get(orders.size() - 1).id()
                : null;
        return new AccountView(account.emailLower(), balances, shown, next);
    }

    /** The referral panel: null without the affiliate feature, "not joined" before the buyer takes a code. */
    private static @Nullable ReferralView referral(
            Context ctx, BuyerAccount account, StorefrontRoutes.Shop shop, Locale locale, @Nullable String withdrawal) {
        StorefrontRoutes.Accounts accounts = shop.accounts();
        io.kamishop.affiliate.Affiliates affiliates = accounts.affiliates();
        io.kamishop.affiliate.AffiliateReports reports = accounts.affiliateReports();
        if (affiliates == null || reports == null) {
            return null;
        }
        return affiliates
                .ofAccount(account.id())
                .map(a -> {
                    var summary = reports.summary(
                            a,
                            shop.clients().scheme(ctx) + "://" + shop.clients().host(ctx));
                    return new ReferralView(
                            true,
                            summary.link(),
                            summary.clicks(),
                            summary.orders(),
                            formatted(summary.pending(), locale),
                            formatted(summary.available(), locale),
                            formatted(summary.debt(), locale),
                            summary.available().entrySet().stream()
                                    .filter(e -> e.getValue() > 0)
                                    .map(Map.Entry::getKey)
                                    .toList(),
                            withdrawal);
                })
                .orElse(new ReferralView(false, null, 0, 0, List.of(), List.of(), List.of(), List.of(), null));
    }

    private static List<String> formatted(Map<String, Long> byCurrency, Locale locale) {
        return byCurrency.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> Prices.format(e.getValue(), e.getKey(), locale))
                .toList();
    }

    private static long before(Context ctx) {
        try {
            return Math.max(
                    0,
                    Long.parseLong(Optional.ofNullable(ctx.queryParam("before"))
                            .orElse("0")
                            .strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

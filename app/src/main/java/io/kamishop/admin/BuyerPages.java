package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.BuyerAccounts;
import io.kamishop.account.StoreCredit;
import io.kamishop.crypto.Tokens;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.Transfer;
import io.kamishop.order.OrderCsv;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/buyers}: the buyer accounts with their balances, one account's statement, and the store-credit
 * grant, through the same {@link BuyerAccounts} and {@link StoreCredit} as {@code /api/admin/buyers/...}.
 *
 * <p>Each drawn grant form carries a fresh idempotency key, so a form sent twice (a double click, a reload
 * that re-posts) grants once; each grant is in the audit trail with who gave what to whom.
 */
final class BuyerPages {

    private BuyerPages() {}

    /** A listed account as the page shows it: the address masked, as the order export masks it. */
    record Row(long id, String email, Map<String, Long> balances, long createdAt) {}

    static void register(JavalinDefaultRoutingApi<?> routes, AdminWeb web, BuyerAccounts buyers, StoreCredit credit) {
        routes.get("/admin/buyers", ctx -> {
            List<BuyerAccounts.Listed> found = buyers.newest(parseLong(ctx.queryParam("before")));
            Map<String, Object> model = form(Map.of(), null);
            model.put(
                    "buyers",
                    found.stream()
                            .map(l -> new Row(
                                    l.account().id(),
                                    OrderCsv.maskEmail(l.account().emailLower()),
                                    l.balances(),
                                    l.account().createdAt()))
                            .toList());
            model.put(
                    "next",
                    found.size() == BuyerAccounts.PAGE
                            ? found.get(found.size() - 1).account().id()
                            : null);
            web.page(ctx, "buyers", model);
        });
        routes.get(
                "/admin/buyers/{id}",
                ctx -> showStatement(ctx, web, buyers, PathIds.id(ctx, "id", "buyer"), Map.of(), null));
        routes.post("/admin/buyers/credit", ctx -> {
            Map<String, String> sent = new HashMap<>();
            for (String name : List.of("email", "amount", "currency", "memo", "idempotencyKey", "accountId")) {
                sent.put(
                        name,
                        Optional.ofNullable(ctx.formParam(name)).orElse("").strip());
            }
            try {
                String email = field(sent, "accountId").isEmpty()
                        ? field(sent, "email")
                        : buyers.require(parseId(field(sent, "accountId"))).emailLower();
                String currency = field(sent, "currency").toUpperCase(Locale.ROOT);
                Transfer granted = credit.grant(
                        email,
                        minorUnits(field(sent, "amount"), currency),
                        currency,
                        field(sent, "idempotencyKey").isEmpty() ? null : field(sent, "idempotencyKey"),
                        field(sent, "memo"),
                        web.actor(ctx),
                        web.clientIp(ctx));
                long accountId = buyers.ofEmail(email).id();
                web.redirectDone(
                        ctx, "/admin/buyers/" + accountId + "?currency=" + granted.currency(), "credit_granted");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                if (field(sent, "accountId").isEmpty()) {
                    Map<String, Object> model = form(sent, e);
                    model.put("buyers", List.of());
                    model.put("next", null);
                    web.page(ctx, "buyers", model);
                } else {
                    showStatement(ctx, web, buyers, parseId(field(sent, "accountId")), sent, e);
                }
            }
        });
    }

    private static void showStatement(
            Context ctx,
            AdminWeb web,
            BuyerAccounts buyers,
            long id,
            Map<String, String> sent,
            @Nullable Refusal error) {
        BuyerAccounts.Statement statement =
                buyers.statement(id, ctx.queryParam("currency"), parseLong(ctx.queryParam("before")));
        Map<String, Object> model = form(sent, error);
        model.put(
                "buyer",
                new Row(
                        id,
                        OrderCsv.maskEmail(statement.account().emailLower()),
                        buyers.balances(statement.account()),
                        statement.account().createdAt()));
        model.put("statement", statement);
        web.page(ctx, "buyer", model);
    }

    /** The grant form as sent (or empty), with a new idempotency key unless it is the same form coming back. */
    private static Map<String, Object> form(Map<String, String> sent, @Nullable Refusal error) {
        Map<String, Object> model = new HashMap<>();
        Map<String, String> values = new HashMap<>(sent);
        values.putIfAbsent("currency", "CNY");
        if (values.getOrDefault("idempotencyKey", "").isEmpty()) {
            values.put("idempotencyKey", Tokens.random());
        }
        model.put("grant", values);
        model.put("grantError", error == null ? null : error.code());
        model.put("grantErrorMessage", error == null ? null : error.getMessage());
        return model;
    }

    /** {@code 12.5} CNY is 1250: the amount is typed in major units, as the merchant reads prices. */
    static long minorUnits(String amount, String currency) {
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            // an unknown code: StoreCredit refuses it by its own rule, or keeps two places like the order export
        }
        try {
            BigDecimal minor = new BigDecimal(amount).movePointRight(digits);
            if (minor.scale() > 0 && minor.stripTrailingZeros().scale() > 0) {
                throw Refusal.invalid(
                        "invalid_amount", "the amount has more decimal places than " + currency + " uses");
            }
            return minor.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw Refusal.invalid("invalid_amount", "the amount must be a number such as 20.00");
        }
    }

    /** A field of the grant form as read above, which puts every field ("" when it was not sent). */
    private static String field(Map<String, String> sent, String name) {
        return sent.getOrDefault(name, "");
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Refusal.notFound("buyer_not_found", "there is no buyer '" + text + "'");
        }
    }

    private static long parseLong(@Nullable String text) {
        try {
            return text == null || text.isBlank() ? 0 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

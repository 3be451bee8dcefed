package io.kamishop.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.domain.Refusal;
import io.kamishop.pricing.CouponDraft;
import io.kamishop.pricing.CouponService;
import io.kamishop.pricing.PriceTier;
import io.kamishop.pricing.PricingRules;
import io.kamishop.pricing.PricingService;
import io.kamishop.web.HttpRefusals;
import io.kamishop.web.PathIds;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Coupons, wholesale tiers and quantity / per-buyer limits in the admin: forms over the same
 * {@link CouponService} and {@link PricingService} methods the admin API calls, so a rule set here is
 * the rule the API reads back and every checkout applies.
 */
public final class PricingPages {

    private PricingPages() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            AdminWeb web,
            CatalogService catalog,
            PricingService pricing,
            CouponService coupons) {
        routes.get(
                "/admin/coupons", ctx -> couponsPage(ctx, web, catalog, coupons, Map.of("kind", "percent"), Map.of()));
        routes.post("/admin/coupons", ctx -> {
            Map<String, String> form = new LinkedHashMap<>();
            for (String name : List.of("code", "kind", "value", "currency", "maxUses", "productId", "expiresAt")) {
                form.put(
                        name,
                        ctx.formParam(name) == null ? "" : ctx.formParam(name).strip());
            }
            try {
                var created = coupons.create(couponDraft(form));
                web.audit(ctx, "coupon.create", created.code());
                web.redirectDone(ctx, "/admin/coupons", "created");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                couponsPage(ctx, web, catalog, coupons, form, fields(e));
            }
        });
        routes.post("/admin/coupons/{code}/deactivate", ctx -> {
            String code = ctx.pathParam("code");
            if (!coupons.deactivate(code)) {
                throw Refusal.notFound("coupon_not_found", "there is no such active coupon");
            }
            web.audit(ctx, "coupon.deactivate", code);
            web.redirectDone(ctx, "/admin/coupons", "saved");
        });
        routes.get("/admin/products/{id}/pricing", ctx -> {
            Product product = catalog.require(PathIds.id(ctx, "id", "product"));
            pricingPage(ctx, web, product, form(pricing.rules(product.id()), product.currency()), Map.of());
        });
        routes.post("/admin/products/{id}/pricing", ctx -> {
            Product product = catalog.require(PathIds.id(ctx, "id", "product"));
            Map<String, String> form = new LinkedHashMap<>();
            for (String name : List.of("minQuantity", "maxQuantity", "perBuyerLimit", "tiers")) {
                form.put(
                        name,
                        ctx.formParam(name) == null ? "" : ctx.formParam(name).strip());
            }
            try {
                pricing.update(product.id(), rules(form, product.currency()));
                web.audit(ctx, "pricing.update", "#" + product.id() + " " + product.name());
                web.redirectDone(ctx, "/admin/products/" + product.id() + "/pricing", "saved");
            } catch (Refusal e) {
                ctx.status(HttpRefusals.status(e));
                pricingPage(ctx, web, product, form, fields(e));
            }
        });
    }

    private static void couponsPage(
            Context ctx,
            AdminWeb web,
            CatalogService catalog,
            CouponService coupons,
            Map<String, String> form,
            Map<String, Object> fields) {
        Map<String, Object> model = new HashMap<>();
        model.put("coupons", coupons.list(500));
        model.put("products", catalog.all());
        model.put("form", form);
        model.put("fields", fields);
        web.page(ctx, "coupons", model);
    }

    private static void pricingPage(
            Context ctx, AdminWeb web, Product product, Map<String, String> form, Map<String, Object> fields) {
        Map<String, Object> model = new HashMap<>();
        model.put("product", product);
        model.put("form", form);
        model.put("fields", fields);
        web.page(ctx, "pricing", model);
    }

    /** The stored rules as the form shows them: amounts in major units, one tier per line. */
    private static Map<String, String> form(PricingRules rules, String currency) {
        Map<String, String> form = new HashMap<>();
        form.put("minQuantity", String.valueOf(rules.minQuantity()));
        form.put("maxQuantity", rules.maxQuantity() == null ? "" : String.valueOf(rules.maxQuantity()));
        form.put("perBuyerLimit", rules.perBuyerLimit() == null ? "" : String.valueOf(rules.perBuyerLimit()));
        form.put(
                "tiers",
                rules.tiers().stream()
                        .map(t -> t.minQuantity() + " "
                                + AdminViews.money(t.unitPrice(), currency).replace(" " + currency, ""))
                        .collect(Collectors.joining("\n")));
        return form;
    }

    /** Reads the form; what cannot even be read is refused per field, as the service refuses what it reads. */
    private static PricingRules rules(Map<String, String> form, String currency) {
        Map<String, String> problems = new LinkedHashMap<>();
        Integer min = wholeNumber(field(form, "minQuantity"), "minQuantity", problems);
        Integer max = wholeNumber(field(form, "maxQuantity"), "maxQuantity", problems);
        Integer perBuyer = wholeNumber(field(form, "perBuyerLimit"), "perBuyerLimit", problems);
        List<PriceTier> tiers = new ArrayList<>();
        for (String line : field(form, "tiers").split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            Long price = parts.length == 2 ? AdminViews.parseMoney(parts[1], currency) : null;
            Integer quantity = parts.length == 2 ? wholeNumber(parts[0], "tiers", problems) : null;
            if (price == null || quantity == null) {
                problems.put("tiers", "each line is a quantity and a unit price, e.g. \"10 8.50\"");
                continue;
            }
            tiers.add(new PriceTier(quantity, price));
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_pricing", "the pricing is not valid", problems);
        }
        return new PricingRules(min == null ? 1 : min, max, perBuyer, tiers);
    }

    private static CouponDraft couponDraft(Map<String, String> form) {
        Map<String, String> problems = new LinkedHashMap<>();
        boolean percent = !"amount".equals(form.get("kind"));
        String currency = field(form, "currency").isEmpty()
                ? null
                : field(form, "currency").toUpperCase(java.util.Locale.ROOT);
        Long percentOff = null;
        Long amountOff = null;
        if (percent) {
            Integer value = wholeNumber(field(form, "value"), "percentOff", problems);
            percentOff = value == null ? null : value.longValue();
        } else {
            amountOff = currency == null ? null : AdminViews.parseMoney(field(form, "value"), currency);
            if (amountOff == null) {
                problems.put("amountOff", "give an amount and its currency, e.g. 5.00 CNY");
            }
        }
        Integer maxUses = wholeNumber(field(form, "maxUses"), "maxUses", problems);
        Integer productId = wholeNumber(field(form, "productId"), "productId", problems);
        Long expiresAt = null;
        if (!field(form, "expiresAt").isEmpty()) {
            try {
                // The admin's browser sends its datetime-local field in the admin's time zone, as the pages show times.
                expiresAt = LocalDateTime.parse(field(form, "expiresAt"))
                        .atZone(java.time.ZoneId.systemDefault())
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e) {
                problems.put("expiresAt", "a date and time, e.g. 2026-12-31T23:59");
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_coupon_definition", "the coupon is not valid", problems);
        }
        return new CouponDraft(
                form.get("code"),
                percentOff,
                amountOff,
                currency,
                maxUses == null ? null : maxUses.longValue(),
                productId == null ? null : productId.longValue(),
                expiresAt);
    }

    /** A field of a form the routes above read, which put every field ("" when it was not sent). */
    private static String field(Map<String, String> form, String name) {
        return form.getOrDefault(name, "");
    }

    private static @Nullable Integer wholeNumber(@Nullable String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            problems.put(field, "must be a whole number");
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Refusal e) {
        return (Map<String, Object>) e.details().getOrDefault("fields", Map.of("_", e.getMessage()));
    }
}

package io.kamishop.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.catalog.CatalogService;
import io.kamishop.domain.Refusal;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.web.JsonBody;
import io.kamishop.web.PathIds;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Coupons and per-product pricing: the merchant's admin API and the buyer's view of the tiers. */
public final class PricingRoutes {

    /** The highest {@code maxQuantityPerOrder} a store may set: no order is larger. */
    private static final int MAX_QUOTED_QUANTITY = 10_000;

    private PricingRoutes() {}

    public static void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            CatalogService catalog,
            PricingService pricing,
            CouponService coupons,
            ChannelRegistry channels,
            io.kamishop.web.ClientAddress clients) {
        routes.post("/api/admin/coupons", ctx -> {
            JsonBody body = JsonBody.read(mapper, ctx);
            CouponDraft draft = new CouponDraft(
                    body.requireString("code"),
                    body.nullableLong("percentOff").orElse(null),
                    body.nullableLong("amountOff").orElse(null),
                    body.optionalString("currency").orElse(null),
                    body.nullableLong("maxUses").orElse(null),
                    body.nullableLong("productId").orElse(null),
                    body.optionalString("expiresAt").map(PricingRoutes::instant).orElse(null));
            ctx.status(201).json(couponView(coupons.create(draft)));
        });
        routes.get(
                "/api/admin/coupons",
                ctx -> ctx.json(coupons.list(500).stream()
                        .map(PricingRoutes::couponView)
                        .toList()));
        routes.get(
                "/api/admin/coupons/{code}",
                ctx -> ctx.json(couponView(coupons.find(ctx.pathParam("code"))
                        .orElseThrow(() -> Refusal.notFound("coupon_not_found", "there is no such coupon")))));
        routes.delete("/api/admin/coupons/{code}", ctx -> {
            if (!coupons.deactivate(ctx.pathParam("code"))) {
                throw Refusal.notFound("coupon_not_found", "there is no such active coupon");
            }
            ctx.status(204);
        });
        routes.get(
                "/api/admin/products/{id}/pricing",
                ctx -> ctx.json(PricingService.view(pricing.rules(
                        catalog.require(PathIds.id(ctx, "id", "product")).id()))));
        routes.put("/api/admin/products/{id}/pricing", ctx -> {
            long productId = catalog.require(PathIds.id(ctx, "id", "product")).id();
            ctx.json(PricingService.view(pricing.update(productId, rules(JsonBody.read(mapper, ctx)))));
        });
        routes.get("/api/products/{id}/pricing", ctx -> {
            var product = catalog.find(PathIds.id(ctx, "id", "product"))
                    .filter(p -> p.active())
                    .orElseThrow(() -> Refusal.notFound("product_not_found", "there is no such product on sale"));
            ctx.json(PricingService.view(pricing.rules(product.id())));
        });
        // What the buyer would pay before choosing: the goods at the tier price, then each channel offered for
        // that amount with its fee and total (a coupon, applied at checkout, lowers the amount the fee is taken on).
        routes.get("/api/products/{id}/quote", ctx -> {
            var product = catalog.find(PathIds.id(ctx, "id", "product"))
                    .filter(p -> p.active())
                    .orElseThrow(() -> Refusal.notFound("product_not_found", "there is no such product on sale"));
            ctx.json(quote(
                    ctx, product, pricing.quote(product, quantity(ctx.queryParam("quantity"))), channels, clients));
        });
    }

    /**
     * The quote API's answer: the goods at {@code priced} (the main store's or a sub-store's), then each channel
     * offered for that amount with its fee and total. {@code ?quantity=} is read by {@link #quantity}.
     */
    public static Map<String, Object> quote(
            io.javalin.http.Context ctx,
            io.kamishop.catalog.Product product,
            GoodsQuote priced,
            ChannelRegistry channels,
            io.kamishop.web.ClientAddress clients) {
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("productId", product.id());
        quote.put("quantity", priced.quantity());
        quote.put("unitPrice", priced.unitPrice());
        quote.put("amount", priced.amount());
        quote.put("currency", product.currency());
        // The buyer's e-mail, when sent, lets a flag's e-mail targets apply to the quote as they will to the order.
        String email = ctx.queryParam("email");
        var who = new io.kamishop.domain.Audience(
                clients.requester(ctx), email == null || email.isBlank() ? null : email);
        quote.put(
                "channels",
                channels.offeredFor(priced.amount(), who).stream()
                        .map(o -> {
                            Map<String, Object> channel = new LinkedHashMap<>();
                            channel.put("id", o.choice().id());
                            channel.put("name", o.choice().name());
                            channel.put("fee", o.terms().fee());
                            channel.put("amount", o.terms().total());
                            channel.put("feePercent", o.terms().rule().percent());
                            channel.put("feeFixed", o.terms().rule().fixed());
                            return channel;
                        })
                        .toList());
        return quote;
    }

    /** A quote's {@code ?quantity=}: 1 when absent, 400 {@code invalid_quantity} out of 1 to 10 000. */
    public static int quantity(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            int quantity = Integer.parseInt(text.strip());
            if (quantity >= 1 && quantity <= MAX_QUOTED_QUANTITY) {
                return quantity;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.badRequest(
                "invalid_quantity", "quantity must be a whole number from 1 to " + MAX_QUOTED_QUANTITY);
    }

    private static PricingRules rules(JsonBody body) {
        List<PriceTier> tiers = new ArrayList<>();
        JsonNode node = body.node("tiers");
        if (!node.isMissingNode() && !node.isNull()) {
            if (!node.isArray()) {
                throw Refusal.badRequest("wrong_type", "'tiers' must be a list of {minQuantity, unitPrice}");
            }
            for (JsonNode tier : node) {
                if (!tier.path("minQuantity").canConvertToInt()
                        || !tier.path("minQuantity").isIntegralNumber()
                        || !tier.path("unitPrice").isIntegralNumber()) {
                    throw Refusal.badRequest(
                            "wrong_type", "each tier must be {\"minQuantity\": n, \"unitPrice\": minor units}");
                }
                tiers.add(new PriceTier(
                        tier.get("minQuantity").intValue(),
                        tier.get("unitPrice").longValue()));
            }
        }
        return new PricingRules(
                toInt(body.optionalLong("minQuantity").orElse(1L)),
                body.nullableLong("maxQuantity").map(PricingRoutes::toInt).orElse(null),
                body.nullableLong("perBuyerLimit").map(PricingRoutes::toInt).orElse(null),
                tiers);
    }

    private static int toInt(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** ISO-8601 with an offset ({@code 2026-12-31T16:00:00Z}, {@code ...+08:00}), as epoch millis. */
    private static long instant(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip()).toEpochMilli();
            } catch (DateTimeParseException again) {
                throw Refusal.badRequest(
                        "invalid_expires_at",
                        "expiresAt must be an ISO-8601 time with an offset, e.g. 2026-12-31T16:00:00Z");
            }
        }
    }

    static Map<String, Object> couponView(Coupon c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("code", c.code());
        view.put("percentOff", c.percentOff());
        view.put("amountOff", c.amountOff());
        view.put("currency", c.currency());
        view.put("maxUses", c.maxUses());
        view.put("uses", c.uses());
        view.put("productId", c.productId());
        view.put("expiresAt", c.expiresAt() == null ? null : Instant.ofEpochMilli(c.expiresAt()));
        view.put("active", c.active());
        view.put("createdAt", Instant.ofEpochMilli(c.createdAt()));
        return view;
    }
}

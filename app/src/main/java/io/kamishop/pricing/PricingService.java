package io.kamishop.pricing;

import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderStatus;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import io.kamishop.payment.ChannelFees;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The price of an order: wholesale tiers, quantity limits, per-buyer limits, the coupon, then the payment
 * channel's fee and amount limits. Runs as a {@link PlacementStep}, inside the transaction that places the order.
 */
public final class PricingService implements PlacementStep {

    private static final FastSql RULES = FastSql.of(PricingDao.class, "rules", "productId");
    private static final PricingDao.ProductPricingRowMapper RULE_ROWS = new PricingDao.ProductPricingRowMapper();

    /** Statuses that end an order's claim on its coupon use. */
    private static final Set<OrderStatus> GIVES_COUPON_BACK =
            EnumSet.of(OrderStatus.EXPIRED, OrderStatus.CANCELLED, OrderStatus.REFUNDED);

    private final Database database;
    private final CatalogService catalog;
    private final CouponService coupons;
    private final ChannelFees channelFees;
    private final Clock clock;
    /** A reseller's markup per unit (the reseller feature's). */
    private final Markups markups;

    /**
     * What a sub-store adds to the merchant's unit price, read inside the placing transaction; refuses
     * (404 {@code store_not_found}) for a reseller that may not sell. Never negative: a sub-store never
     * sells below the merchant's price.
     */
    @FunctionalInterface
    public interface Markups {
        long perUnit(Tx tx, long resellerId, Product product, long merchantUnitPrice);
    }

    public PricingService(
            Database database,
            CatalogService catalog,
            CouponService coupons,
            ChannelFees channelFees,
            Markups markups,
            Clock clock) {
        this.database = database;
        this.markups = markups;
        this.catalog = catalog;
        this.coupons = coupons;
        this.channelFees = channelFees;
        this.clock = clock;
    }

    /** Called inside the transaction of every status move (see {@code OrderChanges.subscribeInTransaction}). */
    public void onStatusChange(Tx tx, OrderChange change) {
        if (GIVES_COUPON_BACK.contains(change.to())) {
            coupons.release(tx, change.order().id());
        }
    }

    public PricingRules rules(long productId) {
        return database.read(tx -> rules(tx, productId));
    }

    private static PricingRules rules(Tx tx, long productId) {
        // Most products have no rules: that one lookup, made for every order, goes through plain JDBC.
        return RULES.first(tx, RULE_ROWS, productId)
                .map(r -> new PricingRules(
                        r.minQuantity(),
                        r.maxQuantity(),
                        r.perBuyerLimit(),
                        tx.dao(PricingDao.class).tiers(productId)))
                .orElse(PricingRules.NONE);
    }

    /** The goods' price for a quantity, at the tier it reaches (see {@link GoodsQuote}). */
    public GoodsQuote quote(Product product, int quantity) {
        long unitPrice = rules(product.id()).unitPrice(product.price(), quantity);
        return new GoodsQuote(quantity, unitPrice, Math.multiplyExact(unitPrice, (long) quantity));
    }

    /**
     * The goods' price on a sub-store ({@code resellerId}; null for the main store): the tier price plus the
     * reseller's markup on it, as {@link #price} charges it before a coupon and a channel fee. 404
     * {@code store_not_found} for a reseller that may not sell.
     */
    public GoodsQuote quote(Product product, int quantity, @Nullable Long resellerId) {
        if (resellerId == null) {
            return quote(product, quantity);
        }
        return database.read(tx -> {
            long unitPrice =
                    markedUp(tx, product, rules(tx, product.id()).unitPrice(product.price(), quantity), resellerId);
            return new GoodsQuote(quantity, unitPrice, Math.multiplyExact(unitPrice, (long) quantity));
        });
    }

    /** A merchant unit price (the list price or a tier's) as a sub-store sells it: never below the merchant's. */
    public long unitPriceOn(Product product, long merchantUnitPrice, long resellerId) {
        return database.read(tx -> markedUp(tx, product, merchantUnitPrice, resellerId));
    }

    private long markedUp(Tx tx, Product product, long merchantUnitPrice, long resellerId) {
        return Math.addExact(
                merchantUnitPrice, Math.max(0, markups.perUnit(tx, resellerId, product, merchantUnitPrice)));
    }

    /** Replaces a product's rules and tiers; 422 {@code invalid_pricing} with per-field reasons, nothing stored. */
    public PricingRules update(long productId, PricingRules rules) {
        Product product = catalog.require(productId);
        Map<String, String> problems = new LinkedHashMap<>();
        if (rules.minQuantity() < 1) {
            problems.put("minQuantity", "must be at least 1");
        }
        if (rules.maxQuantity() != null && rules.maxQuantity() < rules.minQuantity()) {
            problems.put("maxQuantity", "must be at least minQuantity");
        }
        if (rules.perBuyerLimit() != null && rules.perBuyerLimit() < 1) {
            problems.put("perBuyerLimit", "must be at least 1");
        }
        Set<Integer> seen = new HashSet<>();
        for (PriceTier tier : rules.tiers()) {
            if (tier.minQuantity() < 2 || tier.unitPrice() < 0 || !seen.add(tier.minQuantity())) {
                problems.put(
                        "tiers", "each tier needs a distinct minQuantity of at least 2 and a unitPrice of at least 0");
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidFields("invalid_pricing", "the pricing rules are not valid", problems);
        }
        return database.write(tx -> {
            PricingDao dao = tx.dao(PricingDao.class);
            ProductPricingRow row = new ProductPricingRow(
                    product.id(), rules.minQuantity(), rules.maxQuantity(), rules.perBuyerLimit(), clock.millis());
            if (dao.updateRules(row) == 0) {
                dao.insertRules(row);
            }
            dao.deleteTiers(product.id());
            rules.tiers().forEach(t -> dao.insertTier(product.id(), t.minQuantity(), t.unitPrice()));
            return rules(tx, product.id());
        });
    }

    @Override
    public PriceQuote price(Tx tx, Product product, OrderRequest request, PriceQuote quote) {
        PricingRules rules = rules(tx, product.id());
        int quantity = request.quantity();
        if (quantity < rules.minQuantity() || rules.maxQuantity() != null && quantity > rules.maxQuantity()) {
            String range = rules.maxQuantity() == null
                    ? "at least " + rules.minQuantity()
                    : "from " + rules.minQuantity() + " to " + rules.maxQuantity();
            throw Refusal.invalidFields(
                    "invalid_order",
                    "the order is not valid",
                    Map.of("quantity", "this product is sold in quantities " + range));
        }
        if (rules.perBuyerLimit() != null) {
            PricingDao dao = tx.dao(PricingDao.class);
            dao.lockRules(product.id());
            long held = dao.boughtBy(product.id(), request.email().strip().toLowerCase(Locale.ROOT));
            if (held + quantity > rules.perBuyerLimit()) {
                throw Refusal.invalid(
                        "purchase_limit", "each buyer may buy at most " + rules.perBuyerLimit() + " of this product");
            }
        }
        long unitPrice = rules.unitPrice(product.price(), quantity);
        PriceQuote priced = new PriceQuote(unitPrice, Math.multiplyExact(unitPrice, (long) quantity), null, 0);
        String code = request.coupon();
        PriceQuote goods = code == null || code.isBlank() ? priced : coupons.applyTo(tx, product, code, priced);
        if (request.resellerId() != null) {
            // On a sub-store: the reseller's markup on top of the merchant's (tier) price, after the merchant's
            // coupon (the merchant's discount, never the reseller's earning) and before the channel fee.
            goods = goods.withMarkup(markups.perUnit(tx, request.resellerId(), product, unitPrice), quantity);
        }
        return channelFees.charge(request.channel(), goods);
    }

    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        Long couponId = quote.couponId();
        if (couponId != null) {
            coupons.claim(tx, order, couponId, quote.discount());
        }
    }

    /** For views: tiers and limits as plain data. */
    public static Map<String, Object> view(PricingRules rules) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("minQuantity", rules.minQuantity());
        view.put("maxQuantity", rules.maxQuantity());
        view.put("perBuyerLimit", rules.perBuyerLimit());
        view.put(
                "tiers",
                rules.tiers().stream()
                        .map(t -> Map.of("minQuantity", t.minQuantity(), "unitPrice", t.unitPrice()))
                        .toList());
        return view;
    }
}

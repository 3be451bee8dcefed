package io.kamishop.pricing;

import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.Product;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.order.Order;
import io.kamishop.order.PriceQuote;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Coupons: the merchant creates them; an order takes one use inside its placing transaction; an
 * order that ends without being paid (expired, cancelled) or is refunded gives its use back in the
 * transaction that moves it. So {@code uses} always equals the live orders holding the coupon.
 */
public final class CouponService {

    private final Database database;
    private final CatalogService catalog;
    private final Clock clock;

    public CouponService(Database database, CatalogService catalog, Clock clock) {
        this.database = database;
        this.catalog = catalog;
        this.clock = clock;
    }

    public Coupon create(CouponDraft draft) {
        long now = clock.millis();
        Coupon coupon = draft.validated(now);
        if (coupon.productId() != null && catalog.find(coupon.productId()).isEmpty()) {
            throw Refusal.invalidFields(
                    "invalid_coupon_definition",
                    "the coupon is not valid",
                    java.util.Map.of("productId", "there is no product " + coupon.productId()));
        }
        try {
            return database.write(tx -> {
                CouponDao dao = tx.dao(CouponDao.class);
                if (dao.findByCode(coupon.code()).isPresent()) {
                    throw codeTaken(coupon.code());
                }
                return dao.find(dao.insert(coupon)).orElseThrow();
            });
        } catch (RuntimeException e) {
            // Another node created the same code between our check and insert: the UNIQUE constraint said no.
            if (Database.isStatementFailure(e) && find(coupon.code()).isPresent()) {
                throw codeTaken(coupon.code());
            }
            throw e;
        }
    }

    public Optional<Coupon> find(String code) {
        String normalised = CouponDraft.normalise(code);
        return database.read(tx -> tx.dao(CouponDao.class).findByCode(normalised));
    }

    public List<Coupon> list(int limit) {
        return database.read(tx -> tx.dao(CouponDao.class).list(limit));
    }

    /**
     * Stops a coupon from being used by new orders. Orders holding it keep their discount; the row
     * stays so their history still names it. False when there is no such active coupon.
     */
    public boolean deactivate(String code) {
        String normalised = CouponDraft.normalise(code);
        return database.write(tx -> tx.dao(CouponDao.class).deactivate(normalised)) == 1;
    }

    /**
     * Within the placing transaction: the quote with the coupon's discount, or 422 {@code invalid_coupon}.
     * The use itself is taken by {@link #claim} once the order row exists.
     */
    PriceQuote applyTo(Tx tx, Product product, String code, PriceQuote quote) {
        Coupon coupon =
                tx.dao(CouponDao.class).findByCode(CouponDraft.normalise(code)).orElseThrow(CouponService::invalid);
        boolean usable = coupon.active()
                && (coupon.expiresAt() == null || coupon.expiresAt() > clock.millis())
                && (coupon.maxUses() == null || coupon.uses() < coupon.maxUses())
                && (coupon.productId() == null || coupon.productId() == product.id())
                && (coupon.currency() == null || coupon.currency().equals(product.currency()));
        if (!usable) {
            throw invalid();
        }
        long discount = coupon.discountOn(quote.amount());
        return new PriceQuote(quote.unitPrice(), quote.amount() - discount, coupon.id(), quote.discount() + discount);
    }

    /**
     * Within the placing transaction: takes one use of {@code couponId} (the quote's) for the order, or refuses
     * it if the last use went meanwhile.
     */
    void claim(Tx tx, Order order, long couponId, long discount) {
        CouponDao dao = tx.dao(CouponDao.class);
        if (dao.claimUse(couponId, clock.millis()) != 1) {
            throw invalid();
        }
        dao.recordUse(order.id(), couponId, discount, clock.millis());
    }

    /** Within the transaction that ends the order: gives its coupon use back, once. */
    void release(Tx tx, long orderId) {
        CouponDao dao = tx.dao(CouponDao.class);
        if (dao.markReleased(orderId, clock.millis()) == 1 && dao.giveBackUse(orderId) != 1) {
            throw new IllegalStateException("order " + orderId + " had a coupon use its coupon does not count");
        }
    }

    private static Refusal invalid() {
        // One answer for unknown, expired, used up and not-for-this-product: codes are not to be probed.
        return Refusal.invalid("invalid_coupon", "the coupon code is not valid for this order");
    }

    private static Refusal codeTaken(String code) {
        return Refusal.conflict("coupon_exists", "a coupon with the code " + code + " exists already");
    }
}

package io.kamishop.affiliate;

import io.kamishop.catalog.CatalogService;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.ledger.AccountKind;
import io.kamishop.ledger.AccountRef;
import io.kamishop.ledger.Ledger;
import io.kamishop.ledger.Posting;
import io.kamishop.ledger.Release;
import io.kamishop.ledger.TransferKind;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Commissions through their life, every step a ledger posting in the transaction of the change that caused it:
 *
 * <ul>
 * <li><b>Earned</b> when an attributed order is delivered ({@link #onStatusChange}, an in-transaction order
 *     listener, so every way an order reaches {@code delivered} counts once): store &rarr; the affiliate's
 *     pending account, and the level-2 rate to the affiliate's own referrer.</li>
 * <li><b>Released</b> by {@link #releaseDue} (a sweeper duty, one node) once the order can no longer be
 *     refunded ({@code affiliateHoldDays} after delivery): pending &rarr; available, through the ledger's one
 *     release step ({@link Ledger#release}), which first pays back the holder's debt.</li>
 * <li><b>Reversed</b> by a refund ({@link #onRefund}, inside the refund's transaction), in proportion to
 *     what was refunded. While pending it comes back out of the pending account. Once available, it is booked
 *     against the affiliate's available balance, but never below zero: the ledger promises no affiliate
 *     account goes negative, and the affiliate may already have withdrawn the money, which has left the store.
 *     So the store takes back what is there ({@link Ledger#reclaim}) and the rest becomes the holder's debt in
 *     the ledger (also shown on the commission as {@code unrecovered}), paid back from the holder's next released
 *     earnings: a loss the store has borne until then rather than a claim on a balance below zero.</li>
 * </ul>
 */
public final class Commissions {

    public static final String DUTY = "affiliate-commissions";
    private static final int BATCH = 200;
    /**
     * Asked of every delivered order, most of which no affiliate brought: through plain JDBC with a kept
     * statement ({@link FastSql}), since the SQL object's per-call work was a tenth of a delivery's CPU.
     */
    private static final FastSql ATTRIBUTION_OF = FastSql.of(AffiliateDao.class, "attributionOf", "orderId");

    private final Database database;
    private final Ledger ledger;
    private final CatalogService catalog;
    private final StoreSettings settings;
    private final Clock clock;
    private final NotTheMerchants notTheMerchants;

    /** The part of an order's amount that is not the merchant's price (a reseller's markup), read in its transaction. */
    @FunctionalInterface
    public interface NotTheMerchants {
        long of(Tx tx, long orderId);
    }

    /**
     * {@code notTheMerchants}: a commission is paid on the merchant's price; on a sub-store order that also came
     * through a referral, the reseller's markup is the reseller's earning, not a base for the affiliate's commission.
     */
    public Commissions(
            Database database,
            Ledger ledger,
            CatalogService catalog,
            StoreSettings settings,
            NotTheMerchants notTheMerchants,
            Clock clock) {
        this.database = database;
        this.notTheMerchants = notTheMerchants;
        this.ledger = ledger;
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
    }

    /** An in-transaction order listener: an attributed order that was just delivered earns its commissions. */
    public void onStatusChange(Tx tx, OrderChange change) {
        if (change.to() != OrderStatus.DELIVERED) {
            return;
        }
        Order order = change.order();
        Optional<Long> attributed = ATTRIBUTION_OF.first(tx, (rs, ctx) -> rs.getLong(1), order.id());
        if (attributed.isEmpty()) {
            return;
        }
        AffiliateDao dao = tx.dao(AffiliateDao.class);
        Optional<Affiliate> first = attributed.flatMap(dao::affiliateById);
        if (first.isEmpty()) {
            return;
        }
        List<CommissionRule> rules = dao.rules();
        String category = catalog.find(order.productId()).map(p -> p.category()).orElse("");
        long base = Math.max(0, order.amount() - order.fee() - notTheMerchants.of(tx, order.id()));
        long availableAt = clock.millis()
                + Duration.ofDays(settings.getInt(StoreSettings.AFFILIATE_HOLD_DAYS))
                        .toMillis();
        Optional<Affiliate> second = Optional.ofNullable(first.get().parentId())
                .flatMap(dao::affiliateById)
                .filter(parent -> !parent.email().equalsIgnoreCase(order.email().strip()));
        // Both levels' rows and the store's, locked in the ledger's one order before the first movement (see onRefund).
        List<AccountRef> accounts = new java.util.ArrayList<>(
                List.of(pending(first.get().id(), order.currency()), AccountRef.store(order.currency())));
        second.ifPresent(parent -> accounts.add(pending(parent.id(), order.currency())));
        ledger.lockInOrder(tx, accounts);
        earn(tx, dao, order, first.get(), 1, rule(rules, order, category, 1), base, availableAt);
        second.ifPresent(parent -> earn(tx, dao, order, parent, 2, rule(rules, order, category, 2), base, availableAt));
    }

    private void earn(
            Tx tx,
            AffiliateDao dao,
            Order order,
            Affiliate affiliate,
            int level,
            Optional<CommissionRule> rule,
            long base,
            long availableAt) {
        long amount = rule.map(r -> r.commissionOn(base)).orElse(0L);
        if (amount <= 0
                || dao.insertCommission(
                                order.id(),
                                affiliate.id(),
                                level,
                                amount,
                                order.currency(),
                                availableAt,
                                clock.millis())
                        == 0) {
            return;
        }
        ledger.post(
                tx,
                new Posting(
                        "commission:" + order.orderNo() + ":" + level,
                        TransferKind.COMMISSION,
                        AccountRef.store(order.currency()),
                        pending(affiliate.id(), order.currency()),
                        amount,
                        "order " + order.orderNo() + ", level " + level));
    }

    /** The most specific rule for the level: the product's, else its category's, else the store's. */
    static Optional<CommissionRule> rule(List<CommissionRule> rules, Order order, String category, int level) {
        Optional<CommissionRule> found = Optional.empty();
        int best = -1;
        for (CommissionRule r : rules) {
            int rank = switch (r.scope()) {
                case "product" -> r.target().equals(Long.toString(order.productId())) ? 2 : -1;
                case "category" -> !category.isEmpty() && r.target().equals(category) ? 1 : -1;
                default -> 0;
            };
            if (r.level() == level && rank > best) {
                best = rank;
                found = Optional.of(r);
            }
        }
        return found;
    }

    /** Releases every commission whose refund window has passed; answers how many. A sweeper calls it. */
    public int releaseDue() {
        List<Long> due = database.read(tx -> tx.dao(AffiliateDao.class).dueCommissions(clock.millis(), BATCH));
        int released = 0;
        for (long id : due) {
            if (database.write(tx -> release(tx, id))) {
                released++;
            }
        }
        return released;
    }

    private boolean release(Tx tx, long id) {
        AffiliateDao dao = tx.dao(AffiliateDao.class);
        dao.lockCommission(id);
        Commission c = dao.commission(id).orElseThrow();
        if (!Commission.PENDING.equals(c.status()) || c.availableAt() > clock.millis() || dao.markAvailable(id) == 0) {
            return false;
        }
        long left = c.amount() - c.reversed();
        if (left <= 0) {
            return true;
        }
        // Under the affiliate's row lock, taken after the commission's and before any ledger row (the order every
        // release and refund takes them in); the ledger's one release step nets the holder's debt first.
        lockHolder(tx, c.affiliateId());
        Release.Outcome outcome = ledger.release(
                tx,
                new Release(
                        "commission-release:" + id,
                        TransferKind.COMMISSION_RELEASE,
                        pending(c.affiliateId(), c.currency()),
                        available(c.affiliateId(), c.currency()),
                        left,
                        "order " + c.orderNo() + ", level " + c.level()));
        if (outcome.netted() > 0) {
            dao.recordNetting(id, outcome.netted());
        }
        return true;
    }

    /**
     * Takes the affiliate's row lock: every release of an earning of this holder (a commission, a reseller's
     * markup) takes it after the earning's own row and before any ledger row.
     */
    public static void lockHolder(Tx tx, long affiliateId) {
        tx.dao(AffiliateDao.class).lockAffiliate(affiliateId);
    }

    /** Installed as the refund service's {@code RefundSettled}: takes back the refunded share of the order's commissions. */
    public void onRefund(Tx tx, Order order, long refunded, long paid, String refundId) {
        AffiliateDao dao = tx.dao(AffiliateDao.class);
        List<Commission> commissions = new java.util.ArrayList<>();
        List<AccountRef> accounts = new java.util.ArrayList<>();
        for (long id : dao.commissionsOfOrder(order.id())) {
            dao.lockCommission(id);
            Commission c = dao.commission(id).orElseThrow();
            commissions.add(c);
            accounts.add(
                    Commission.PENDING.equals(c.status())
                            ? pending(c.affiliateId(), c.currency())
                            : available(c.affiliateId(), c.currency()));
            accounts.add(AccountRef.store(c.currency()));
        }
        // Every ledger row this refund will move, locked before the first movement and in the one global order:
        // a two-level reversal posts twice, and holding the first affiliate's row while waiting for the second's
        // could otherwise meet another refund holding them the other way round.
        if (!accounts.isEmpty()) {
            ledger.lockInOrder(tx, accounts);
        }
        for (Commission c : commissions) {
            long id = c.id();
            long left = c.amount() - c.reversed();
            // Rounded up, so refunds that add up to the whole payment take the whole commission back.
            long share =
                    paid <= 0 ? left : Math.min(left, (Math.multiplyExact(c.amount(), refunded) + paid - 1) / paid);
            if (share <= 0) {
                continue;
            }
            String reference = "commission-reversal:" + refundId + ":" + c.level();
            String memo = "refund " + refundId + " of order " + c.orderNo();
            long booked;
            if (Commission.PENDING.equals(c.status())) {
                booked = ledger.post(
                                tx,
                                new Posting(
                                        reference,
                                        TransferKind.COMMISSION_REVERSAL,
                                        pending(c.affiliateId(), c.currency()),
                                        AccountRef.store(c.currency()),
                                        share,
                                        memo))
                        .amount();
            } else {
                booked = ledger.reclaim(
                        tx,
                        new Posting(
                                reference,
                                TransferKind.COMMISSION_REVERSAL,
                                available(c.affiliateId(), c.currency()),
                                AccountRef.store(c.currency()),
                                share,
                                memo));
            }
            dao.recordReversal(id, share, share - booked);
        }
    }

    public static AccountRef pending(long affiliateId, String currency) {
        return new AccountRef(AccountKind.AFFILIATE_PENDING, holder(affiliateId), currency);
    }

    public static AccountRef available(long affiliateId, String currency) {
        return new AccountRef(AccountKind.AFFILIATE_AVAILABLE, holder(affiliateId), currency);
    }

    /** The owner of an affiliate's ledger accounts, and the holder of its debt (a reseller's too). */
    public static String holder(long affiliateId) {
        return "affiliate:" + affiliateId;
    }
}

package io.kamishop.reseller;

import io.kamishop.affiliate.Commissions;
import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
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
 * A sub-store order's markup is its reseller's earning, in the one ledger and with the affiliate commissions'
 * rules (see {@link Commissions}): posted store &rarr; the reseller's pending account when the order is
 * delivered (an in-transaction order listener, once however the order got there), released to available by a
 * sweeper duty after the same hold window ({@code affiliateHoldDays}), taken back in proportion to a refund inside
 * the refund's transaction, and, once withdrawn or spent, taken back only as far as the available balance goes
 * ({@link Ledger#reclaim}) with the rest recorded as the holder's debt, which the ledger's one release step
 * ({@link Ledger#release}) pays back from the holder's next released earnings, markups and commissions alike.
 *
 * <p>The reseller's ledger accounts are those of its affiliate record (made on approval), so the affiliate's
 * withdrawal flow pays a reseller too: one flow, one available balance per account holder.
 */
public final class ResellerEarnings {

    public static final String DUTY = "reseller-earnings";
    private static final int BATCH = 200;
    /**
     * Run for every delivered order, most of them not a sub-store's: plain JDBC on a kept statement ({@link
     * FastSql}), as the affiliates' attribution look-up; the SQL object's per-call work was two thirds of the
     * store's order listeners' CPU per delivery on PostgreSQL (JFR).
     */
    private static final FastSql LOCK_ORDER = FastSql.of(ResellerDao.class, "lockOrder", "orderId");

    private final Database database;
    private final Ledger ledger;
    private final StoreSettings settings;
    private final Clock clock;

    public ResellerEarnings(Database database, Ledger ledger, StoreSettings settings, Clock clock) {
        this.database = database;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    /** An in-transaction order listener: a delivered sub-store order earns its reseller the markup, pending. */
    public void onStatusChange(Tx tx, OrderChange change) {
        if (change.to() != OrderStatus.DELIVERED) {
            return;
        }
        Order order = change.order();
        if (LOCK_ORDER.update(tx, order.id()) == 0) {
            return; // not a sub-store order
        }
        ResellerDao dao = tx.dao(ResellerDao.class);
        ResellerOrder ro = dao.order(order.id()).orElseThrow();
        long availableAt = clock.millis()
                + Duration.ofDays(settings.getInt(StoreSettings.AFFILIATE_HOLD_DAYS))
                        .toMillis();
        if (dao.markPending(order.id(), availableAt) == 0) {
            return; // earned already
        }
        long owed = ro.markup() - ro.reversed();
        if (owed > 0) {
            ledger.post(
                    tx,
                    new Posting(
                            "markup:" + order.orderNo(),
                            TransferKind.MARKUP,
                            AccountRef.store(ro.currency()),
                            Commissions.pending(affiliateOf(dao, ro), ro.currency()),
                            owed,
                            "order " + order.orderNo()));
        }
    }

    /** Releases every earning whose refund window has passed; answers how many. A sweeper calls it. */
    public int releaseDue() {
        List<Long> due = database.read(tx -> tx.dao(ResellerDao.class).dueOrders(clock.millis(), BATCH));
        int released = 0;
        for (long orderId : due) {
            if (database.write(tx -> release(tx, orderId))) {
                released++;
            }
        }
        return released;
    }

    private boolean release(Tx tx, long orderId) {
        ResellerDao dao = tx.dao(ResellerDao.class);
        dao.lockOrder(orderId);
        ResellerOrder ro = dao.order(orderId).orElseThrow();
        if (!ResellerOrder.PENDING.equals(ro.status())
                || ro.availableAt() > clock.millis()
                || dao.markAvailable(orderId) == 0) {
            return false;
        }
        long left = ro.markup() - ro.reversed();
        if (left > 0) {
            long affiliate = affiliateOf(dao, ro);
            // The same release step as the affiliate commissions, under the same holder lock: the holder's debt
            // (from markups or commissions refunded after payout) is paid back before any of this becomes available.
            Commissions.lockHolder(tx, affiliate);
            Release.Outcome outcome = ledger.release(
                    tx,
                    new Release(
                            "markup-release:" + ro.orderNo(),
                            TransferKind.MARKUP_RELEASE,
                            Commissions.pending(affiliate, ro.currency()),
                            Commissions.available(affiliate, ro.currency()),
                            left,
                            "order " + ro.orderNo()));
            if (outcome.netted() > 0) {
                dao.recordNetting(orderId, outcome.netted());
            }
        }
        return true;
    }

    /** The markup of a sub-store order (0 for any other): the reseller's part of its amount, not the merchant's. */
    public long markupOf(Tx tx, long orderId) {
        return tx.dao(ResellerDao.class)
                .order(orderId)
                .map(ResellerOrder::markup)
                .orElse(0L);
    }

    /**
     * First in a refund's settlement, before the commissions' rows and any ledger row: takes the sub-store order's
     * earning row, as a release does before its ledger rows, so a refund and a release of the same order never hold
     * one each while waiting for the other.
     */
    public void lockForRefund(Tx tx, Order order) {
        tx.dao(ResellerDao.class).lockOrder(order.id());
    }

    /** Part of the refund service's {@code RefundSettled}: takes back the refunded share of the order's markup. */
    public void onRefund(Tx tx, Order order, long refunded, long paid, String refundId) {
        ResellerDao dao = tx.dao(ResellerDao.class);
        if (dao.lockOrder(order.id()) == 0) {
            return;
        }
        ResellerOrder ro = dao.order(order.id()).orElseThrow();
        long left = ro.markup() - ro.reversed();
        // Rounded up, so refunds that add up to the whole payment take the whole markup back.
        long share = paid <= 0 ? left : Math.min(left, (Math.multiplyExact(ro.markup(), refunded) + paid - 1) / paid);
        if (share <= 0) {
            return;
        }
        String reference = "markup-reversal:" + refundId;
        String memo = "refund " + refundId + " of order " + ro.orderNo();
        long booked = switch (ro.status()) {
            // Refunded before delivery: nothing was earned yet, so nothing moves; delivery earns only what is left.
            case ResellerOrder.PLACED -> share;
            case ResellerOrder.PENDING ->
                ledger.post(
                                tx,
                                new Posting(
                                        reference,
                                        TransferKind.MARKUP_REVERSAL,
                                        Commissions.pending(affiliateOf(dao, ro), ro.currency()),
                                        AccountRef.store(ro.currency()),
                                        share,
                                        memo))
                        .amount();
            default ->
                ledger.reclaim(
                        tx,
                        new Posting(
                                reference,
                                TransferKind.MARKUP_REVERSAL,
                                Commissions.available(affiliateOf(dao, ro), ro.currency()),
                                AccountRef.store(ro.currency()),
                                share,
                                memo));
        };
        dao.recordReversal(order.id(), share, share - booked);
    }

    /**
     * The reseller's debt: what refunds could not take back because it had been withdrawn or spent, less what later
     * releases paid back. One debt per holder of the earnings accounts, commissions included (see Ledger#reclaim).
     */
    public long debt(Reseller reseller) {
        return reseller.affiliateId() == null
                ? 0
                : ledger.debts(Commissions.holder(reseller.affiliateId())).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
    }

    public List<ResellerOrder> orders(long resellerId, long beforeId, int limit) {
        return database.read(
                tx -> tx.dao(ResellerDao.class).ordersOf(resellerId, beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit));
    }

    private static long affiliateOf(ResellerDao dao, ResellerOrder ro) {
        return Optional.ofNullable(
                        dao.resellerById(ro.resellerId()).orElseThrow().affiliateId())
                .orElseThrow(() -> new IllegalStateException("reseller " + ro.resellerId() + " was never approved"));
    }
}

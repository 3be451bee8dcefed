package io.kamishop.refund;

import io.kamishop.api.Money;
import io.kamishop.api.PaymentChannel;
import io.kamishop.api.PaymentException;
import io.kamishop.api.RefundRequest;
import io.kamishop.api.RefundResult;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.inventory.InventoryService;
import io.kamishop.order.EventDetail;
import io.kamishop.order.MoneyBack;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.payment.ChannelRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives money back: every refund, from the merchant's button, the API, "mark refunded" or the store's
 * automatic-refund policy, is this one use case.
 *
 * <p>The story, so a crash anywhere leaves something that finishes by itself:
 * <ol>
 * <li><b>Record</b> (one transaction): pick the payment (the one that paid the order, or the named second
 *     one), reserve the amount on that payment's row by a conditional update that never lets the
 *     refunded total pass the paid amount (the over-refund guard, in the database), and record the refund
 *     under an id derived from what was asked, so the same ask twice finds the same refund. A refund of
 *     the whole order's payment moves the order to {@code refund_pending} (a paid order's held keys go
 *     back to stock); a second payment is its own trade and leaves the order and its keys alone.</li>
 * <li><b>Send</b> (no transaction open): claim the refund for a while, ask the channel with the refund id
 *     as its idempotency key. A channel that cannot refund (or the merchant's "refunded by hand") records
 *     the refund as {@code manual} instead.</li>
 * <li><b>Settle</b> (one transaction): the refund leaves {@code pending} once; when the order's payment
 *     is refunded in full the order moves to {@code refunded} (its licences verify as revoked). A gateway
 *     that failed or timed out leaves the refund {@code pending} with a later attempt time: the
 *     {@link RefundSweeper} sends it again, with the same id, so the gateway refunds once.</li>
 * </ol>
 */
public final class RefundService {

    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);
    /** Longer than any gateway call may take (connect + read timeouts), so a claim outlives its call. */
    static final Duration CLAIM = Duration.ofMinutes(2);

    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(1);

    private final Database database;
    private final OrderService orders;
    private final InventoryService inventory;
    private final ChannelRegistry channels;
    private final Clock clock;
    private final BalanceRefunds balance;
    private final MoneyBack moneyBack;

    /** Hears every refund of an order's own payment that gave money back (the affiliate feature's reversal). */
    private final RefundSettled whenSettled;

    /**
     * {@code balance}: where refunds of balance payments go (the buyer's balance, through the ledger);
     * {@code moneyBack}: told, in the refund's transaction, when a refund of money its order did not keep (a second
     * payment) completed; {@code whenSettled}: told, in the refund's transaction, that money went back for an
     * order's own payment.
     */
    public RefundService(
            Database database,
            OrderService orders,
            InventoryService inventory,
            ChannelRegistry channels,
            BalanceRefunds balance,
            MoneyBack moneyBack,
            RefundSettled whenSettled,
            Clock clock) {
        this.database = database;
        this.whenSettled = whenSettled;
        this.balance = balance;
        this.moneyBack = moneyBack;
        this.orders = orders;
        this.inventory = inventory;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * Refunds what was asked and answers the refund as it stands ({@code pending} when the gateway did not
     * answer yet: it is retried). 404 for an unknown order or payment, 409 {@code not_refundable} for an
     * order that received no money, 409 {@code over_refund} for more than is left, 422 for a bad amount.
     */
    public Refund refund(RefundAsk ask) {
        validate(ask);
        Order order = orders.require(ask.orderNo());
        Recorded recorded = database.write(tx -> record(tx, order.id(), ask, "merchant", true));
        Refund refund = recorded.refund();
        if (!refund.isPending()) {
            return refund;
        }
        return recorded.claimedHere() ? sendClaimed(refund) : send(refund);
    }

    /**
     * A refund as recorded, and whether this request holds its claim (it recorded or reopened it): then it sends the
     * refund itself, and no sweeper can take it in between (which answered the merchant "pending" for a refund the
     * gateway takes at once, and settled it later on the sweeper's thread).
     */
    private record Recorded(Refund refund, boolean claimedHere) {}

    /** The store's policy refunds a payment in full (see {@link RefundSweeper}); the sweeper sends it. */
    Refund refundAutomatically(DuePayment due, String reason) {
        return database.write(tx -> {
            Order order = orders.reload(tx, due.orderId());
            return record(
                            tx,
                            order.id(),
                            new RefundAsk(order.orderNo(), due.tradeNo(), null, reason, "policy", false),
                            "automatic",
                            false)
                    .refund();
        });
    }

    private static void validate(RefundAsk ask) {
        if (ask.amount() != null && ask.amount() <= 0) {
            throw Refusal.invalidFields(
                    "invalid_refund",
                    "the refund is not valid",
                    Map.of("amount", "must be a positive amount in minor units"));
        }
        if (ask.reason().length() > RefundAsk.MAX_REASON) {
            throw Refusal.invalidFields(
                    "invalid_refund",
                    "the refund is not valid",
                    Map.of("reason", "must be at most " + RefundAsk.MAX_REASON + " characters"));
        }
    }

    /** @param sendsItself the caller sends a pending refund at once: it is recorded claimed by the caller */
    private Recorded record(Tx tx, long orderId, RefundAsk ask, String origin, boolean sendsItself) {
        RefundDao dao = tx.dao(RefundDao.class);
        Order order = orders.reload(tx, orderId);
        List<Payment> payments = dao.payments(orderId);
        if (payments.isEmpty()) {
            throw Refusal.conflict(
                    "not_refundable", "a " + order.status() + " order has received no payment to refund");
        }
        Payment payment = choose(payments, ask.tradeNo());
        String refundId = refundId(order, payment, ask, origin);
        Optional<Refund> same = dao.byRefundId(refundId);
        if (same.isPresent()) {
            return askedAgain(tx, same.get(), payment, sendsItself);
        }
        long amount = ask.amount() != null ? ask.amount() : payment.refundable();
        if (ask.amount() == null && amount == 0) {
            // "Refund the rest" when nothing is left: the order's refund is the last one made.
            return new Recorded(
                    dao.latestForTrade(payment.channel(), payment.tradeNo()).orElseThrow(() -> overRefund(payment)),
                    false);
        }
        if (amount > payment.refundable() || dao.reserve(payment.channel(), payment.tradeNo(), amount) == 0) {
            // Two clicks racing on two nodes: the first one's refund took what was left, and it is this very refund.
            return new Recorded(dao.byRefundId(refundId).orElseThrow(() -> overRefund(payment)), false);
        }
        // A balance payment goes back to the balance at once, in this transaction: nothing to send, nothing to retry.
        boolean toBalance = !ask.byHand() && balance.paidFromBalance(payment.channel());
        boolean byHand = !toBalance && (ask.byHand() || !canRefund(payment.channel()));
        String status = toBalance ? Refund.SUCCEEDED : byHand ? Refund.MANUAL : Refund.PENDING;
        boolean claimed = sendsItself && Refund.PENDING.equals(status);
        long now = clock.millis();
        String note = ask.byHand()
                ? "refunded by hand"
                : byHand ? "the channel '" + payment.channel() + "' cannot refund: give it back by hand" : null;
        if (dao.insert(
                        orderId,
                        refundId,
                        payment.channel(),
                        payment.tradeNo(),
                        amount,
                        order.currency(),
                        ask.reason(),
                        origin,
                        status,
                        note,
                        claimed ? 1 : 0,
                        claimed ? now + CLAIM.toMillis() : now,
                        now)
                == 0) {
            // Another node recorded this very refund a moment ago: it holds the reservation, not us.
            dao.release(payment.channel(), payment.tradeNo(), amount);
            return new Recorded(dao.byRefundId(refundId).orElseThrow(), false);
        }
        Refund refund = dao.byRefundId(refundId).orElseThrow();
        orders.note(
                tx,
                orderId,
                toBalance ? "refund_succeeded" : byHand ? "refund_recorded" : "refund_requested",
                describe(refund, ask.by(), toBalance));
        // Read again after the reservation: on PostgreSQL another node may have reserved some too meanwhile.
        if (!payment.isDuplicate() && paymentNow(dao, refund).refundable() == 0) {
            awaitRefund(tx, order, refund);
        }
        if (byHand || toBalance) {
            settleOrder(tx, refund);
        }
        if (toBalance) {
            // Last in the transaction: the ledger locks the store's row until the commit (see BalancePayments).
            balance.giveBack(tx, order, amount, refundId);
        }
        return new Recorded(refund, claimed);
    }

    /** The same refund asked again: answered as it stands; one the gateway declined is tried once more. */
    private Recorded askedAgain(Tx tx, Refund same, Payment payment, boolean sendsItself) {
        RefundDao dao = tx.dao(RefundDao.class);
        if (!Refund.FAILED.equals(same.status())) {
            return new Recorded(same, false);
        }
        if (dao.reserve(same.channel(), same.tradeNo(), same.amount()) == 0) {
            throw overRefund(payment);
        }
        long now = clock.millis();
        dao.reopen(same.id(), now, sendsItself ? now + CLAIM.toMillis() : now, sendsItself ? 1 : 0);
        Order order = orders.reload(tx, same.orderId());
        if (!payment.isDuplicate() && paymentNow(dao, same).refundable() == 0) {
            awaitRefund(tx, order, same);
        }
        return new Recorded(dao.byId(same.id()).orElseThrow(), sendsItself);
    }

    /** The order's own payment is being refunded in full: it stops waiting for delivery or review. */
    private void awaitRefund(Tx tx, Order order, Refund refund) {
        switch (order.state()) {
            case PAID -> {
                moveOrFail(
                        tx, order, OrderStatus.REFUND_PENDING, EventDetail.of("refund_requested", refund.refundId()));
                // Never delivered (held for review, waiting to be fulfilled, generator failed): its held keys may sell
                // again.
                inventory.release(tx, order.id());
            }
            case DELIVERED ->
                moveOrFail(
                        tx, order, OrderStatus.REFUND_PENDING, EventDetail.of("refund_requested", refund.refundId()));
            default -> {} // refund_pending already (late payment, rejected review), or refunded
        }
    }

    private void moveOrFail(Tx tx, Order order, OrderStatus to, EventDetail detail) {
        if (!orders.move(tx, order, to, "refund_requested", detail)) {
            throw Refusal.conflict("order_changed", "the order changed meanwhile; try again");
        }
    }

    /**
     * Sends a pending refund to its channel unless someone else is sending it now; answers it as it
     * stands afterwards. Called outside any transaction: the gateway call must not hold a lock.
     */
    Refund send(Refund pending) {
        long now = clock.millis();
        boolean claimed =
                database.write(tx -> tx.dao(RefundDao.class).claim(pending.id(), now, now + CLAIM.toMillis()) == 1);
        if (!claimed) {
            return reload(pending.id());
        }
        return sendClaimed(reload(pending.id()));
    }

    /** Sends a refund this caller holds the claim of. */
    private Refund sendClaimed(Refund refund) {
        Optional<PaymentChannel> channel = channels.find(refund.channel()).filter(RefundService::refunds);
        if (channel.isEmpty()) {
            return retryLater(refund, "channel_unavailable", null);
        }
        RefundResult result;
        try {
            result = channel.get()
                    .refund(new RefundRequest(
                            refund.orderNo(),
                            refund.tradeNo(),
                            new Money(refund.amount(), refund.currency()),
                            refund.refundId(),
                            refund.reason()));
        } catch (PaymentException | RuntimeException e) {
            LOG.warn(
                    "refund {} of order {} failed at {} (attempt {}), will retry: {}",
                    refund.refundId(),
                    refund.orderNo(),
                    refund.channel(),
                    refund.attempts(),
                    e.getMessage());
            return retryLater(refund, "gateway_error", String.valueOf(e.getMessage()));
        }
        return database.write(
                tx -> result.refunded() ? succeeded(tx, refund, result.gatewayId()) : declined(tx, refund));
    }

    /** @param error the gateway's own words, kept as it said them; the store's own reason is the code */
    private Refund retryLater(Refund refund, String errorCode, @Nullable String error) {
        long now = clock.millis();
        long wait = Math.min(
                LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(10, Math.max(0, refund.attempts() - 1)));
        database.write(tx -> tx.dao(RefundDao.class)
                .retryLater(refund.id(), errorCode, error == null ? null : truncate(error), now + wait, now));
        return reload(refund.id());
    }

    private Refund succeeded(Tx tx, Refund refund, @Nullable String gatewayId) {
        RefundDao dao = tx.dao(RefundDao.class);
        if (dao.finish(refund.id(), Refund.SUCCEEDED, gatewayId, null, null, clock.millis()) == 1) {
            orders.note(
                    tx,
                    refund.orderId(),
                    "refund_succeeded",
                    EventDetail.of(
                            "refund_succeeded",
                            refund.refundId(),
                            io.kamishop.order.OrderCsv.major(refund.amount(), refund.currency()) + " "
                                    + refund.currency(),
                            gatewayId == null ? "" : gatewayId));
            settleOrder(tx, refund);
        }
        return dao.byId(refund.id()).orElseThrow();
    }

    /** The gateway said no: nothing is reserved any more, and the order waits for the merchant. */
    private Refund declined(Tx tx, Refund refund) {
        RefundDao dao = tx.dao(RefundDao.class);
        if (dao.finish(refund.id(), Refund.FAILED, null, "gateway_declined", null, clock.millis()) == 1) {
            dao.release(refund.channel(), refund.tradeNo(), refund.amount());
            orders.note(tx, refund.orderId(), "refund_failed", EventDetail.of("refund_declined", refund.refundId()));
        }
        return dao.byId(refund.id()).orElseThrow();
    }

    private static Payment paymentNow(RefundDao dao, Refund refund) {
        return dao.payments(refund.orderId()).stream()
                .filter(p -> p.channel().equals(refund.channel()) && p.tradeNo().equals(refund.tradeNo()))
                .findFirst()
                .orElseThrow();
    }

    /** The order is refunded once everything its own payment brought is back with the buyer. */
    private void settleOrder(Tx tx, Refund refund) {
        RefundDao dao = tx.dao(RefundDao.class);
        Payment payment = paymentNow(dao, refund);
        if (payment.isDuplicate()) {
            // The order keeps its status, so no status change tells the merchant: once, as finish() moved this refund.
            moneyBack.returned(tx, orders.reload(tx, refund.orderId()), "duplicate_payment", refund.amount());
            return;
        }
        long done = dao.forOrder(refund.orderId()).stream()
                .filter(r -> r.channel().equals(refund.channel()) && r.tradeNo().equals(refund.tradeNo()) && r.isDone())
                .mapToLong(Refund::amount)
                .sum();
        Order order = orders.reload(tx, refund.orderId());
        if (done == payment.amount() && order.state() == OrderStatus.REFUND_PENDING) {
            orders.move(
                    tx,
                    order,
                    OrderStatus.REFUNDED,
                    "refunded",
                    EventDetail.of(
                            Refund.MANUAL.equals(refund.status()) ? "refunded_by_hand" : "refunded",
                            refund.refundId()));
        }
        whenSettled.settled(tx, order, refund.amount(), payment.amount(), refund.refundId());
    }

    /** The payments and refunds of one order, for the admin. */
    public List<Payment> payments(long orderId) {
        return database.read(tx -> tx.dao(RefundDao.class).payments(orderId));
    }

    public List<Refund> forOrder(long orderId) {
        return database.read(tx -> tx.dao(RefundDao.class).forOrder(orderId));
    }

    /** The latest refunds, newest first, optionally of one status. */
    public List<Refund> recent(@Nullable String status, int limit, long beforeId) {
        return database.read(tx -> tx.dao(RefundDao.class).recent(status, limit, beforeId));
    }

    /** The pending refunds whose next attempt is due, oldest first. */
    List<Refund> due(int limit) {
        return database.read(tx -> tx.dao(RefundDao.class).due(clock.millis(), limit));
    }

    /** Whether refunds through this channel can go through the gateway (else they are recorded as manual). */
    public boolean canRefund(String channelId) {
        return channels.find(channelId).filter(RefundService::refunds).isPresent();
    }

    private static boolean refunds(PaymentChannel channel) {
        return channel.capabilities().contains(PaymentChannel.Capability.REFUND);
    }

    private Refund reload(long id) {
        return database.read(tx -> tx.dao(RefundDao.class).byId(id).orElseThrow());
    }

    private static Payment choose(List<Payment> payments, @Nullable String tradeNo) {
        if (tradeNo != null) {
            return payments.stream()
                    .filter(p -> p.tradeNo().equals(tradeNo))
                    .findFirst()
                    .orElseThrow(() -> Refusal.notFound(
                            "payment_not_found", "the order received no payment with trade number " + tradeNo));
        }
        return payments.stream().filter(p -> !p.isDuplicate()).findFirst().orElse(payments.get(0));
    }

    private static Refusal overRefund(Payment payment) {
        return new Refusal(
                Refusal.Kind.CONFLICT,
                "over_refund",
                "only " + payment.refundable() + " " + payment.currency() + " of payment " + payment.tradeNo()
                        + " is left to refund",
                Map.of("refundable", payment.refundable(), "paid", payment.amount()));
    }

    /**
     * The refund's id, also its idempotency key at the gateway: the order number and a digest of what was
     * asked (which payment, how much or "the rest", why, by whom), so asking for the same refund again,
     * on any node, finds the row already there. To refund the same amount twice, give another reason.
     */
    static String refundId(Order order, Payment payment, RefundAsk ask, String origin) {
        String asked =
                payment.channel() + "|" + payment.tradeNo() + "|" + (ask.amount() == null ? "rest" : ask.amount()) + "|"
                        + ask.reason() + "|" + origin + "|" + ask.byHand();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(asked.getBytes(StandardCharsets.UTF_8));
            return "RF" + order.orderNo() + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EventDetail describe(Refund refund, String by, boolean toBalance) {
        return EventDetail.of(
                toBalance ? "refund_to_balance" : "refund_of_trade",
                io.kamishop.order.OrderCsv.major(refund.amount(), refund.currency()) + " " + refund.currency(),
                refund.tradeNo(),
                refund.refundId(),
                by,
                refund.reason());
    }

    private static String truncate(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}

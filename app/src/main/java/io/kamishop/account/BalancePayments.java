package io.kamishop.account;

import io.kamishop.api.Money;
import io.kamishop.checkout.BalanceCheckout;
import io.kamishop.db.Database;
import io.kamishop.db.Tx;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.AccountRef;
import io.kamishop.ledger.Ledger;
import io.kamishop.ledger.Posting;
import io.kamishop.ledger.TransferKind;
import io.kamishop.order.EventDetail;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.payment.NotificationService;
import io.kamishop.refund.BalanceRefunds;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Store credit as a payment channel of its own ({@link BalanceCheckout#CHANNEL}): the buyer's balance pays,
 * and refunds of such payments go back to it.
 *
 * <p>Paying is one transaction: the ledger moves the money from the buyer's balance to the store (the
 * no-overdraft guard refuses a balance that is short, however many spends and withdrawals race for it)
 * and the payment is settled through {@link NotificationService#settleInTransaction}, the path every gateway
 * payment takes, so the order is recorded paid once and its keys delivered once. Both are keyed by the
 * order number: paying the same order again is a replay that moves no money and delivers nothing.
 */
public final class BalancePayments implements BalanceCheckout, BalanceRefunds {

    private final Database database;
    private final Ledger ledger;
    private final NotificationService notifications;
    private final OrderService orders;

    public BalancePayments(Database database, Ledger ledger, NotificationService notifications, OrderService orders) {
        this.database = database;
        this.ledger = ledger;
        this.notifications = notifications;
        this.orders = orders;
    }

    @Override
    public Map<String, Object> pay(Order order, long buyerAccountId) {
        return payFrom(order, AccountRef.buyerCredit(buyerAccountId, order.currency()));
    }

    /**
     * Pays {@code order} from any balance the store owes someone ({@code payer}): a buyer's credit, or a
     * reseller's available earnings for a wholesale order. A refund gives back to the account that paid.
     */
    public Map<String, Object> payFrom(Order order, AccountRef payer) {
        String outcome;
        try {
            outcome = database.write(tx -> {
                String settled = notifications.settleInTransaction(
                        tx, CHANNEL, order.orderNo(), tradeNo(order), new Money(order.amount(), order.currency()));
                // The money last: every balance payment and refund locks the store's ledger row until it commits,
                // so taking it at the end keeps that queue short (on PostgreSQL, 50 racing buyers waited on it
                // long enough to exhaust the connection pool when it came first). A short balance still rolls
                // back the settlement with it: one transaction.
                if (order.amount() > 0 && !"replay".equals(settled)) {
                    ledger.post(
                            tx,
                            new Posting(
                                    paymentReference(order),
                                    TransferKind.ORDER_PAYMENT,
                                    payer,
                                    AccountRef.store(order.currency()),
                                    order.amount(),
                                    "order " + order.orderNo()));
                }
                return settled;
            });
        } catch (Refusal refused) {
            if ("insufficient_balance".equals(refused.code())) {
                // Nothing was paid: the held stock goes back on the shelf now rather than when the order expires.
                orders.cancel(order.orderNo(), EventDetail.of("balance_could_not_pay"));
            }
            throw refused;
        }
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("channel", CHANNEL);
        payment.put("paid", true);
        payment.put("outcome", outcome);
        return payment;
    }

    @Override
    public boolean paidFromBalance(String channel) {
        return CHANNEL.equals(channel);
    }

    @Override
    public void giveBack(Tx tx, Order order, long amount, String refundId) {
        AccountRef payer = ledger.payer(tx, paymentReference(order))
                .orElseThrow(() -> new IllegalStateException("order " + order.orderNo() + " was paid from no balance"));
        ledger.post(
                tx,
                new Posting(
                        "refund:" + refundId,
                        TransferKind.REFUND_TO_BALANCE,
                        AccountRef.store(order.currency()),
                        payer,
                        amount,
                        "refund " + refundId + " of order " + order.orderNo()));
    }

    private static String paymentReference(Order order) {
        return "order:" + order.orderNo() + ":balance";
    }

    private static String tradeNo(Order order) {
        return "balance-" + order.orderNo();
    }
}

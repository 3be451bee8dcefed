package io.kamishop.checkout;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderStatus;
import io.kamishop.order.PriceQuote;
import io.kamishop.payment.ChannelFees;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.payment.PaymentStarter;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The buyer's "pay another way" on a pending order, behind {@code POST /api/orders/{orderNo}/channel} and the
 * order page's form: the order is opened with its token (wrong tokens throttled as for every buyer door), the
 * new channel must be one buyers can choose now and take the amount with its own fee (the placement's rules,
 * {@link ChannelFees}), and only a pending order switches (409 {@code not_pending} otherwise, nothing changes).
 * The goods' price (tiers, coupon) stays as placed; only the channel's fee is recomputed.
 */
public final class SwitchChannel {

    /** The order on its new channel, and how to pay through it. */
    public record Switched(Order order, Map<String, Object> payment) {}

    private final Database database;
    private final BuyerOrders buyerOrders;
    private final OrderService orders;
    private final ChannelRegistry channels;
    private final ChannelFees fees;
    private final PaymentStarter payments;

    public SwitchChannel(
            Database database,
            BuyerOrders buyerOrders,
            OrderService orders,
            ChannelRegistry channels,
            ChannelFees fees,
            PaymentStarter payments) {
        this.database = database;
        this.buyerOrders = buyerOrders;
        this.orders = orders;
        this.channels = channels;
        this.fees = fees;
        this.payments = payments;
    }

    public Switched switchTo(String orderNo, @Nullable String token, String channel, Requester requester) {
        Order order = buyerOrders.open(orderNo, token, requester);
        String lookupToken = Objects.requireNonNull(token, "open() refuses an order without its token");
        requirePending(order);
        if (channel == null
                || channel.isBlank()
                || channel.length() > 64
                || !channels.isAvailable(channel, new io.kamishop.domain.Audience(requester, order.email()))) {
            throw Refusal.invalid("channel_unavailable", "the payment channel '" + channel + "' is not available");
        }
        if (!channel.equals(order.channel())) {
            long goods = order.amount() - order.fee();
            PriceQuote quote = fees.charge(channel, new PriceQuote(order.unitPrice(), goods, null, 0));
            long id = order.id();
            order = database.write(tx -> {
                Order current = orders.reload(tx, id);
                requirePending(current);
                return orders.switchChannel(tx, current, channel, quote.fee(), quote.amount())
                        .orElseThrow(() -> notPending(orders.reload(tx, current.id())));
            });
        }
        return new Switched(order, payments.start(order, lookupToken));
    }

    private static void requirePending(Order order) {
        if (order.state() != OrderStatus.PENDING) {
            throw notPending(order);
        }
    }

    private static Refusal notPending(Order order) {
        return Refusal.conflict(
                "not_pending", "the order is " + order.status() + "; only a pending order can change how it is paid");
    }
}

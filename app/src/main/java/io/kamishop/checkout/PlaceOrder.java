package io.kamishop.checkout;

import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import io.kamishop.domain.ReturnAddressGuard;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.OrderService;
import io.kamishop.order.PlacedOrder;
import io.kamishop.payment.PaymentStarter;
import io.kamishop.web.RateLimits;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The buyer's "buy" use case, the one method behind every door that places an order: the per-address
 * rate limit, the lookup password, then {@link OrderService#place} (risk rules on the requester's
 * address and device, price tiers, purchase limits, coupon, stock, audit) and the payment hand-off.
 * The JSON API and the storefront form only translate to and from it; in the first round the form
 * skipped the rate limit and the device, which is how the two doors drifted apart.
 */
public final class PlaceOrder {

    /** A placed order, its lookup token (shown once), and how to pay for it. */
    public record Placement(Order order, String lookupToken, Map<String, Object> payment) {}

    private final OrderService orders;
    private final PaymentStarter payments;
    private final RateLimits limits;
    /** Refuses before the order is stored when a gateway could not be given trustworthy return and notify URLs. */
    private final ReturnAddressGuard returnAddresses;
    /** The merchant's bot brake (a proof of work, when switched on); refuses before anything is stored. */
    private final Consumer<Requester> botBrake;
    /** Pays from a buyer's balance (the store's own channel, {@link BalanceCheckout#CHANNEL}). */
    private final BalanceCheckout balance;
    /** Follows a referral code a door received outside an order (a bot's start parameter). */
    private final Referrals referrals;
    /** Checks and hashes a lookup password (the lookup feature's rule; a function so checkout and lookup do not import each other). */
    private final UnaryOperator<String> lookupPasswordHash;

    public PlaceOrder(
            OrderService orders,
            PaymentStarter payments,
            RateLimits limits,
            UnaryOperator<String> lookupPasswordHash,
            ReturnAddressGuard returnAddresses,
            Consumer<Requester> botBrake,
            BalanceCheckout balance,
            Referrals referrals) {
        this.orders = orders;
        this.payments = payments;
        this.limits = limits;
        this.lookupPasswordHash = lookupPasswordHash;
        this.returnAddresses = returnAddresses;
        this.botBrake = botBrake;
        this.balance = balance;
        this.referrals = referrals;
    }

    /**
     * A buyer arrived through a referral code at a door without cookies (the Telegram bot's {@code /start <code>}):
     * the code is remembered for the requester, and that requester's later orders carry it. Never refuses.
     */
    public void followReferral(String code, Requester requester) {
        referrals.followed(code, requester);
    }

    /** A guest's order. */
    public Placement place(OrderForm form, Requester requester) {
        return place(form, requester, null);
    }

    /**
     * @param buyerAccountId the signed-in buyer's account, or null for a guest; the balance channel needs one
     *                       (401 {@code not_signed_in} before anything is placed)
     */
    public Placement place(OrderForm form, Requester requester, @Nullable Long buyerAccountId) {
        return place(form, requester, buyerAccountId, null);
    }

    /**
     * @param referralCode the affiliate code the buyer came with (a {@code ref} field or the storefront's
     *                     {@code kamishop_ref} cookie), or null; the attribution is written by a placement step
     *                     in the transaction that writes the order and holds its stock, so no placed order
     *                     is ever left unattributed (and an order paid at once from a balance is attributed
     *                     when it is delivered)
     */
    public Placement place(
            OrderForm form, Requester requester, @Nullable Long buyerAccountId, @Nullable String referralCode) {
        return place(form, requester, buyerAccountId, referralCode, null);
    }

    /**
     * An order on a reseller's sub-store: the same checks, limits and pricing as the merchant's store, with the
     * reseller's markup added to the price (see {@code PricingService.Markups}); it is the merchant's order.
     *
     * @param resellerId the sub-store's reseller, or null for the merchant's own store
     */
    public Placement place(
            OrderForm form,
            Requester requester,
            @Nullable Long buyerAccountId,
            @Nullable String referralCode,
            @Nullable Long resellerId) {
        Function<Order, Map<String, Object>> payFromBalance = null;
        if (BalanceCheckout.CHANNEL.equals(form.channel())) {
            if (buyerAccountId == null) {
                throw new Refusal(
                        Refusal.Kind.UNAUTHENTICATED, "not_signed_in", "sign in to pay from your balance", Map.of());
            }
            BalanceCheckout checkout = balance;
            long account = buyerAccountId;
            payFromBalance = order -> checkout.pay(order, account);
        }
        return place(form, requester, buyerAccountId, referralCode, resellerId, payFromBalance);
    }

    /**
     * A wholesale order (a reseller's API token): at the merchant's price (tiers apply), paid at once by
     * {@code payer} from a balance inside the store, through the same limits, risk rules and stock as every order.
     * The form's channel must be {@link BalanceCheckout#CHANNEL}.
     */
    public Placement placePaidBy(OrderForm form, Requester requester, Function<Order, Map<String, Object>> payer) {
        if (!BalanceCheckout.CHANNEL.equals(form.channel())) {
            throw Refusal.invalid(
                    "channel_unavailable", "a wholesale order is paid from the balance (channel 'balance')");
        }
        return place(form, requester, null, null, null, payer);
    }

    private Placement place(
            OrderForm form,
            Requester requester,
            @Nullable Long buyerAccountId,
            @Nullable String referralCode,
            @Nullable Long resellerId,
            @Nullable Function<Order, Map<String, Object>> payFromBalance) {
        boolean fromBalance = payFromBalance != null;
        limits.placeOrder(requester.address());
        botBrake.accept(requester);
        if (!fromBalance) {
            // Only a gateway is handed return and notify URLs; the balance pays inside the store.
            returnAddresses.requireTrustworthyReturnAddress();
        }
        // Hashed before the placing transaction: Argon2 is slow by design and must not hold the write lock.
        String passwordHash = lookupPasswordHash.apply(form.lookupPassword());
        PlacedOrder placed = orders.place(new OrderRequest(
                form.productId(),
                form.quantity(),
                form.email(),
                form.channel(),
                requester,
                form.coupon(),
                passwordHash,
                buyerAccountId,
                referralCode,
                resellerId));
        if (payFromBalance != null) {
            Map<String, Object> paid = payFromBalance.apply(placed.order());
            // Paid and delivered by now: the buyer sees the order as it is, not as it was placed.
            return new Placement(orders.require(placed.order().orderNo()), placed.lookupToken(), paid);
        }
        return new Placement(
                placed.order(), placed.lookupToken(), payments.start(placed.order(), placed.lookupToken()));
    }
}

package io.kamishop.payment;

import io.kamishop.config.ChannelTerms;
import io.kamishop.config.ChannelTerms.Fee;
import io.kamishop.config.ChannelTerms.Limit;
import io.kamishop.config.StoreSettings;
import io.kamishop.domain.Refusal;
import io.kamishop.order.PriceQuote;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each payment channel adds to an order and which amounts it takes, from the store settings
 * {@code channelFees} and {@code channelLimits} (see docs/payments.md). The one policy behind the order
 * API, the storefront form and the price quote:
 *
 * <ul>
 *   <li>fee = {@code percent}% of the goods' amount (after tiers and coupon), rounded half-up to a whole
 *       minor unit, plus {@code fixed} minor units;</li>
 *   <li>a limit applies to what the buyer would pay through the channel, fee included, because that is
 *       what the gateway is asked to collect and what its own limits are about.</li>
 * </ul>
 */
public final class ChannelFees {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelFees.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * A channel's terms for one order amount.
     *
     * @param fee     the surcharge in minor units
     * @param total   the goods' amount plus the fee: what the buyer pays
     * @param offered whether the channel's limits take {@code total}
     */
    public record Offer(String channel, Fee rule, long fee, long total, boolean offered) {}

    /** A setting's text and what it says, so that each order does not parse the same JSON again. */
    private record Parsed<T>(@Nullable String text, Map<String, T> terms) {}

    private final StoreSettings settings;
    private volatile Parsed<Fee> fees = new Parsed<>(null, Map.of());
    private volatile Parsed<Limit> limits = new Parsed<>(null, Map.of());

    public ChannelFees(StoreSettings settings) {
        this.settings = settings;
    }

    /** The channel's fee on {@code amount} (minor units), the percentage rounded half-up. */
    public static long feeOn(Fee rule, long amount) {
        long percentPart = rule.percent()
                .multiply(BigDecimal.valueOf(amount))
                .divide(HUNDRED)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        return Math.addExact(percentPart, rule.fixed());
    }

    /** The channel's terms for goods worth {@code amount} minor units. */
    public Offer offer(String channel, long amount) {
        Fee rule = fees().getOrDefault(channel, Fee.NONE);
        long fee = feeOn(rule, amount);
        long total = Math.addExact(amount, fee);
        return new Offer(
                channel,
                rule,
                fee,
                total,
                limits().getOrDefault(channel, Limit.NONE).allows(total));
    }

    /**
     * The quote with the channel's fee added; 422 {@code channel_amount_out_of_range} when the channel's limits
     * do not take the total. Runs inside the transaction that places the order, so the order records the fee
     * it was placed with.
     */
    public PriceQuote charge(String channel, PriceQuote quote) {
        Offer offer = offer(channel, quote.amount() - quote.fee());
        if (!offer.offered()) {
            // Not get(): the limits may have been changed (and re-read) since offer() read them.
            Limit limit = limits().getOrDefault(channel, Limit.NONE);
            throw Refusal.invalid(
                    "channel_amount_out_of_range",
                    "the payment channel '" + channel + "' takes orders " + range(limit)
                            + " (minor units); this one comes to " + offer.total() + ": choose another channel");
        }
        return quote.withChannelFee(offer.fee());
    }

    private static String range(Limit limit) {
        if (limit.min() == null && limit.max() == null) {
            return "within its limits"; // the limits were removed between offer() and now
        }
        if (limit.min() != null && limit.max() != null) {
            return "from " + limit.min() + " to " + limit.max();
        }
        return limit.min() != null ? "of at least " + limit.min() : "of at most " + limit.max();
    }

    private Map<String, Fee> fees() {
        String text = settings.get(StoreSettings.CHANNEL_FEES);
        Parsed<Fee> known = fees;
        if (text.equals(known.text())) {
            return known.terms();
        }
        try {
            Parsed<Fee> parsed = new Parsed<>(text, ChannelTerms.fees(text));
            fees = parsed;
            return parsed.terms();
        } catch (ChannelTerms.InvalidTerms e) {
            // Only an unchecked override (KAMISHOP_CHANNEL_FEES) can get here; the admin and the API check what they
            // store.
            throw misconfigured(StoreSettings.CHANNEL_FEES, e);
        }
    }

    private Map<String, Limit> limits() {
        String text = settings.get(StoreSettings.CHANNEL_LIMITS);
        Parsed<Limit> known = limits;
        if (text.equals(known.text())) {
            return known.terms();
        }
        try {
            Parsed<Limit> parsed = new Parsed<>(text, ChannelTerms.limits(text));
            limits = parsed;
            return parsed.terms();
        } catch (ChannelTerms.InvalidTerms e) {
            throw misconfigured(StoreSettings.CHANNEL_LIMITS, e);
        }
    }

    private static IllegalStateException misconfigured(StoreSettings.Definition setting, ChannelTerms.InvalidTerms e) {
        LOG.error("the setting {} ({}) is not valid: {}", setting.name(), setting.envName(), e.getMessage());
        return new IllegalStateException("the setting " + setting.name() + " is not valid: " + e.getMessage(), e);
    }
}

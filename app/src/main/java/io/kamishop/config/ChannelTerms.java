package io.kamishop.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shape of the store settings {@code channelFees} and {@code channelLimits}: JSON objects keyed by
 * channel id. This class only reads and checks them; what they mean for an order (the fee's rounding,
 * which amount a limit applies to) is {@code io.kamishop.payment.ChannelFees}'s business.
 *
 * <pre>
 * channelFees   {"epay-alipay": {"percent": 2.5, "fixed": 30}}    percent 0..100 (2 decimals), fixed in minor units
 * channelLimits {"usdt": {"min": 1000, "max": 500000}}            minor units of the order's currency, either may be left out
 * </pre>
 */
public final class ChannelTerms {

    /** A channel's surcharge: {@code percent} of the order's amount (0 to 100) plus {@code fixed} minor units. */
    public record Fee(BigDecimal percent, long fixed) {
        public static final Fee NONE = new Fee(BigDecimal.ZERO, 0);

        public boolean isNone() {
            return percent.signum() == 0 && fixed == 0;
        }
    }

    /** The amounts a channel takes, in minor units, both ends included; null = no bound on that side. */
    public record Limit(@Nullable Long min, @Nullable Long max) {
        public static final Limit NONE = new Limit(null, null);

        public boolean allows(long amount) {
            return (min == null || amount >= min) && (max == null || amount <= max);
        }
    }

    /** Thrown with a sentence naming the channel and field that is wrong. */
    public static final class InvalidTerms extends IllegalArgumentException {
        InvalidTerms(String message) {
            super(message);
        }
    }

    /** The most a fixed fee or limit may be: far above any real order, well below where a sum could overflow. */
    static final long MAX_MINOR = 1_000_000_000_000L;
    /** A channel id as plugins name them (the orders table holds up to 64 characters). */
    private static final Pattern CHANNEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChannelTerms() {}

    /** The fees of a {@code channelFees} value; throws {@link InvalidTerms} when it is not of that shape. */
    public static Map<String, Fee> fees(String json) {
        Map<String, Fee> fees = new LinkedHashMap<>();
        forEachChannel(json, Set.of("percent", "fixed"), (channel, entry) -> {
            BigDecimal percent = BigDecimal.ZERO;
            JsonNode p = entry.get("percent");
            if (p != null) {
                if (!p.isNumber()) {
                    throw new InvalidTerms(channel + ".percent must be a number");
                }
                percent = p.decimalValue().stripTrailingZeros();
                if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new InvalidTerms(channel + ".percent must be from 0 to 100");
                }
                if (percent.scale() > 2) {
                    throw new InvalidTerms(channel + ".percent may have at most 2 decimals");
                }
            }
            long fixed = entry.has("fixed") ? minorUnits(channel, "fixed", entry.get("fixed")) : 0;
            fees.put(channel, new Fee(percent, fixed));
        });
        return Collections.unmodifiableMap(fees);
    }

    /** The limits of a {@code channelLimits} value; throws {@link InvalidTerms} when it is not of that shape. */
    public static Map<String, Limit> limits(String json) {
        Map<String, Limit> limits = new LinkedHashMap<>();
        forEachChannel(json, Set.of("min", "max"), (channel, entry) -> {
            Long min = entry.has("min") && !entry.get("min").isNull()
                    ? minorUnits(channel, "min", entry.get("min"))
                    : null;
            Long max = entry.has("max") && !entry.get("max").isNull()
                    ? minorUnits(channel, "max", entry.get("max"))
                    : null;
            if (min != null && max != null && min > max) {
                throw new InvalidTerms(channel + ".min must not be above " + channel + ".max");
            }
            limits.put(channel, new Limit(min, max));
        });
        return Collections.unmodifiableMap(limits);
    }

    /** Why a {@code channelFees} value is not acceptable, or null. */
    static @Nullable String feesProblem(String json) {
        try {
            fees(json);
            return null;
        } catch (InvalidTerms e) {
            return e.getMessage();
        }
    }

    /** Why a {@code channelLimits} value is not acceptable, or null. */
    static @Nullable String limitsProblem(String json) {
        try {
            limits(json);
            return null;
        } catch (InvalidTerms e) {
            return e.getMessage();
        }
    }

    /** The value as a JSON tree for the settings API (an object, not a string holding one). */
    static Object tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json; // cannot happen for a stored value: it was checked when saved
        }
    }

    private interface EntryReader {
        void read(String channel, JsonNode entry);
    }

    private static void forEachChannel(String json, Set<String> fields, EntryReader reader) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new InvalidTerms("is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTerms("must be a JSON object keyed by channel id");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String channel = e.getKey();
            if (!CHANNEL_ID.matcher(channel).matches()) {
                throw new InvalidTerms("'" + channel + "' is not a channel id");
            }
            if (!e.getValue().isObject()) {
                throw new InvalidTerms(channel + " must be an object with "
                        + String.join(" and/or ", fields.stream().sorted().toList()));
            }
            for (Iterator<String> names = e.getValue().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.contains(name)) {
                    throw new InvalidTerms(channel + "." + name + " is not a known field ("
                            + String.join(", ", fields.stream().sorted().toList()) + ")");
                }
            }
            reader.read(channel, e.getValue());
        }
    }

    private static long minorUnits(String channel, String field, JsonNode node) {
        if (!node.isIntegralNumber()
                || !node.canConvertToLong()
                || node.longValue() < 0
                || node.longValue() > MAX_MINOR) {
            throw new InvalidTerms(
                    channel + "." + field + " must be a whole number of minor units from 0 to " + MAX_MINOR);
        }
        return node.longValue();
    }
}

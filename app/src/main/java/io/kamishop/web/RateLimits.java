package io.kamishop.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.kamishop.config.AppConfig;
import io.kamishop.domain.Refusal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-client rate limits (token buckets), answered 429 with {@code Retry-After}. In memory per node:
 * with N nodes a client gets at most N times the limit, which still stops guessing and hoarding.
 */
public final class RateLimits {

    /** A limit: {@code capacity} actions per {@code period}, refilled gradually. */
    public record Limit(String name, long capacity, Duration period) {}

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(1, TimeUnit.HOURS)
            .maximumSize(200_000)
            .build();
    private final Limit orders;
    private final Limit lookupFailures;
    private final Limit botUpdates;

    public RateLimits(AppConfig config) {
        this.orders =
                new Limit("orders", configured(config, "KAMISHOP_RATE_ORDERS_PER_MINUTE", 30), Duration.ofMinutes(1));
        this.lookupFailures = new Limit(
                "lookup-failures",
                configured(config, "KAMISHOP_RATE_LOOKUP_FAILURES_PER_10_MINUTES", 30),
                Duration.ofMinutes(10));
        this.botUpdates = new Limit(
                "bot-updates", configured(config, "KAMISHOP_RATE_BOT_UPDATES_PER_MINUTE", 20), Duration.ofMinutes(1));
    }

    /** Counts one order placement by this client; 429 when over the limit. */
    public void placeOrder(String client) {
        consume(orders, client);
    }

    /**
     * Whether the bot may answer one more message or button press of this chat user now. A flood is
     * answered with silence, not with a refusal per message: answering each would be the flood's echo.
     */
    public boolean allowBotUpdate(String client) {
        return bucket(botUpdates, client).tryConsume(1);
    }

    /** Refuses a look-up from a client that has guessed wrong too often; call before looking up. */
    public void checkLookup(String client) {
        Bucket bucket = bucket(lookupFailures, client);
        if (bucket.getAvailableTokens() <= 0) {
            io.github.bucket4j.EstimationProbe probe = bucket.estimateAbilityToConsume(1);
            throw tooMany(lookupFailures, probe.getNanosToWaitForRefill());
        }
    }

    /** Counts a failed look-up (wrong token or unknown order). */
    public void lookupFailed(String client) {
        bucket(lookupFailures, client).tryConsume(1);
    }

    private void consume(Limit limit, String client) {
        ConsumptionProbe probe = bucket(limit, client).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw tooMany(limit, probe.getNanosToWaitForRefill());
        }
    }

    private Bucket bucket(Limit limit, String client) {
        return buckets.get(
                limit.name() + ":" + client,
                key -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit.capacity())
                                .refillGreedy(limit.capacity(), limit.period())
                                .build())
                        .build());
    }

    private static Refusal tooMany(Limit limit, long nanosToWait) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait) + 1);
        return new Refusal(
                Refusal.Kind.RATE_LIMITED,
                "rate_limited",
                "too many requests; try again in " + seconds + " seconds",
                Map.of("retryAfterSeconds", seconds));
    }

    private static long configured(AppConfig config, String name, long fallback) {
        return config.override(name)
                .map(v -> {
                    try {
                        return Math.max(1, Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        return fallback;
                    }
                })
                .orElse(fallback);
    }
}

package io.kamishop.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kamishop.domain.Refusal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sign-in requests (asking for a code, trying one) per client address and minute, on this node, on top of
 * the per-address limits in the database. One instance behind the API and the sign-in page, so the two
 * doors share the allowance instead of doubling it.
 */
public final class SignInAttempts {

    static final int TRIES_PER_MINUTE = 10;

    private final Cache<String, AtomicInteger> recent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    /** Counts one request from {@code ip}; 429 {@code rate_limited} past {@link #TRIES_PER_MINUTE}. */
    public void count(String ip) {
        if (recent.get(ip, k -> new AtomicInteger()).incrementAndGet() > TRIES_PER_MINUTE) {
            throw Refusal.rateLimited("too many sign-in requests; try again in a minute", 60);
        }
    }
}

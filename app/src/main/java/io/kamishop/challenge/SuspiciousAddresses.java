package io.kamishop.challenge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses have placed orders or looked orders up unusually often: more than the merchant's
 * threshold within {@link #WINDOW}. Such an address is asked for a proof of work for {@link #FLAGGED_FOR}
 * even while the store-wide switch is off, so a script hammering checkout slows down while every other
 * buyer is never asked.
 *
 * <p>Counted in this node's memory (like the per-address rate limits): behind a load balancer each node
 * counts what it sees, which still catches a hammering script, and costs no database write per attempt.
 * Times come from the caller (the store's clock), so the window can be tested without waiting.
 */
final class SuspiciousAddresses {

    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration FLAGGED_FOR = Duration.ofHours(1);

    /** Bounded: a flood of made-up addresses evicts old tallies instead of growing the heap. */
    private final Cache<String, Tally> tallies = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterAccess(FLAGGED_FOR.plus(WINDOW))
            .build();

    /** Counts one attempt from {@code address}; whether the address is (now) asked for a proof. */
    boolean attempt(@Nullable String address, int threshold, long now) {
        return tallies.get(key(address), k -> new Tally()).attempt(threshold, now);
    }

    /** Whether {@code address} is asked for a proof, without counting an attempt. */
    boolean flagged(@Nullable String address, long now) {
        Tally tally = tallies.getIfPresent(key(address));
        return tally != null && tally.flagged(now);
    }

    private static String key(@Nullable String address) {
        return address == null ? "" : address;
    }

    private static final class Tally {
        private long windowStart = Long.MIN_VALUE;
        private int attempts;
        private long flaggedUntil = Long.MIN_VALUE;

        synchronized boolean attempt(int threshold, long now) {
            if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW.toMillis()) {
                windowStart = now;
                attempts = 0;
            }
            attempts++;
            if (attempts > threshold) {
                flaggedUntil = now + FLAGGED_FOR.toMillis();
            }
            return now < flaggedUntil;
        }

        synchronized boolean flagged(long now) {
            return now < flaggedUntil;
        }
    }
}

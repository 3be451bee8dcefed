package io.kamishop.admin;

import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Slows password guessing down before it can work: failed sign-ins are counted per account and per
 * client address, and a subject that fails too often in the window is locked for a while (answered
 * 429 with Retry-After, even for the right password). The lockout expires by itself, so an attacker
 * cannot lock the merchant out for good, only slow them to a few guesses an hour.
 */
public final class LoginThrottle {

    /** How many failures one subject may make within {@link #WINDOW} before it is locked. */
    public record Limit(int accountFailures, int ipFailures) {}

    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    public static final Limit DEFAULT_LIMIT = new Limit(5, 20);

    private final Database database;
    private final Clock clock;
    private final Limit limit;

    public LoginThrottle(Database database, Clock clock, Limit limit) {
        this.database = database;
        this.clock = clock;
        this.limit = limit;
    }

    public static String account(@Nullable String username) {
        return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    public static String ip(String address) {
        return "ip:" + address;
    }

    /** How long the caller must wait before trying again, if any of the subjects is locked now. */
    public Optional<Duration> lockedFor(List<String> subjects) {
        long now = clock.millis();
        long until = 0;
        for (String subject : subjects) {
            long locked = database.read(tx -> tx.dao(LoginThrottleDao.class).lockedUntil(cut(subject)))
                    .orElse(0L);
            until = Math.max(until, locked);
        }
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** Counts one failure against each subject; locks a subject that reached its limit. */
    public void recordFailure(String accountSubject, String ipSubject) {
        database.write(tx -> {
            LoginThrottleDao throttle = tx.dao(LoginThrottleDao.class);
            count(throttle, accountSubject, limit.accountFailures());
            count(throttle, ipSubject, limit.ipFailures());
            return null;
        });
    }

    /** A successful sign-in forgives the account's earlier failures (not the address's). */
    public void recordSuccess(String accountSubject) {
        database.write(tx -> tx.dao(LoginThrottleDao.class).forgive(cut(accountSubject), clock.millis()));
    }

    private void count(LoginThrottleDao throttle, String subject, int max) {
        long now = clock.millis();
        String s = cut(subject);
        throttle.open(s, now);
        // A window that has passed (and any lockout in it) starts over at this failure.
        throttle.restartPassedWindow(s, now, now - WINDOW.toMillis());
        throttle.countFailure(s, max, now + LOCKOUT.toMillis());
    }

    private static String cut(String subject) {
        return subject.length() > 200 ? subject.substring(0, 200) : subject;
    }
}

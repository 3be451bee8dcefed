package io.kamishop.payment;

import io.kamishop.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications the store refused, kept so the merchant can see a misconfigured gateway (bad
 * signatures), a tampering attempt (amount mismatch) or a gateway pointed at the wrong store
 * (unknown orders). Written after the refused transaction has rolled back, in a transaction of its
 * own, and never allowed to fail the refusal: the gateway gets the same 4xx either way.
 *
 * <p>Bounded, because anyone can post refused notifications: older than {@link #KEEP_FOR} or beyond
 * the newest {@link #KEEP_ROWS} rows are pruned on each insert. A flood therefore pushes older
 * refusals out, but never grows the database.
 */
public final class RefusedNotifications {

    static final Duration KEEP_FOR = Duration.ofDays(30);
    static final int KEEP_ROWS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(RefusedNotifications.class);

    private final Database database;
    private final Clock clock;
    private final int keepRows;
    private final BiConsumer<String, String> listener;

    /** @param listener told {@code (channel, reason)} of each refusal after it is written down (the merchant's alerts) */
    public RefusedNotifications(Database database, Clock clock, BiConsumer<String, String> listener) {
        this(database, clock, KEEP_ROWS, listener);
    }

    RefusedNotifications(Database database, Clock clock, int keepRows, BiConsumer<String, String> listener) {
        this.database = database;
        this.clock = clock;
        this.keepRows = keepRows;
        this.listener = listener;
    }

    /** Writes one refusal down; a failure to do so is logged, never thrown. */
    public void record(
            String channel,
            @Nullable String tradeNo,
            @Nullable String orderNo,
            String reason,
            @Nullable String remoteIp) {
        long now = clock.millis();
        try {
            database.write(tx -> {
                RefusedNotificationDao dao = tx.dao(RefusedNotificationDao.class);
                dao.insert(
                        now,
                        clip(channel, 64),
                        tradeNo == null ? null : clip(tradeNo, 128),
                        orderNo == null ? null : clip(orderNo, 64),
                        clip(reason, 64),
                        remoteIp == null ? "" : clip(remoteIp, 64));
                dao.prune(now - KEEP_FOR.toMillis(), keepRows);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not write down a refused {} notification ({}): {}", clip(channel, 64), reason, e.toString());
        }
        try {
            listener.accept(channel, reason);
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not alert the merchant to a refused {} notification ({}): {}",
                    clip(channel, 64),
                    reason,
                    e.toString());
        }
    }

    /** Newest first; {@code channel} and {@code reason} filter when not null. */
    public List<RefusedNotification> recent(
            @Nullable String channel, @Nullable String reason, long beforeId, int limit) {
        return database.read(tx -> tx.dao(RefusedNotificationDao.class).recent(channel, reason, beforeId, limit));
    }

    /** The reasons seen so far, for the admin's filter. */
    public List<String> reasons() {
        return database.read(tx -> tx.dao(RefusedNotificationDao.class).reasons());
    }

    private static String clip(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }
}

package io.kamishop.notice;

import io.kamishop.api.Notifier.StoreNotice;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Tells the merchant that the store refused payment notifications ({@code NOTIFICATIONS_REFUSED}):
 * a gateway whose key changed, or someone posting forgeries. Anyone can post a refused notification,
 * so the alerts are rationed: the first refusal of a channel and reason is told at once, the ones
 * after it within an hour are counted and told with the next refusal after that hour. The window is
 * this node's memory (a restart or a second node may tell once more); the refusals themselves are all
 * kept by {@code RefusedNotifications} for the admin page.
 */
public final class RefusalAlerts {

    static final Duration QUIET = Duration.ofHours(1);
    /** Unknown channel names come from the URL; beyond this many windows, refusals share one per reason. */
    static final int MAX_WINDOWS = 256;
    // The channel is the path segment the gateway (or anyone) posted to: only a plain id goes into a message.
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REASON = Pattern.compile("[a-z_]{1,64}");

    private final Clock clock;
    private final Consumer<StoreNotice> notices;
    /** By "channel reason": when the last alert went out, and the refusals since that were not told. */
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        final long toldAt;
        int untold;

        Window(long toldAt) {
            this.toldAt = toldAt;
        }
    }

    /** @param notices where an alert goes (the notice outbox) */
    public RefusalAlerts(Clock clock, Consumer<StoreNotice> notices) {
        this.clock = clock;
        this.notices = notices;
    }

    /** One notification was refused (already written down) with this error code. */
    public void refused(String channel, String reason) {
        String shownChannel = channel != null && PLAIN_ID.matcher(channel).matches() ? channel : "?";
        String shownReason = reason != null && REASON.matcher(reason).matches() ? reason : "refused";
        long now = clock.millis();
        int count;
        synchronized (windows) {
            String key = shownChannel + " " + shownReason;
            if (!windows.containsKey(key) && windows.size() >= MAX_WINDOWS) {
                windows.values().removeIf(w -> now - w.toldAt >= QUIET.toMillis());
                if (windows.size() >= MAX_WINDOWS) {
                    shownChannel = "*";
                    key = shownChannel + " " + shownReason;
                }
            }
            Window window = windows.get(key);
            if (window != null && now - window.toldAt < QUIET.toMillis()) {
                window.untold++;
                return;
            }
            count = 1 + (window == null ? 0 : window.untold);
            windows.put(key, new Window(now));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("channel", shownChannel);
        fields.put("reason", shownReason);
        fields.put("count", Integer.toString(count));
        notices.accept(new StoreNotice(
                StoreNotice.Kind.NOTIFICATIONS_REFUSED,
                "Payment notifications refused (" + shownChannel + ")",
                count + " notification(s) to channel " + shownChannel + " refused: " + shownReason
                        + ". If it is your gateway, check its keys and notify URL.",
                fields,
                clock.instant()));
    }
}

package io.kamishop.plugins.notify;

import io.kamishop.api.KeyValueStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The notices a messenger already accepted, remembered in the plugin's key-value store. The host
 * records a notice as delivered just after {@code send} returns; a crash (or a failed database write)
 * in between makes the host hand the same notice over again, and a messenger, unlike a webhook
 * receiver, cannot de-duplicate: the merchant would read the alert twice. So a notice id found here
 * is not sent again.
 *
 * <p>One entry ({@value #KEY}) holds the latest ids, those of the last {@link #KEEP} and at most
 * {@link #MOST} of them: the host hands a notice over again a few minutes after such a crash (its
 * lease runs out), well inside that window. Two nodes writing the entry at once may lose one id; that
 * reopens only the narrow window above, for that one notice.
 */
final class SentNotices {

    static final String KEY = "sent-notices";
    static final Duration KEEP = Duration.ofDays(1);
    static final int MOST = 500;

    private record Sent(String noticeId, long at) {}

    private final KeyValueStore store;
    private final Clock clock;

    SentNotices(KeyValueStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    boolean contains(String noticeId) {
        return read().stream().anyMatch(s -> s.noticeId().equals(noticeId));
    }

    synchronized void add(String noticeId) {
        long now = clock.millis();
        List<Sent> kept = new ArrayList<>(
                read().stream().filter(s -> now - s.at() < KEEP.toMillis()).toList());
        kept.add(new Sent(noticeId, now));
        List<Sent> latest = kept.subList(Math.max(0, kept.size() - MOST), kept.size());
        StringBuilder text = new StringBuilder();
        latest.forEach(s -> text.append(s.noticeId()).append(' ').append(s.at()).append('\n'));
        store.put(KEY, text.toString());
    }

    private List<Sent> read() {
        List<Sent> sent = new ArrayList<>();
        for (String line : store.get(KEY).orElse("").split("\n")) {
            String[] idAndTime = line.split(" ");
            if (idAndTime.length == 2) {
                try {
                    sent.add(new Sent(idAndTime[0], Long.parseLong(idAndTime[1])));
                } catch (NumberFormatException e) {
                    // a damaged line forgets one id; the rest still count
                }
            }
        }
        return sent;
    }
}

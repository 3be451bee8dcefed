package io.kamishop.risk;

import io.kamishop.db.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Keeps every decision. Decisions are queued and written in batches, a few times a second, in one
 * transaction per batch: a write per rule per order would queue every order behind SQLite's single
 * writer. The price is that a crash loses the last fraction of a second of decisions (never an
 * order). Readers call {@link #flush()} first, so the admin sees every decision made so far.
 *
 * <p>A decision made before an order exists waits until it knows the order number (the order
 * committed) or until it is clear no order came of it; then it is written with the IP only.
 */
final class DecisionLog {

    private static final long UNSETTLED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Decisions of one screening, waiting for their order number. */
    static final class Entry {
        private final Screening screening;
        private final @Nullable String ip;
        private final long at;
        private final long queuedNanos = System.nanoTime();
        private volatile @Nullable String orderNo;
        private volatile boolean settled;

        private Entry(Screening screening, @Nullable String ip, long at) {
            this.screening = screening;
            this.ip = ip;
            this.at = at;
        }

        /** The order these decisions belong to ({@code null}: none came of it); it may be written now. */
        void settle(@Nullable String placedOrderNo) {
            this.orderNo = placedOrderNo;
            this.settled = true;
        }
    }

    private final Database database;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final List<Entry> waiting = new ArrayList<>();

    DecisionLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Queues decisions that wait for {@link Entry#settle}; {@code ip} is null for an order that never had one. */
    Entry enqueue(Screening screening, @Nullable String ip) {
        Entry entry = new Entry(screening, ip, clock.millis());
        if (!screening.decisions().isEmpty()) {
            queue.add(entry);
        }
        return entry;
    }

    /** Queues decisions about a known order, ready to write. */
    void enqueueSettled(Screening screening, @Nullable String ip, String orderNo) {
        enqueue(screening, ip).settle(orderNo);
    }

    /** Writes every settled decision (and those whose order never came). */
    void flush() {
        flush(false);
    }

    /** On shutdown: writes everything, with the order number where it is known by now. */
    void flushAll() {
        flush(true);
    }

    private synchronized void flush(boolean all) {
        for (Entry e; (e = queue.poll()) != null; ) {
            waiting.add(e);
        }
        if (waiting.isEmpty()) {
            return;
        }
        List<RecordedDecision> rows = new ArrayList<>();
        List<Entry> ready = new ArrayList<>();
        long now = System.nanoTime();
        Iterator<Entry> it = waiting.iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            if (!all && !entry.settled && now - entry.queuedNanos < UNSETTLED_GRACE_NANOS) {
                continue;
            }
            it.remove();
            ready.add(entry);
            for (RuleDecision d : entry.screening.decisions()) {
                rows.add(new RecordedDecision(
                        0,
                        d.ruleId(),
                        d.stage().name().toLowerCase(java.util.Locale.ROOT),
                        entry.orderNo,
                        entry.ip,
                        d.decision().verdict().code(),
                        d.decision().score(),
                        joinReasons(d.decision().reasons()),
                        d.shadow(),
                        entry.at));
            }
        }
        if (!rows.isEmpty()) {
            try {
                database.write(tx -> {
                    tx.dao(RiskDao.class).insertDecisions(rows);
                    return null;
                });
            } catch (RuntimeException e) {
                waiting.addAll(0, ready); // written next time
                throw e;
            }
        }
    }

    List<RecordedDecision> recent(int limit) {
        flush();
        return database.read(tx -> tx.dao(RiskDao.class).recentDecisions(limit));
    }

    List<RecordedDecision> recentBlocks(int limit) {
        flush();
        return database.read(tx -> tx.dao(RiskDao.class).recentBlocks(limit));
    }

    List<RecordedDecision> forOrder(String orderNo) {
        flush();
        return database.read(tx -> tx.dao(RiskDao.class).decisionsForOrder(orderNo));
    }

    List<RuleCount> ruleCounts() {
        flush();
        return database.read(tx -> tx.dao(RiskDao.class).ruleCounts());
    }

    private static String joinReasons(List<String> reasons) {
        StringBuilder text = new StringBuilder();
        for (String reason : reasons) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(reason.replace('\n', ' ').replace('\r', ' '));
        }
        return text.length() > 4000 ? text.substring(0, 4000) : text.toString();
    }
}

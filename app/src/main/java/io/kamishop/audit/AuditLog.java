package io.kamishop.audit;

import io.kamishop.crypto.KeyedHash;
import io.kamishop.db.Database;
import io.kamishop.db.DeferredRows;
import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained record of what admins did and how every order moved.
 *
 * <p>Each entry's hash is an HMAC (under a key derived from the master key) over the previous hash
 * and the entry's fields, length-prefixed so no two different entries hash alike. Someone who can
 * write the database but does not hold the master key cannot rewrite history without
 * {@link #verify()} noticing.
 *
 * <p>Two steps, so that the chain's single head row is off the business transaction's path: a
 * transaction appends its entries unchained to {@code audit_pending} (numbered by the database,
 * no shared row touched), and a linking pass, under the head's row lock, moves the oldest pending
 * entries into the chain and the head past them. On SQLite, one writer anyway, the appending
 * transaction chains its entries straight into the log (no pending rows), so nothing is ever pending
 * there. On PostgreSQL the pass runs on this
 * node's linker thread as soon as the transaction has committed, and every second for entries a
 * crashed node left behind; a committed entry is never lost, only linked a moment later.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** Run by every delivery where linking is deferred (PostgreSQL): plain JDBC (see {@link FastSql#batch}). */
    private static final FastSql ADD_PENDING =
            FastSql.of(AuditDao.class, "addPending", "at", "actor", "action", "subject", "detail");
    /** Entries one linking pass moves at most: keeps the head lock short when a backlog is cleared. */
    static final int LINK_BATCH = 1000;

    /** One entry as stored. */
    public record Entry(
            long seq,
            long at,
            String actor,
            String action,
            String subject,
            String detail,
            String prevHash,
            String hash) {}

    /**
     * The outcome of walking the chain: {@code pending} entries are committed but not linked yet; they
     * are not part of the check (and not a sign of tampering) until a linking pass has chained them. {@code problem}
     * says what is broken, null when the chain is intact.
     */
    public record Verification(
            boolean intact, long entries, @Nullable String problem, long pending) {}

    private final Database database;
    private final KeyedHash chain;
    private final Clock clock;
    /** One instance: deferred rows are grouped by their writer, and each {@code this::write} would be a new one. */
    private final DeferredRows<Draft> writer = this::write;
    /** Whether entries wait for a linking pass (PostgreSQL) or are chained as they are written (SQLite). */
    private final boolean linkLater;

    /** Null until {@link #startLinking}, and always on SQLite or in the CLI. */
    private volatile BackgroundWork.@Nullable Periodic linker;

    public AuditLog(Database database, KeyedHash chain, Clock clock) {
        this.database = database;
        this.chain = chain;
        this.clock = clock;
        this.linkLater = !database.dialect().singleWriter();
    }

    /**
     * Starts this node's linker thread (PostgreSQL only: on SQLite entries are chained as they are
     * written): a pass after every commit that appended, and one every {@code sweep} for what another
     * node or a crash left pending. Without it, each commit links its own entries right after it.
     */
    public synchronized void startLinking(BackgroundWork work, Duration sweep) {
        if (!linkLater || linker != null) {
            return;
        }
        linker = work.every("audit-linker", Duration.ZERO, sweep, this::linkPending);
    }

    /** Appends an entry in its own write transaction (or the caller's, if one is open). */
    public void record(String actor, String action, String subject, @Nullable String detail) {
        database.write(tx -> {
            append(tx, actor, action, subject, detail);
            return null;
        });
    }

    /**
     * Within the caller's transaction: appends an entry, so it commits with the change it describes.
     * The entry is written just before that transaction commits, with every other entry of the same
     * (perhaps grouped) transaction, as one batch.
     */
    public void append(Tx tx, String actor, String action, String subject, @Nullable String detail) {
        database.defer(
                tx,
                writer,
                new Draft(
                        clock.millis(),
                        clip(actor, 200),
                        clip(action, 100),
                        clip(subject, 200),
                        detail == null ? "" : detail));
    }

    /** An entry waiting for its transaction to commit: everything but its place in the chain. */
    private record Draft(long at, String actor, String action, String subject, String detail) {}

    /**
     * Appends the drafts unchained for a linking pass after the commit; or, where the one writer makes the
     * head cost no contention (SQLite), chains them straight into the log in this transaction.
     */
    private void write(Tx tx, List<Draft> drafts) {
        AuditDao dao = tx.dao(AuditDao.class);
        if (!linkLater) {
            // As a linking pass would (same order, same hashes), without the detour through audit_pending:
            // its insert, select and delete were two thirds of the audit's share of a delivery on SQLite.
            chain(
                    dao,
                    drafts.stream()
                            .map(d -> new AuditDao.Pending(0, d.at(), d.actor(), d.action(), d.subject(), d.detail()))
                            .toList());
            return;
        }
        ADD_PENDING.batch(tx, drafts, d -> new Object[] {d.at(), d.actor(), d.action(), d.subject(), d.detail()});
        database.afterCommit(this::linkSoon);
    }

    /** After a commit that appended: a pass on the linker thread, or here when no linker runs (the CLI). */
    private void linkSoon() {
        BackgroundWork.Periodic task = linker;
        if (task == null) {
            linkPending();
        } else {
            task.wake(); // once stopping, nothing: the next start links them
        }
    }

    /**
     * Links every entry pending now into the chain, a batch per transaction; returns how many. Looks
     * first without a lock, so an idle sweep neither writes nor waits for another node's pass.
     */
    public long linkPending() {
        if (database.read(tx -> tx.dao(AuditDao.class).oldestPending(1)).isEmpty()) {
            return 0;
        }
        long linked = 0;
        int pass;
        do {
            pass = database.write(this::link);
            linked += pass;
        } while (pass == LINK_BATCH);
        return linked;
    }

    /**
     * One linking pass: under the head's row lock (so passes on several nodes take turns, and each
     * sees what the one before it linked), chains the oldest pending entries in id order, moves them
     * into the log and the head past them.
     */
    private int link(Tx tx) {
        AuditDao dao = tx.dao(AuditDao.class);
        AuditDao.Head head = dao.lockHead();
        List<AuditDao.Pending> pending = dao.oldestPending(LINK_BATCH);
        if (pending.isEmpty()) {
            return 0;
        }
        chainAfter(dao, head, pending);
        dao.dropPending(pending.stream().map(AuditDao.Pending::id).toList());
        return pending.size();
    }

    /** Chains {@code entries} in this order onto the head, under its row lock. */
    private void chain(AuditDao dao, List<AuditDao.Pending> entries) {
        chainAfter(dao, dao.lockHead(), entries);
    }

    /** Inserts {@code pending} into the log, each hashed onto the one before it starting at {@code head}, and moves the head. */
    private void chainAfter(AuditDao dao, AuditDao.Head head, List<AuditDao.Pending> pending) {
        long seq = head.seq();
        String prev = head.hash();
        List<Entry> entries = new ArrayList<>(pending.size());
        for (AuditDao.Pending p : pending) {
            seq++;
            String hash = hash(prev, seq, p.at(), p.actor(), p.action(), p.subject(), p.detail());
            entries.add(new Entry(seq, p.at(), p.actor(), p.action(), p.subject(), p.detail(), prev, hash));
            prev = hash;
        }
        dao.insert(entries);
        dao.moveHead(seq, prev);
    }

    /** The newest entries first; what is committed but still pending is linked first, so the list misses nothing. */
    public List<Entry> recent(int limit, long beforeSeq) {
        if (linkLater) {
            try {
                linkPending();
            } catch (RuntimeException e) {
                // a database refusing writes still lists what is linked
                LOG.warn("linking audit entries failed, will retry: {}", e.toString());
            }
        }
        return database.read(tx -> tx.dao(AuditDao.class).newestBefore(beforeSeq, limit));
    }

    /**
     * Walks the chain from the first entry up to the head (read first, so entries linked meanwhile
     * wait for the next check) and checks every link and the head; counts the entries still pending.
     */
    public Verification verify() {
        return database.read(tx -> {
            AuditDao dao = tx.dao(AuditDao.class);
            AuditDao.Head head = dao.head();
            String expectedPrev = "0".repeat(64);
            long expectedSeq = 1;
            long count = 0;
            List<Entry> page;
            long after = 0;
            do {
                page = dao.oldestAfter(after, head.seq(), 5000);
                for (Entry e : page) {
                    if (e.seq() != expectedSeq) {
                        return broken(dao, count, "entry " + expectedSeq + " is missing (found " + e.seq() + ")");
                    }
                    if (!e.prevHash().equals(expectedPrev)) {
                        return broken(dao, count, "entry " + e.seq() + " does not follow the entry before it");
                    }
                    if (!chain.matches(
                            material(e.prevHash(), e.seq(), e.at(), e.actor(), e.action(), e.subject(), e.detail()),
                            e.hash())) {
                        return broken(dao, count, "entry " + e.seq() + " was changed after it was written");
                    }
                    expectedPrev = e.hash();
                    expectedSeq++;
                    count++;
                    after = e.seq();
                }
            } while (!page.isEmpty());
            if (count != head.seq() || !head.hash().equals(expectedPrev)) {
                return broken(
                        dao,
                        count,
                        "the newest entries were removed (the head does not match entry " + (expectedSeq - 1) + ")");
            }
            return new Verification(true, count, null, dao.pendingCount());
        });
    }

    private static Verification broken(AuditDao dao, long count, String problem) {
        return new Verification(false, count, problem, dao.pendingCount());
    }

    @Override
    public void close() {
        BackgroundWork.Periodic task = linker;
        if (task != null) {
            task.stop(Duration.ofSeconds(10));
        }
    }

    private String hash(String prev, long seq, long at, String actor, String action, String subject, String detail) {
        return chain.hex(material(prev, seq, at, actor, action, subject, detail));
    }

    private static String material(
            String prev, long seq, long at, String actor, String action, String subject, String detail) {
        StringBuilder out =
                new StringBuilder(prev).append('|').append(seq).append('|').append(at);
        for (String field : new String[] {actor, action, subject, detail}) {
            out.append('|').append(field.length()).append(':').append(field);
        }
        return out.toString();
    }

    private static String clip(@Nullable String value, int max) {
        String v = value == null ? "" : value;
        return v.length() <= max ? v : v.substring(0, max);
    }
}
